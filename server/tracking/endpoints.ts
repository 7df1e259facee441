// Every tracking endpoint in one table: its path, the methods it serves and what each does.
// Both edges dispatch through it — the lean node:http path of `npm start`
// (server/http/lean.ts) and the route handlers under app/t/ and app/scripts/
// (server/http/web.ts) — so a method, a preflight or a 405 is decided once, here.
import { handle, methodNotAllowed, preflight, toResponse } from '../http/track';
import { fromWeb } from '../http/web';
import { queryFields, type WireRequest, type WireResponse } from '../http/wire';
import { papClick, papImp, papSale } from '../pap';
import { PAP_TRACKING_SCRIPT } from './script/trackjs.min';
import { TRACKING_SCRIPT } from './script/t.min';
import { scriptHandler } from './script/serve';
import { proxyDiagnostic, trackClick, trackHandoff, trackImpression, trackRefund, trackSale } from '.';

type Run = (req: WireRequest) => Promise<WireResponse> | WireResponse;

interface Endpoint {
  /** The methods served, OPTIONS aside. HEAD is GET's, without the body. */
  methods: Partial<Record<'GET' | 'POST', Run>>;
  /** Answers a CORS preflight (browser callers that send JSON or credentials); else OPTIONS lists the methods. */
  cors?: boolean;
}

/** A handler run with the per-address limit, the contract's error shape, the request id and the metrics. */
const tracked =
  (fn: (req: WireRequest) => Promise<WireResponse>): Run =>
  (req) =>
    handle(req, () => fn(req));

const click = tracked(trackClick);

export const TRACK_ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  '/t/click': { methods: { GET: click, POST: click }, cors: true },
  '/t/sale': { methods: { POST: tracked(trackSale) }, cors: true },
  '/t/handoff': { methods: { POST: tracked(trackHandoff) }, cors: true },
  '/t/refund': { methods: { POST: tracked(trackRefund) } },
  '/t/imp': { methods: { GET: tracked((req) => trackImpression(req, queryFields(req))) } },
  '/t/proxy-check': { methods: { GET: tracked(async (req) => proxyDiagnostic(req)) } },
  '/t.js': { methods: { GET: scriptHandler(TRACKING_SCRIPT) } },
  '/scripts/click.php': { methods: { GET: tracked(papClick) } },
  '/scripts/sale.php': { methods: { GET: tracked(papSale) } },
  '/scripts/imp.php': { methods: { GET: tracked(papImp) } },
  '/scripts/trackjs.js': { methods: { GET: scriptHandler(PAP_TRACKING_SCRIPT) } },
};

/** The methods an endpoint allows, for Allow and preflights: `GET, POST, OPTIONS`. */
function allowed(e: Endpoint): string {
  return [...Object.keys(e.methods), 'OPTIONS'].join(', ');
}

/** The endpoint's answer to any method; undefined when `req.path` is not a tracking endpoint. */
export function dispatch(req: WireRequest): Promise<WireResponse> | WireResponse | undefined {
  const e = TRACK_ENDPOINTS[req.path];
  if (!e) return undefined;
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const run = e.methods[method as 'GET' | 'POST'];
  if (run) return run(req);
  if (method === 'OPTIONS')
    return e.cors ? preflight(req, allowed(e)) : { status: 204, headers: { Allow: allowed(e) }, body: null };
  return methodNotAllowed(req, allowed(e));
}

/** The route handler of a tracking endpoint (app/t/, app/scripts/), for every method its file exports. */
export function routeHandler(path: string): (req: Request) => Promise<Response> {
  return async (req) => {
    // The file's own path, not the URL's: a rewrite or a base path leaves the endpoint the same.
    const res = await dispatch({ ...fromWeb(req), path });
    if (!res) throw new Error(`${path} is not a tracking endpoint`);
    return toResponse(res);
  };
}
