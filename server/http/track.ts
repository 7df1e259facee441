// What every tracking endpoint shares, on either edge (server/http/wire.ts): CORS for
// browser callers, the contract's error shape, bounded body parsing, the client address
// and the rate limits. No React, no tRPC, no auth here: this is the hot path.
import { AppError, toAppError } from '../errors';
import { env } from '../env';
import { requestId, requestLog } from '@/lib/log';
import { observeRequest, trackRouteLabel } from '../metrics';
import { clientIpOf } from './client-ip';
import { consume } from './rate-limit';
import type { HeaderGetter, WireRequest, WireResponse } from './wire';

/** Bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Anything with headers: a WireRequest, or a Fetch Request (the webhooks and the REST API). */
type WithHeaders = { headers: HeaderGetter };

export function corsHeaders(req: WithHeaders): Record<string, string> {
  const origin = req.headers.get('origin');
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
}

export function preflight(req: WithHeaders, methods: string): WireResponse {
  return {
    status: 204,
    headers: {
      ...corsHeaders(req),
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Allow-Headers': req.headers.get('access-control-request-headers') ?? 'content-type, authorization',
      'Access-Control-Max-Age': '86400',
    },
    body: null,
  };
}

/** A JSON answer, never cached, with CORS for a browser caller. */
export function json(req: WithHeaders, body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): WireResponse {
  return {
    status: init.status ?? 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...corsHeaders(req),
      ...init.headers,
    },
    body: JSON.stringify(body),
  };
}

/** The contract's error answer; an unexpected error is logged with the request's id when given. */
export function errorAnswer(req: WithHeaders, err: unknown, reqId?: string): WireResponse {
  const e = toAppError(err, reqId ? requestLog(reqId) : undefined);
  return json(req, { error: { code: e.code, message: e.message } }, { status: e.status, headers: e.headers });
}

/** json() as a Fetch Response: the webhooks, the REST API and other route handlers. */
export function jsonResponse(req: Request, body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return toResponse(json(req, body, init));
}

/** errorAnswer() as a Fetch Response. */
export function errorResponse(req: Request, err: unknown, reqId?: string): Response {
  return toResponse(errorAnswer(req, err, reqId));
}

/** A WireResponse as a Fetch Response. */
export function toResponse(res: WireResponse): Response {
  return new Response(typeof res.body === 'string' || res.body === null ? res.body : new Uint8Array(res.body), {
    status: res.status,
    headers: res.headers,
  });
}

/**
 * Runs a handler with the per-address rate limit first and every error turned into the
 * contract's shape, and counts the answer in the metrics (its route, status and latency).
 * Each request has an id (its sane `X-Request-Id`, else a new one), echoed on the answer
 * and on any log line about it; a logger is made only when something is logged.
 */
export async function handle(req: WireRequest, fn: () => Promise<WireResponse>): Promise<WireResponse> {
  const started = performance.now();
  const reqId = requestId(req.headers);
  const res = await limitedAndShaped(req, fn, reqId);
  res.headers['x-request-id'] = reqId;
  observeRequest(trackRouteLabel(req.path), req.method, res.status, started);
  return res;
}

async function limitedAndShaped(req: WireRequest, fn: () => Promise<WireResponse>, reqId: string): Promise<WireResponse> {
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
    return errorAnswer(req, err, reqId);
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
export async function limitAccount(account: string, req?: WithHeaders): Promise<void> {
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
export async function limitBrowserSale(req: WithHeaders): Promise<void> {
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

export function clientIp(req: WithHeaders): string {
  return clientIpOf(req.headers);
}

/** A JSON object or a form body, bounded in size; anything else is `invalid_request`. */
export async function readBody(req: WireRequest): Promise<Record<string, unknown>> {
  const text = (await req.body(MAX_BODY_BYTES)).toString('utf8');
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

/** The answer to a body past `max` bytes: the rest is not read, so the connection cannot carry another request. */
export const bodyTooLarge = (max: number) => new AppError('payload_too_large', `The body is larger than ${max} bytes.`, { Connection: 'close' });

/**
 * The raw body, refused with `payload_too_large` (413) as soon as it passes `max` bytes:
 * by its Content-Length up front, and while streaming for a chunked body that declares
 * none, so an endless body is never held in memory.
 */
export async function readLimited(req: Request, max: number): Promise<Buffer> {
  const tooLarge = () => bodyTooLarge(max);
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

export function bearerToken(req: WithHeaders): string | undefined {
  const h = req.headers.get('authorization');
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  if (!m) throw new AppError('unauthorized', 'Authorization must be "Bearer <API key>".');
  return m[1]!.trim();
}

/** A method the endpoint does not serve, answered in the contract's error shape. */
export function methodNotAllowed(req: WithHeaders, allow: string): WireResponse {
  return json(
    req,
    { error: { code: 'method_not_allowed', message: `Use ${allow.replace(/, OPTIONS$/, '')} on this endpoint.` } },
    { status: 405, headers: { Allow: allow } },
  );
}
