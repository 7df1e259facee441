// Group commit: concurrent clicks share one statement (its own transaction), each is
// answered only after that statement committed, and a failed batch fails every click in it.
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { rowsOf } from '@/db/client';
import { clicks } from '@/db/schema';
import { ClickWriter } from '@/server/tracking/click-writer';
import { newVisitorId } from '@/server/ids';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let affiliateId: string;
beforeAll(async () => {
  t = await createTestDb({ seed: true });
  affiliateId = rowsOf<{ id: string }>(await t.db.execute(sql`select id from affiliates where ref_id = 'demo-aff'`))[0]!.id;
});
afterAll(async () => {
  await t?.close();
});

const click = (visitorId = newVisitorId()) => ({ merchantId: 'demo', visitorId, affiliateId, campaignId: 'cmp_demo' });
const count = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from clicks`))[0]!.n;

/** The test database, counting the statements that commit (a batch is one statement, atomic by itself). */
function countingDb() {
  const stats = { transactions: 0 };
  const db = new Proxy(t.db, {
    get(target, prop, receiver) {
      if (prop === 'transaction') throw new Error('the click writer needs no transaction');
      if (prop === 'execute')
        return async (query: Parameters<Db['execute']>[0]) => {
          const result = await target.execute(query);
          stats.transactions++;
          return result;
        };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { db: db as Db, stats };
}

describe('ClickWriter', () => {
  it('writes 200 concurrent clicks in a few transactions, each acknowledged with its committed id', async () => {
    const { db, stats } = countingDb();
    const writer = new ClickWriter(async () => db);
    const before = await count();
    const acknowledged: number[] = [];
    const ids = await Promise.all(
      Array.from({ length: 200 }, () =>
        writer.write(click(), true).then(async (id) => {
          acknowledged.push(id);
          return id;
        }),
      ),
    );
    expect(new Set(ids).size).toBe(200);
    expect(await count()).toBe(before + 200);
    expect(stats.transactions).toBeGreaterThan(0);
    expect(stats.transactions).toBeLessThanOrEqual(5);
    // Every acknowledged id is a row.
    const stored = await t.db.select({ id: clicks.id }).from(clicks).where(inArray(clicks.id, ids));
    expect(stored).toHaveLength(200);
  });

  it('a slow commit does not hold back the next batch: it commits alongside', async () => {
    const slow = new Proxy(t.db, {
      get(target, prop, receiver) {
        if (prop === 'execute')
          return async (query: Parameters<Db['execute']>[0]) => {
            await new Promise((r) => setTimeout(r, 400));
            return target.execute(query);
          };
        return Reflect.get(target, prop, receiver);
      },
    }) as Db;
    const writer = new ClickWriter(async () => slow);
    const started = Date.now();
    const first = writer.write(click(), true);
    await new Promise((r) => setTimeout(r, 100));
    const second = writer.write(click(), true);
    await Promise.all([first, second]);
    // One after the other would take 800 ms or more.
    expect(Date.now() - started).toBeLessThan(750);
  });

  it('without group commit (CLICK_GROUP_COMMIT=0) each click is its own statement', async () => {
    const { db, stats } = countingDb();
    const writer = new ClickWriter(async () => db, { groupCommit: false });
    const before = await count();
    const ids = await Promise.all(Array.from({ length: 20 }, () => writer.write(click(), true)));
    expect(new Set(ids).size).toBe(20);
    expect(stats.transactions).toBe(20);
    expect(await count()).toBe(before + 20);
  });

  it('a bad row fails alone: the clicks batched with it are still committed', async () => {
    const writer = new ClickWriter(async () => t.db);
    const before = await count();
    const results = await Promise.allSettled([
      writer.write(click(), true),
      // A visitor id longer than its column fails the batch's statement…
      writer.write({ ...click(), visitorId: 'x'.repeat(40) }, true),
      writer.write(click(), true),
    ]);
    // …and the retry row by row commits its neighbours.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await count()).toBe(before + 2);
  });

  it('with the database down every click fails and none is acknowledged', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const writer = new ClickWriter(async () => {
      throw down;
    });
    const results = await Promise.allSettled([writer.write(click(), true), writer.write(click(), true)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('a batch lost with the connection fails at once, not row by row; the writer then serves again by itself', async () => {
    let attempts = 0;
    let up = false;
    const writer = new ClickWriter(async () => {
      attempts++;
      if (!up) throw Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
      return t.db;
    });
    const lost = await Promise.allSettled(Array.from({ length: 5 }, () => writer.write(click(), true)));
    expect(lost.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    // One attempt for the batch: retrying each row alone against a dead server only delays every answer.
    expect(attempts).toBe(1);

    up = true;
    const before = await count();
    const ids = await Promise.all(Array.from({ length: 3 }, () => writer.write(click(), true)));
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(await count()).toBe(before + 3);
  });
});
