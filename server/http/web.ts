// The Fetch API edge of the tracker: a Request as the tracking core reads it. The route
// handlers under app/t/ and app/scripts/ (what `next dev` and serverless hosts run) go
// through it (routeHandler, server/tracking/endpoints.ts), as does the REST API where it
// shares the core's body parsing; `npm start` serves the tracking endpoints
// through server/http/lean.ts instead.
import { readLimited } from './track';
import type { WireRequest } from './wire';

/** A Fetch Request as the tracking core reads it. */
export function fromWeb(req: Request): WireRequest {
  const url = req.url;
  // An absolute URL: the path starts at the first `/` after `scheme://host`.
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const q = url.indexOf('?', start);
  const hash = url.indexOf('#', start);
  const end = hash < 0 ? url.length : hash;
  return {
    method: req.method,
    path: start < 0 ? '/' : url.slice(start, q < 0 ? end : q),
    query: q < 0 ? '' : url.slice(q + 1, end),
    headers: req.headers,
    tls: url.startsWith('https:'),
    body: (max) => readLimited(req, max),
  };
}
