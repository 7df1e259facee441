// Serves a minified script (t.js, the PAP drop-in's trackjs.js) with the headers and
// conditional GET every page view of every shop relies on.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { WireRequest, WireResponse } from '../../http/wire';

const HEADERS = {
  'Content-Type': 'application/javascript; charset=utf-8',
  // Every page view of every shop asks for this: browsers and CDNs keep it five minutes and
  // may serve it stale for a day while they revalidate, so a new version spreads within minutes.
  'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
  'X-Content-Type-Options': 'nosniff',
  // Lets shops load it with `crossorigin` (for SRI or error details) and under COEP.
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/**
 * A GET endpoint serving `code`, answering 304 to a matching If-None-Match. The answer
 * carries the script gzipped too (compressed once, here) for the lean edge, which sends it
 * to clients that take gzip; under Next, Next's own compression does that.
 */
export function scriptHandler(code: string): (req: WireRequest) => WireResponse {
  // Weak: the same script is served gzipped or not.
  const etag = `W/"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`;
  const plain = Buffer.from(code);
  const gzip = gzipSync(plain, { level: 9 });
  return (req) => {
    const headers: Record<string, string> = { ...HEADERS, ETag: etag };
    const ifNoneMatch = req.headers.get('if-none-match');
    if (ifNoneMatch && matches(ifNoneMatch, etag)) return { status: 304, headers, body: null };
    return { status: 200, headers, body: plain, gzip };
  };
}

/** If-None-Match uses the weak comparison: `*`, or any listed tag equal to ours, W/ or not. */
function matches(header: string, etag: string): boolean {
  const opaque = etag.slice(2);
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === opaque || t === `W/${opaque}`;
  });
}
