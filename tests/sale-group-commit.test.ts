// Group commit for sales: concurrent sales share their cookie lookup and their write
// (one statement each per batch), and each is answered with its own committed
// conversion and commissions; duplicates, bad rows and transactions behave as for a
// sale written alone.
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import * as s from '@/db/schema';
import { attribute } from '@/server/attribution';
import { newVisitorId } from '@/server/ids';
import { writeConversion, type ConversionWrite } from '@/server/tracking/conversion-writer';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let affs: s.Affiliate[];
let n = 0;
const order = () => `gc-order-${++n}`;

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  affs = await t.db
    .insert(s.affiliates)
    .values(Array.from({ length: 5 }, (_, i) => ({ merchantId: 'demo', refId: `gc-${i}`, name: `GC ${i}`, email: `gc${i}@example.com`, status: 'approved' as const })))
    .returning();
});
beforeEach(() => invalidateLookups());
afterAll(async () => {
  await t?.close();
});

async function clicked(affiliate: s.Affiliate): Promise<string> {
  const visitorId = newVisitorId();
  await t.db.insert(s.visitors).values({ id: visitorId, merchantId: 'demo' });
  await t.db.insert(s.clicks).values({ merchantId: 'demo', visitorId, affiliateId: affiliate.id, campaignId: 'cmp_demo', createdAt: new Date(Date.now() - 60_000) });
  return visitorId;
}

/** The test database, counting raw statements (the batched lookups and writes are raw statements). */
function countingDb() {
  const stats = { statements: 0 };
  const db = new Proxy(t.db, {
    get(target, prop, receiver) {
      if (prop === 'execute')
        return async (query: Parameters<Db['execute']>[0]) => {
          stats.statements++;
          return target.execute(query);
        };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { db: db as Db, stats };
}

describe('sales under group commit', () => {
  it('50 concurrent sales share a few statements, and each is answered with its own stored conversion and commissions', async () => {
    const visitors = await Promise.all(Array.from({ length: 50 }, (_, i) => clicked(affs[i % affs.length]!)));
    const { db, stats } = countingDb();
    const orders = visitors.map(() => order());
    const results = await Promise.all(
      visitors.map((visitorId, i) => recordConversion(db, { merchantId: 'demo', source: 'test', orderId: orders[i], total: `${10 + i}.00`, visitorId })),
    );
    // Alone, each sale would be 2 statements (its cookie lookup and its write): 100.
    expect(stats.statements).toBeLessThanOrEqual(10);
    expect(new Set(results.map((r) => r.conversionId)).size).toBe(50);
    results.forEach((r, i) => {
      expect(r).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: affs[i % affs.length]!.refId });
      expect(r.commissions[0]).toMatchObject({ tier: 1, affiliate: affs[i % affs.length]!.refId });
    });
    const stored = await t.db.select().from(s.conversions).where(inArray(s.conversions.orderId, orders));
    expect(stored).toHaveLength(50);
    for (const r of results) {
      const row = stored.find((c) => c.id === r.conversionId)!;
      expect(row.orderId).toBe(orders[results.indexOf(r)]);
      const coms = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, r.conversionId));
      expect(coms.map((c) => ({ tier: c.tier, amount: c.amount }))).toEqual(r.commissions.map((c) => ({ tier: c.tier, amount: c.amount })));
    }
  });

  it('two sales of one order id in the same batch: one is stored, the other is answered as its duplicate', async () => {
    const visitorId = await clicked(affs[0]!);
    const orderId = order();
    const sale = () => recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId, total: '30.00', visitorId });
    const [a, b] = await Promise.all([sale(), sale()]);
    expect([a!.status, b!.status].sort()).toEqual(['attributed', 'duplicate']);
    expect(a!.conversionId).toBe(b!.conversionId);
    const stored = await t.db.select().from(s.conversions).where(eq(s.conversions.orderId, orderId));
    expect(stored).toHaveLength(1);
    const coms = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, stored[0]!.id));
    expect(coms).toHaveLength(1);
  });

  it('a bad row fails alone: the sales batched with it are still stored', async () => {
    const write = (affiliateId: string): ConversionWrite => ({
      conversion: {
        merchantId: 'demo', campaignId: 'cmp_demo', orderId: order(), actionCode: '', total: 1000, currency: 'USD', status: 'attributed',
        method: 'explicit', affiliateId, clickId: null, visitorId: null, couponCode: null, customerId: null, customerEmail: null,
        productId: null, ip: null, userAgent: null, source: 'test', subscriptionId: null, parentConversionId: null,
        verified: true, test: false,
      },
      flags: { before: [], after: [], signIn: null },
      commissions: [{ affiliateId, tier: 1, amount: 100, currency: 'USD' }],
      commissionStatus: 'pending',
      customer: null,
    });
    const good = [write(affs[1]!.id), write(affs[2]!.id)];
    // An affiliate that does not exist fails the batch's statement (foreign key)…
    const results = await Promise.allSettled([writeConversion(t.db, good[0]!), writeConversion(t.db, write(randomUUID())), writeConversion(t.db, good[1]!)]);
    // …and the retry one by one stores its neighbours.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await t.db.select().from(s.conversions).where(inArray(s.conversions.orderId, good.map((g) => g.conversion.orderId!)));
    expect(stored).toHaveLength(2);
  });

  it('inside a transaction the sale is written on it, alone, and rolled back with it', async () => {
    const visitorId = await clicked(affs[3]!);
    const orderId = order();
    await expect(
      t.db.transaction(async (tx) => {
        const r = await recordConversion(tx as unknown as Db, { merchantId: 'demo', source: 'test', orderId, total: '12.00', visitorId });
        expect(r).toMatchObject({ status: 'attributed', affiliate: affs[3]!.refId });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.db.select().from(s.conversions).where(eq(s.conversions.orderId, orderId))).toHaveLength(0);
  });
});

describe('cookie lookups of concurrent sales', () => {
  it('share one query, each answered with its own visitor’s click', async () => {
    const visitors = await Promise.all(Array.from({ length: 20 }, (_, i) => clicked(affs[i % affs.length]!)));
    const { db, stats } = countingDb();
    const found = await Promise.all(visitors.map((visitorId) => attribute(db, { merchantId: 'demo', visitorId })));
    expect(stats.statements).toBe(1);
    found.forEach((a, i) => expect(a).toMatchObject({ method: 'cookie', affiliate: { id: affs[i % affs.length]!.id, refId: affs[i % affs.length]!.refId } }));
    expect(found[0]!.affiliate.createdAt).toBeInstanceOf(Date);
  });

  it('read the affiliate with the click: one suspended a moment ago earns nothing, cache or not', async () => {
    const affiliate = (await t.db
      .insert(s.affiliates)
      .values({ merchantId: 'demo', refId: 'gc-suspended', name: 'Soon suspended', email: 'soon@example.com', status: 'approved' })
      .returning())[0]!;
    const visitorId = await clicked(affiliate);
    expect(await attribute(t.db, { merchantId: 'demo', visitorId })).toMatchObject({ method: 'cookie' });
    await t.db.execute(sql`update affiliates set status = 'suspended' where id = ${affiliate.id}`);
    expect(await attribute(t.db, { merchantId: 'demo', visitorId })).toBeNull();
  });
});
