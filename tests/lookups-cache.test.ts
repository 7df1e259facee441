// The tracker's lookup cache: one query per key however many requests want it at
// once, failures not kept, and a bounded size that evicts the oldest entries.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { findAffiliateByRef, findMerchant, invalidateLookups } from '@/server/tracking/lookups';

/** A stand-in for the database that counts the lookups it answers. */
function countingDb(fail = false, delayMs = 5, row: () => object = () => ({ id: 'row' })) {
  const stats = { queries: 0 };
  const db = {
    select: () => ({
      from: () => ({
        where: async () => {
          stats.queries++;
          if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
          if (fail) throw new Error('connection refused');
          return [row()];
        },
      }),
    }),
  } as unknown as Db;
  return { db, stats };
}

const cacheSize = () => (globalThis as { __affLookups?: Map<string, unknown> }).__affLookups!.size;

beforeEach(() => invalidateLookups());

describe('tracking lookups cache', () => {
  it('answers 50 concurrent requests for one key with one query', async () => {
    const { db, stats } = countingDb();
    const rows = await Promise.all(Array.from({ length: 50 }, () => findMerchant(db, 'demo')));
    expect(stats.queries).toBe(1);
    expect(rows.every((r) => r?.id === 'row')).toBe(true);
    await findMerchant(db, 'demo');
    expect(stats.queries).toBe(1);
  });

  it('does not keep a failed lookup', async () => {
    const down = countingDb(true);
    await expect(findMerchant(down.db, 'demo')).rejects.toThrow('connection refused');
    const up = countingDb();
    expect((await findMerchant(up.db, 'demo'))?.id).toBe('row');
    expect(up.stats.queries).toBe(1);
  });

  it('holds at most 10,000 entries, evicting the oldest first', async () => {
    const { db, stats } = countingDb(false, 0);
    for (let i = 0; i < 10_050; i++) await findAffiliateByRef(db, 'demo', `ref-${i}`);
    expect(cacheSize()).toBe(10_000);
    const before = stats.queries;
    await findAffiliateByRef(db, 'demo', 'ref-10049'); // newest: still cached
    expect(stats.queries).toBe(before);
    await findAffiliateByRef(db, 'demo', 'ref-0'); // oldest: evicted
    expect(stats.queries).toBe(before + 1);
  });
});

describe('tracking lookups past their TTL', () => {
  afterEach(() => vi.useRealTimers());

  it('serve the cached row while one background query reloads it, then the reloaded row', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let version = 1;
    const { db, stats } = countingDb(false, 5, () => ({ id: 'row', version }));
    expect(await findMerchant(db, 'demo')).toMatchObject({ version: 1 });
    version = 2;
    vi.setSystemTime(Date.now() + 6_500); // past the TTL (5 s ± 20 %), within the stale allowance
    // 50 requests at once: none waits for the reload, and one query serves it.
    const during = await Promise.all(Array.from({ length: 50 }, () => findMerchant(db, 'demo')));
    expect(during.every((r) => (r as unknown as { version: number }).version === 1)).toBe(true);
    expect(stats.queries).toBe(2);
    await new Promise((r) => setTimeout(r, 20)); // the reload lands
    expect(await findMerchant(db, 'demo')).toMatchObject({ version: 2 });
    expect(stats.queries).toBe(2);
  });

  it('wait for fresh data after a quiet spell longer than the stale allowance', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let version = 1;
    const { db, stats } = countingDb(false, 5, () => ({ id: 'row', version }));
    await findMerchant(db, 'demo');
    version = 2;
    vi.setSystemTime(Date.now() + 11_000);
    expect(await findMerchant(db, 'demo')).toMatchObject({ version: 2 });
    expect(stats.queries).toBe(2);
  });
});

describe('tracking lookups inside a transaction', () => {
  it('neither shares nor feeds the cache, so a closed transaction is never handed on', async () => {
    const { createTestDb } = await import('./helpers/db');
    const t = await createTestDb({ seed: true });
    try {
      const { db } = t;
      // A lookup made in a transaction that then ends…
      const inTx = await db.transaction((tx) => findMerchant(tx as unknown as Db, 'demo'));
      expect(inTx?.id).toBe('demo');
      // …is not what later callers get: they query (and cache) on the base handle, and it works.
      expect(cacheSize()).toBe(0);
      const after = await findMerchant(db, 'demo');
      expect(after?.id).toBe('demo');
      expect(cacheSize()).toBe(1);
      // A transaction that runs while the base handle's lookup is cached still reads through itself.
      const again = await db.transaction((tx) => findAffiliateByRef(tx as unknown as Db, 'demo', 'demo-aff'));
      expect(again?.refId).toBe('demo-aff');
    } finally {
      await t.close();
    }
  });
});
