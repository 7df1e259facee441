// What every /t/* route handler shares: CORS for browser callers, the contract's
// error shape, bounded body parsing, the client address and the rate limit.
// No React, no tRPC, no auth here: this is the hot path.
import { AppError, toAppError } from '../errors';
import { env } from '../env';
import { observeRequest, routeLabel } from '../metrics';
import { clientIpOf } from './client-ip';
import { consume } from './rate-limit';

/** Bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

export function corsHeaders(req: Request): Record<string, string> {
  const origin = req.headers.get('origin');
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
}

export function preflight(req: Request, methods: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(req),
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Allow-Headers': req.headers.get('access-control-request-headers') ?? 'content-type, authorization',
      'Access-Control-Max-Age': '86400',
    },
  });
}

export function jsonResponse(req: Request, body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...corsHeaders(req),
      ...init.headers,
    },
  });
}

export function errorResponse(req: Request, err: unknown): Response {
  const e = toAppError(err);
  return jsonResponse(req, { error: { code: e.code, message: e.message } }, { status: e.status, headers: e.headers });
}

/**
 * Runs a handler with the per-address rate limit first and every error turned into the
 * contract's shape, and counts the answer in the metrics (its route, status and latency).
 */
export async function handle(req: Request, fn: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const res = await limitedAndShaped(req, fn);
  observeRequest(routeLabel(req.url), req.method, res.status, started);
  return res;
}

async function limitedAndShaped(req: Request, fn: () => Promise<Response>): Promise<Response> {
  try {
    const limit = env().TRACK_RATE_LIMIT;
    if (limit > 0) {
      const ip = clientIp(req);
      if (!exempt(ip)) {
        const r = await consume(`ip:${ip}`, limit);
        if (!r.ok) throw rateLimited('from your address', r.retryAfterS);
      }
    }
    return await fn();
  } catch (err) {
    return errorResponse(req, err);
  }
}

/**
 * Loopback clients (127.0.0.0/8, ::1) are not limited unless TRACK_RATE_LIMIT_LOOPBACK=1:
 * they are the app's own tests and benchmark, and a proxy on the same host that
 * TRUST_PROXY does not name — all of whose clients would otherwise share one budget.
 */
function exempt(ip: string): boolean {
  return env().TRACK_RATE_LIMIT_LOOPBACK !== '1' && isLoopback(ip);
}

export function isLoopback(ip: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip === '::1' || /^::ffff:127\./i.test(ip);
}

/**
 * The per-account limit (TRACK_ACCOUNT_RATE_LIMIT), once a handler knows the account —
 * from the body or query, or the API key's merchant — and before it records anything:
 * one flood of an account cannot starve the others. Throws `rate_limited` (429).
 */
export async function limitAccount(account: string, req?: Request): Promise<void> {
  const limit = env().TRACK_ACCOUNT_RATE_LIMIT;
  if (limit <= 0 || (req && exempt(clientIp(req)))) return;
  const r = await consume(`account:${account}`, limit);
  if (!r.ok) throw rateLimited('for this account', r.retryAfterS);
}

/**
 * The tighter per-address limit of browser conversions (/t/sale without an API key,
 * TRACK_BROWSER_SALE_RATE_LIMIT): a shopper places a few orders a minute at most, a
 * script inventing sales many. Counted apart from (and on top of) TRACK_RATE_LIMIT.
 */
export async function limitBrowserSale(req: Request): Promise<void> {
  const limit = env().TRACK_BROWSER_SALE_RATE_LIMIT;
  if (limit <= 0) return;
  const ip = clientIp(req);
  if (exempt(ip)) return;
  const r = await consume(`sale-ip:${ip}`, limit);
  if (!r.ok) throw rateLimited('of browser conversions from your address', r.retryAfterS);
}

/** 429 with Retry-After: the served script keeps such an event and sends it again later. */
const rateLimited = (what: string, retryAfterS: number) =>
  new AppError('rate_limited', `Too many requests ${what}; slow down and retry after ${retryAfterS} s.`, {
    'Retry-After': String(retryAfterS),
  });

export function clientIp(req: Request): string {
  return clientIpOf(req.headers);
}

/** A JSON object or a form body, bounded in size; anything else is `invalid_request`. */
export async function readBody(req: Request): Promise<Record<string, unknown>> {
  const text = (await readLimited(req, MAX_BODY_BYTES)).toString('utf8');
  const type = req.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', 'body: not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new AppError('invalid_request', 'body: must be a JSON object.');
  return parsed as Record<string, unknown>;
}

/**
 * The raw body, refused with `payload_too_large` (413) as soon as it passes `max` bytes:
 * by its Content-Length up front, and while streaming for a chunked body that declares
 * none, so an endless body is never held in memory.
 */
export async function readLimited(req: Request, max: number): Promise<Buffer> {
  // The rest of the body is not read, so the connection cannot carry another request.
  const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${max} bytes.`, { Connection: 'close' });
  if (Number(req.headers.get('content-length') ?? 0) > max) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export function bearerToken(req: Request): string | undefined {
  const h = req.headers.get('authorization');
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  if (!m) throw new AppError('unauthorized', 'Authorization must be "Bearer <API key>".');
  return m[1]!.trim();
}

/** A method the route does not serve, answered in the contract's error shape. */
export function methodNotAllowed(allow: string) {
  return (req: Request) =>
    jsonResponse(
      req,
      { error: { code: 'method_not_allowed', message: `Use ${allow.replace(/, OPTIONS$/, '')} on this endpoint.` } },
      { status: 405, headers: { Allow: allow } },
    );
}
