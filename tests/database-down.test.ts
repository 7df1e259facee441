// What the app makes of a PostgreSQL server it cannot reach (issue #8, faults): the
// driver's error, wrapped by Drizzle or not, is `503 unavailable` with Retry-After, never
// a 500; it comes within the connect timeout; and a start while the server is down is an
// error (retried on the next request), not a database taken for "not migrated".
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '@/db/client';
import { isMigrated } from '@/db';
import { clicks } from '@/db/schema';
import { isConnectionError, toAppError } from '@/server/errors';
import { parseOrThrow, saleInput } from '@/server/tracking/inputs';
// @ts-expect-error — plain .mjs helper
import { freePort } from '../scripts/test-server.mjs';

/** A PostgreSQL URL where nothing listens. */
const deadServer = async () => `postgres://postgres@127.0.0.1:${await freePort()}/nothing`;

describe('the database server is down', () => {
  it('a query through Drizzle fails fast with an error the app answers 503 with Retry-After', async () => {
    const handle = createDb(await deadServer(), { max: 2 });
    try {
      const t0 = Date.now();
      const err = await handle.db.select().from(clicks).limit(1).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - t0).toBeLessThan(5_000);
      // Drizzle wraps the driver's error; the code is on its cause.
      expect(isConnectionError(err)).toBe(true);
      const answer = toAppError(err);
      expect(answer.status).toBe(503);
      expect(answer.code).toBe('unavailable');
      expect(answer.headers['Retry-After']).toMatch(/^\d+$/);
      expect(answer.message).not.toMatch(/select|127\.0\.0\.1|ECONNREFUSED/i);
      // A transaction too.
      const txErr = await handle.db.transaction(async (tx) => tx.execute(sql`select 1`)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(toAppError(txErr).status).toBe(503);
    } finally {
      await handle.close();
    }
  });

  it('isMigrated throws when the server cannot be reached (so a failed start is not cached as "not migrated")', async () => {
    const handle = createDb(await deadServer(), { max: 1 });
    try {
      await expect(isMigrated(handle.db)).rejects.toSatisfy(isConnectionError);
    } finally {
      await handle.close();
    }
  });

  it('errors that are not about the connection stay 500', () => {
    expect(isConnectionError(new Error('boom'))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isConnectionError(new Error('failed query', { cause: Object.assign(new Error('x'), { code: '08006' }) }))).toBe(true);
  });
});

describe('hostile nesting', () => {
  it('a body nested 100,000 levels deep is 400 invalid_request, not a stack overflow (500)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const body of [{ orderId: 'o', total: deep }, { a: deep }, JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000))]) {
      let thrown: unknown;
      try {
        parseOrThrow(saleInput, body);
      } catch (e) {
        thrown = e;
      }
      if (thrown !== undefined) expect(toAppError(thrown).status).toBe(400);
    }
    let nul: unknown = 'a\u0000b';
    for (let i = 0; i < 100_000; i++) nul = { k: nul };
    expect(() => parseOrThrow(saleInput, { data1: nul })).toThrow(/NUL/);
  });
});
