// Serves a minified script (t.js, the PAP drop-in's trackjs.js) with the headers and
// conditional GET every page view of every shop relies on.
import { createHash } from 'node:crypto';

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

/** A GET handler serving `code`, answering 304 to a matching If-None-Match. */
export function scriptHandler(code: string): (req: Request) => Response {
  // Weak, because Next's compression serves the same script gzipped or not.
  const etag = `W/"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`;
  const headers = { ...HEADERS, ETag: etag };
  return (req) => {
    const ifNoneMatch = req.headers.get('if-none-match');
    if (ifNoneMatch && matches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
    return new Response(code, { headers });
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
