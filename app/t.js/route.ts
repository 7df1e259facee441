// GET /t.js — the tracking script merchants embed on their pages (TRACKING-API.md §1).
import { createHash } from 'node:crypto';
import { TRACKING_SCRIPT } from '@/server/tracking/script/t.min';

export const dynamic = 'force-dynamic';

// Weak, because Next's compression serves the same script gzipped or not.
const ETAG = `W/"${createHash('sha256').update(TRACKING_SCRIPT).digest('base64url').slice(0, 22)}"`;

const HEADERS = {
  'Content-Type': 'application/javascript; charset=utf-8',
  // Every page view of every shop asks for this: browsers and CDNs keep it five minutes and
  // may serve it stale for a day while they revalidate, so a new version spreads within minutes.
  'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
  ETag: ETAG,
  'X-Content-Type-Options': 'nosniff',
  // Lets shops load it with `crossorigin` (for SRI or error details) and under COEP.
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export function GET(req: Request): Response {
  const ifNoneMatch = req.headers.get('if-none-match');
  if (ifNoneMatch && matches(ifNoneMatch)) return new Response(null, { status: 304, headers: HEADERS });
  return new Response(TRACKING_SCRIPT, { headers: HEADERS });
}

/** If-None-Match uses the weak comparison: `*`, or any listed tag equal to ours, W/ or not. */
function matches(header: string): boolean {
  const opaque = ETAG.slice(2);
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === opaque || t === `W/${opaque}`;
  });
}
