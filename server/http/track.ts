// What every /t/* route handler shares: CORS for browser callers, the contract's
// error shape, bounded body parsing, the client address and the rate limit.
// No React, no tRPC, no auth here: this is the hot path.
import { AppError, toAppError } from '../errors';
import { env } from '../env';
import { clientIpOf } from './client-ip';
import { rateLimit } from './rate-limit';

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
      ...corsHeaders(req),
      ...init.headers,
    },
  });
}

export function errorResponse(req: Request, err: unknown): Response {
  const e = toAppError(err);
  return jsonResponse(req, { error: { code: e.code, message: e.message } }, { status: e.status, headers: e.headers });
}

/** Runs a handler with the rate limit first and every error turned into the contract's shape. */
export async function handle(req: Request, fn: () => Promise<Response>): Promise<Response> {
  try {
    const limit = env().TRACK_RATE_LIMIT;
    if (limit > 0) {
      const r = rateLimit(`ip:${clientIp(req)}`, limit);
      if (!r.ok)
        throw new AppError('rate_limited', 'Too many requests from your address; slow down.', {
          'Retry-After': String(r.retryAfterS),
        });
    }
    return await fn();
  } catch (err) {
    return errorResponse(req, err);
  }
}

export function clientIp(req: Request): string {
  return clientIpOf(req.headers);
}

/** A JSON object or a form body, bounded in size; anything else is `invalid_request`. */
export async function readBody(req: Request): Promise<Record<string, unknown>> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new AppError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
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
