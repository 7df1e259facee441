// The OpenAPI 3.1 document of /api/v1, made from the operations table and its zod schemas
// (zod-openapi): the schemas that validate each request and describe each answer are the
// document's, so a handler and its documentation cannot drift (tests/api-openapi.test.ts
// also checks real answers against it).
import { createDocument } from 'zod-openapi';
import { z } from 'zod';
import { errorSchema } from './schemas';
import { operations, type Operation } from './operations';
import { API_PREFIX } from './handle';

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

const rateHeaders = {
  'X-RateLimit-Limit': { description: 'Requests allowed per minute with this key (API_RATE_LIMIT)', schema: { type: 'integer' as const } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current minute', schema: { type: 'integer' as const } },
  'X-RateLimit-Reset': { description: 'When the current window ends (Unix seconds)', schema: { type: 'integer' as const } },
};

const errorResponses: Record<number, string> = {
  400: 'invalid_request: the message names the field',
  401: 'unauthorized: no or a bad API key',
  403: 'forbidden: a read-only key cannot make changes',
  404: 'not_found: no such resource in this account',
  409: 'conflict, or idempotency_conflict: the Idempotency-Key was used with another request',
  429: 'rate_limited: past API_RATE_LIMIT requests a minute; see Retry-After',
};

function operationObject(op: Operation) {
  const statuses = [400, 401, 429, ...(op.errors ?? []), ...(op.method === 'POST' ? [409] : [])];
  const responses: Record<string, unknown> = {
    [String(op.status)]: {
      description: op.status === 204 ? 'Done' : op.status === 201 ? 'Created' : 'OK',
      headers: rateHeaders,
      ...(op.response ? { content: json(op.response) } : {}),
    },
  };
  for (const status of [...new Set(statuses)].sort()) responses[String(status)] = { description: errorResponses[status], content: json(errorSchema) };
  return {
    operationId: op.id,
    summary: op.summary,
    tags: [op.tag],
    security: [{ apiKey: [] }],
    requestParams: {
      ...(op.params ? { path: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(op.method === 'POST'
        ? {
            header: z.object({
              'idempotency-key': z.string().max(255).optional().meta({ description: 'Same key and body within 24 h: the first answer again; another body: 409 idempotency_conflict' }),
            }),
          }
        : {}),
    },
    ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
    responses,
  };
}

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument() {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[API_PREFIX + op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Affiliate Tracker API',
      version: '1.0.0',
      description:
        'The merchant’s REST API: affiliates, campaigns, clicks, conversions, commissions, refunds, payouts, coupons, reports and outgoing webhook endpoints. ' +
        'Authenticate with an API key of Tools › Integration (`Authorization: Bearer sk_…`); a `read` key can only read. ' +
        'Lists take `limit` (1–100, default 25) and `cursor` and answer `{data, nextCursor}`, newest first. Money is in integer minor units with an ISO 4217 code.',
    },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of Tools › Integration' } } },
    paths: paths as never,
  });
  return cached;
}
