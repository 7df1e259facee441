// The one wrapper of every /api/v1 request (PLATFORM-API.md §2): finds the operation,
// resolves the API key to its merchant and scope (the tenant comes from the key only),
// applies the per-key rate limit (X-RateLimit-* on every answer, 429 past it), refuses a
// `read` key writing, validates path, query and body with the operation's schemas (a zod
// error names the field), honours `Idempotency-Key` on POSTs, and answers in the
// contract's JSON and error shapes. The operation's own body is a call into server/.
import { ZodError, type z } from 'zod';
import { getDb } from '@/db';
import { requestId, withRequestId } from '@/lib/log';
import { env } from '../env';
import { AppError, fromZodError } from '../errors';
import { consume } from '../http/rate-limit';
import { bearerToken, clientIp, errorResponse, jsonResponse, readBody } from '../http/track';
import { fromWeb } from '../http/web';
import { rejectNulCharacters } from '../tracking/inputs';
import { apiKeyOf, noteApiKeyUse } from '../tracking/lookups';
import { checkIdempotencyKey, idempotent, requestHash, type Answer } from './idempotency';
import { operations, type Operation } from './operations';

export const API_PREFIX = '/api/v1';

interface Route {
  op: Operation;
  pattern: RegExp;
  names: string[];
}

const routes: Route[] = operations.map((op) => {
  const names: string[] = [];
  const pattern = new RegExp(
    '^' +
      op.path.replace(/\{(\w+)\}/g, (_, n: string) => {
        names.push(n);
        return '([^/]+)';
      }) +
      '$',
  );
  return { op, pattern, names };
});

/** The operation for a method and path below /api/v1, with its path parameters; a known path with another method is 405. */
function match(method: string, path: string): { op: Operation; params: Record<string, string> } {
  let allowed: string[] = [];
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.op.method !== method) {
      allowed.push(route.op.method);
      continue;
    }
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    } catch {
      throw new AppError('invalid_request', 'path: not a valid URL path.');
    }
    return { op: route.op, params };
  }
  allowed = [...new Set(allowed)];
  if (allowed.length) throw new AppError('method_not_allowed', `Use ${allowed.join(', ')} on this path.`, { Allow: allowed.join(', ') });
  throw new AppError('not_found', `No API operation at ${API_PREFIX}${path}.`);
}

function parse<T extends z.ZodType>(schema: T | undefined, raw: unknown, where: string): z.output<T> {
  if (!schema) return {} as z.output<T>;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const e = fromZodError(r.error);
  // A path parameter that is malformed names nothing that exists.
  if (where === 'path') throw new AppError('not_found', 'No such resource.');
  throw e;
}

/** Every /api/v1 answer carries the request's id (`X-Request-Id`), as do its log lines. */
export async function handleApi(req: Request, segments: string[]): Promise<Response> {
  const reqId = requestId(req.headers);
  return withRequestId(await answerApi(req, segments, reqId), reqId);
}

async function answerApi(req: Request, segments: string[], reqId: string): Promise<Response> {
  let limitHeaders: Record<string, string> = {};
  try {
    const path = '/' + segments.map(encodeURIComponent).join('/');
    const { op, params } = match(req.method, '/' + segments.join('/'));
    const token = bearerToken(req);
    if (!token) throw new AppError('unauthorized', 'Send your API key as "Authorization: Bearer <API key>" (Tools › Integration).');
    const db = await getDb();
    const key = await apiKeyOf(db, token);
    if (!key) throw new AppError('unauthorized', 'The API key is not valid (unknown or revoked).');

    const limit = env().API_RATE_LIMIT;
    if (limit > 0) {
      const rl = await consume(`api:${key.id}`, limit);
      limitHeaders = {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(rl.remaining),
        'X-RateLimit-Reset': String(Math.ceil(rl.resetAt / 1000)),
      };
      if (!rl.ok)
        throw new AppError('rate_limited', `More than ${limit} requests a minute with this API key; retry after ${rl.retryAfterS} s.`, {
          'Retry-After': String(rl.retryAfterS),
        });
    }
    if (op.scope === 'write' && key.scope !== 'write') throw new AppError('forbidden', 'This API key is read-only: create a write key in Tools › Integration to make changes.');
    noteApiKeyUse(db, token);

    const url = new URL(req.url);
    const rawQuery = Object.fromEntries(url.searchParams);
    const rawBody = op.method === 'POST' || op.method === 'PATCH' ? await readBody(fromWeb(req)) : {};
    rejectNulCharacters(rawQuery);
    rejectNulCharacters(rawBody);
    rejectNulCharacters(params);
    const input = {
      params: parse(op.params, params, 'path'),
      query: parse(op.query, rawQuery, 'query'),
      body: parse(op.body, rawBody, 'body'),
    };
    const ctx = { db, merchantId: key.merchantId, actor: { userId: null, ip: clientIp(req), apiKeyId: key.id } };
    const run = async (): Promise<Answer> => ({ status: op.status, body: await op.run(ctx, input) });

    const idemKey = req.headers.get('idempotency-key');
    let answer: Answer & { replayed?: boolean };
    if (op.method === 'POST' && idemKey !== null)
      answer = await idempotent(db, key, checkIdempotencyKey(idemKey), requestHash(op.method, path, rawBody), run);
    else answer = await run();

    const headers = { ...limitHeaders, ...(answer.replayed ? { 'Idempotent-Replayed': 'true' } : {}) };
    if (answer.status === 204) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store', ...headers } });
    return jsonResponse(req, answer.body, { status: answer.status, headers });
  } catch (err) {
    const e = err instanceof ZodError ? fromZodError(err) : err;
    const res = errorResponse(req, e, reqId);
    for (const [k, v] of Object.entries(limitHeaders)) res.headers.set(k, v);
    return res;
  }
}
