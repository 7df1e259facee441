// The tracker's lookup cache: one query per key however many requests want it at
// once, failures not kept, and a bounded size that evicts the oldest entries.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { findAffiliateByRef, findMerchant, invalidateLookups } from '@/server/tracking/lookups';

/** A stand-in for the database that counts the lookups it answers. */
function countingDb(fail = false, delayMs = 5) {
  const stats = { queries: 0 };
  const db = {
    select: () => ({
      from: () => ({
        where: async () => {
          stats.queries++;
          if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
          if (fail) throw new Error('connection refused');
          return [{ id: 'row' }];
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
