// `Idempotency-Key` on the REST API's POSTs (PLATFORM-API.md §2): per API key, for 24 hours.
// The key is claimed by a unique constraint before the work runs (never read-then-write):
// the same key with the same request answers the first response again; with another
// request `409 idempotency_conflict`; while the first is still running `409 conflict`.
// A request that fails changed nothing (the contract's rule), so its claim is dropped and
// a retry runs again.
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiIdempotencyKeys } from '@/db/schema';
import { AppError } from '../errors';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface Answer {
  status: number;
  body: unknown;
}

export const requestHash = (method: string, path: string, body: unknown) =>
  createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');

export function checkIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new AppError('invalid_request', 'Idempotency-Key: 1–255 visible ASCII characters.');
  return key;
}

export async function idempotent(
  db: Db,
  apiKey: { id: string; merchantId: string },
  key: string,
  hash: string,
  run: () => Promise<Answer>,
): Promise<Answer & { replayed: boolean }> {
  const where = and(eq(apiIdempotencyKeys.apiKeyId, apiKey.id), eq(apiIdempotencyKeys.key, key));
  // An expired claim is forgotten first.
  await db.delete(apiIdempotencyKeys).where(and(where, lt(apiIdempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS))));
  const claimed = await db
    .insert(apiIdempotencyKeys)
    .values({ apiKeyId: apiKey.id, key, merchantId: apiKey.merchantId, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: apiIdempotencyKeys.key });
  if (claimed.length === 0) {
    const [row] = await db.select().from(apiIdempotencyKeys).where(where);
    if (!row) throw new AppError('conflict', 'Idempotency-Key: a request with this key was just being answered; retry.');
    if (row.requestHash !== hash)
      throw new AppError('idempotency_conflict', 'Idempotency-Key: this key was used with another request; use a new key for a new request.');
    if (row.status === null) throw new AppError('conflict', 'Idempotency-Key: the first request with this key is still being answered; retry shortly.');
    return { status: row.status, body: JSON.parse(row.body ?? 'null'), replayed: true };
  }
  let answer: Answer;
  try {
    answer = await run();
  } catch (err) {
    await db.delete(apiIdempotencyKeys).where(where);
    throw err;
  }
  await db
    .update(apiIdempotencyKeys)
    .set({ status: answer.status, body: JSON.stringify(answer.body ?? null) })
    .where(and(where, sql`${apiIdempotencyKeys.status} is null`));
  return { ...answer, replayed: false };
}

/** Drops claims older than 24 hours (the boot-time sweep; a claim past its time is also ignored when met). */
export async function pruneIdempotencyKeys(db: Db, now = Date.now()): Promise<void> {
  await db.delete(apiIdempotencyKeys).where(lt(apiIdempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS)));
}
