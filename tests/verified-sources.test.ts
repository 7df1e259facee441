// Trust is a property of the source (TRACKING-API.md §0): a browser's report of an order is
// provisional and a verified one (API key, signed webhook) replaces it; between verified
// reports the first stands, but a later one completes what the first could not attribute;
// only verified conversions link customers for lifetime; a browser alone earns within the
// campaign's limits (confirmation, action limit, usual totals, allowed pages).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { AppError } from '@/server/errors';
import { newVisitorId } from '@/server/ids';
import { overview } from '@/server/queries/overview';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion, type ConversionRequest } from '@/server/tracking/record-conversion';
import { recordRefund, reverseRefund } from '@/server/tracking/record-refund';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let aff: s.Affiliate;
let sub: s.Affiliate;
let n = 0;
const order = () => `vs-order-${++n}-${Date.now()}`;

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  aff = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
  sub = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-sub')))[0]!;
});
beforeEach(() => invalidateLookups());
afterAll(async () => {
  await t?.close();
});

/** A visitor who clicked the affiliate's link a minute ago. */
async function clicked(affiliate: s.Affiliate): Promise<string> {
  const visitorId = newVisitorId();
  await t.db.insert(s.visitors).values({ id: visitorId, merchantId: 'demo' });
  await t.db.insert(s.clicks).values({ merchantId: 'demo', visitorId, affiliateId: affiliate.id, campaignId: 'cmp_demo', createdAt: new Date(Date.now() - 60_000) });
  return visitorId;
}

const browser = (r: Omit<ConversionRequest, 'merchantId' | 'source'>) => recordConversion(t.db, { merchantId: 'demo', source: 'js', ...r });
const server = (r: Omit<ConversionRequest, 'merchantId' | 'source'>) => recordConversion(t.db, { merchantId: 'demo', source: 'api', ...r });

async function stored(orderId: string, actionCode = '') {
  const [c] = await t.db
    .select()
    .from(s.conversions)
    .where(and(eq(s.conversions.merchantId, 'demo'), eq(s.conversions.orderId, orderId), eq(s.conversions.actionCode, actionCode)));
  const coms = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, c!.id));
  return { conversion: c!, commissions: coms };
}

const customerLinks = (key: string) =>
  t.db.select().from(s.customers).where(and(eq(s.customers.merchantId, 'demo'), eq(s.customers.customerKey, key)));

describe('a verified report replaces a browser’s (order-id squatting)', () => {
  it('the forged total and affiliate give way to the merchant’s: same conversion, answered as new, commissions recomputed', async () => {
    const orderId = order();
    const forged = await browser({ orderId, total: '99999.00', visitorId: await clicked(aff) });
    expect(forged).toMatchObject({ status: 'attributed', affiliate: 'demo-aff' });

    const real = await server({ orderId, total: '50.00', currency: 'USD', visitorId: await clicked(sub) });
    expect(real).toMatchObject({ conversionId: forged.conversionId, status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
    expect(real.commissions).toEqual([
      { affiliate: 'demo-sub', tier: 1, amount: 500, currency: 'USD', status: 'pending' },
      { affiliate: 'demo-aff', tier: 2, amount: 100, currency: 'USD', status: 'pending' },
    ]);
    const { conversion, commissions } = await stored(orderId);
    expect(conversion).toMatchObject({ total: 5000, verified: true, source: 'api', affiliateId: sub.id });
    expect(commissions.map((c) => [c.affiliateId, c.tier, c.amount]).sort()).toEqual(
      [
        [sub.id, 1, 500],
        [aff.id, 2, 100],
      ].sort(),
    );
    // Now verified: a second server report is a plain duplicate, the first verified one stands.
    const again = await server({ orderId, total: '1.00', explicitAffiliate: 'demo-aff' });
    expect(again).toMatchObject({ status: 'duplicate', affiliate: 'demo-sub' });
    // And a browser cannot take it back.
    const browserAgain = await browser({ orderId, total: '99999.00', visitorId: await clicked(aff) });
    expect(browserAgain.status).toBe('duplicate');
    expect((await stored(orderId)).conversion.total).toBe(5000);
  });

  it('a verified report that sends no visitor id is attributed with the browser’s', async () => {
    const orderId = order();
    await browser({ orderId, total: '10.00', visitorId: await clicked(aff) });
    const real = await server({ orderId, total: '20.00' });
    expect(real).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff', commissions: [expect.objectContaining({ amount: 200 })] });
  });

  it('a verified report that finds no referrer makes the order unattributed, with no commission left', async () => {
    const orderId = order();
    const forged = await browser({ orderId, total: '10.00', visitorId: await clicked(aff) });
    const real = await server({ orderId, total: '10.00', visitorId: 'f'.repeat(32) });
    expect(real).toMatchObject({ conversionId: forged.conversionId, status: 'unattributed', commissions: [] });
    expect((await stored(orderId)).commissions).toEqual([]);
  });

  it.each([
    ['paid', { status: 'paid' as const }],
    ['in a payout batch', { status: 'approved' as const, payoutId: null as string | null }],
    ['declined by the merchant', { status: 'declined' as const }],
  ])('not its commissions once they are %s: they stand, the order’s total and customer become the verified ones', async (_name, set) => {
    const orderId = order();
    const forged = await browser({ orderId, total: '10.00', visitorId: await clicked(aff) });
    if ('payoutId' in set) {
      const [payout] = await t.db
        .insert(s.payouts)
        .values({ merchantId: 'demo', affiliateId: aff.id, batchId: crypto.randomUUID(), amount: 100, currency: 'USD' })
        .returning();
      set.payoutId = payout!.id;
    }
    await t.db.update(s.commissions).set(set).where(eq(s.commissions.conversionId, forged.conversionId));
    const before = (await stored(orderId)).commissions;
    const real = await server({ orderId, total: '80.00', explicitAffiliate: 'demo-sub', customerEmail: `kept-${n}@example.com` });
    expect(real).toMatchObject({ status: 'duplicate', affiliate: 'demo-aff' });
    const after = await stored(orderId);
    expect(after.conversion).toMatchObject({ total: 8000, verified: true, customerEmail: `kept-${n}@example.com`, affiliateId: aff.id });
    expect(after.commissions).toEqual(before);
  });

  it('two verified reports arriving together replace the browser’s once', async () => {
    const orderId = order();
    await browser({ orderId, total: '10.00', visitorId: await clicked(aff) });
    const [a, b] = await Promise.all([
      server({ orderId, total: '30.00', explicitAffiliate: 'demo-sub' }),
      server({ orderId, total: '30.00', explicitAffiliate: 'demo-sub' }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['attributed', 'duplicate']);
    const { commissions } = await stored(orderId);
    expect(commissions.filter((c) => c.tier === 1)).toHaveLength(1);
  });
});

describe('a later verified report completes an earlier one it could not attribute', () => {
  it('attribution and the customer are filled in, exactly once', async () => {
    const orderId = order();
    const first = await server({ orderId, total: '40.00' });
    expect(first.status).toBe('unattributed');
    const vid = await clicked(aff);
    const email = `late-${n}@example.com`;
    const second = await server({ orderId, total: '40.00', visitorId: vid, customerEmail: email });
    expect(second).toMatchObject({ conversionId: first.conversionId, status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
    expect(second.commissions).toEqual([{ affiliate: 'demo-aff', tier: 1, amount: 400, currency: 'USD', status: 'pending' }]);
    expect((await stored(orderId)).conversion).toMatchObject({ customerEmail: email, visitorId: vid, status: 'attributed' });
    expect(await customerLinks(`email:${email}`)).toHaveLength(1);
    const third = await server({ orderId, total: '40.00', visitorId: await clicked(sub) });
    expect(third).toMatchObject({ status: 'duplicate', affiliate: 'demo-aff' });
    expect((await stored(orderId)).commissions).toHaveLength(1);
  });

  it('an attributed report and an unattributed one at the same time: attributed once, whichever lands first', async () => {
    const orderId = order();
    const vid = await clicked(aff);
    const results = await Promise.all([server({ orderId, total: '25.00' }), server({ orderId, total: '25.00', visitorId: vid })]);
    expect(new Set(results.map((r) => r.conversionId)).size).toBe(1);
    const { conversion, commissions } = await stored(orderId);
    expect(conversion.status).toBe('attributed');
    expect(commissions).toHaveLength(1);
  });
});

describe('completion plans the order as it stands', () => {
  it('the first report’s total and currency stay; the later report’s override is read in them', async () => {
    const orderId = order();
    await server({ orderId, total: '40.00', currency: 'EUR' });
    const done = await server({ orderId, total: '45.00', currency: 'USD', commission: '5.00', visitorId: await clicked(aff) });
    expect(done).toMatchObject({ status: 'attributed', commissions: [{ affiliate: 'demo-aff', tier: 1, amount: 500, currency: 'EUR', status: 'pending' }] });
    expect((await stored(orderId)).conversion).toMatchObject({ total: 4000, currency: 'EUR' });
  });

  it('an order first reported without an amount takes the later one’s', async () => {
    const orderId = order();
    await server({ orderId, total: '0', currency: 'USD' });
    const done = await server({ orderId, total: '30.00', currency: 'USD', visitorId: await clicked(aff) });
    expect(done.commissions).toEqual([{ affiliate: 'demo-aff', tier: 1, amount: 300, currency: 'USD', status: 'pending' }]);
  });

  it('a completed test order links no customer, and a completed self-referral earns nothing', async () => {
    const email = `tester-${n}@example.com`;
    const testOrder = order();
    await recordConversion(t.db, { merchantId: 'demo', source: 'webhook:shopify', orderId: testOrder, total: '10.00', customerEmail: email, test: true });
    const completed = await recordConversion(t.db, { merchantId: 'demo', source: 'webhook:shopify', orderId: testOrder, total: '10.00', visitorId: await clicked(aff), test: true });
    expect(completed).toMatchObject({ status: 'attributed', test: true, commissions: [expect.objectContaining({ status: 'declined' })] });
    expect(await customerLinks(`email:${email}`)).toEqual([]);

    const selfOrder = order();
    await server({ orderId: selfOrder, total: '10.00', customerEmail: aff.email });
    const self = await server({ orderId: selfOrder, total: '10.00', visitorId: await clicked(aff) });
    expect(self).toMatchObject({ status: 'attributed', commissions: [], flags: ['self_referral'] });
    expect(await customerLinks(`email:${aff.email}`)).toEqual([]);
  });
});

describe('lifetime links come from verified conversions only', () => {
  it('a browser sale with a customer’s e-mail, credited by the affiliate’s own click, links nobody', async () => {
    const email = `victim-${n}@example.com`;
    const hijack = await browser({ orderId: order(), total: '0.01', visitorId: await clicked(aff), customerEmail: email });
    expect(hijack.status).toBe('attributed');
    expect(await customerLinks(`email:${email}`)).toEqual([]);
    // The customer's real purchase, reported by the merchant, is not the affiliate's.
    const real = await server({ orderId: order(), total: '500.00', customerEmail: email });
    expect(real).toMatchObject({ status: 'unattributed' });
  });

  it('a verified sale links the customer; their next purchase pays the referrer (lifetime)', async () => {
    const email = `buyer-${n}@example.com`;
    await server({ orderId: order(), total: '10.00', visitorId: await clicked(sub), customerEmail: email });
    expect(await customerLinks(`email:${email}`)).toHaveLength(1);
    const later = await browser({ orderId: order(), total: '10.00', customerEmail: email });
    expect(later).toMatchObject({ status: 'attributed', method: 'lifetime', affiliate: 'demo-sub' });
  });

  it('a verified report replacing a browser’s links its customer', async () => {
    const email = `confirmed-${n}@example.com`;
    const orderId = order();
    await browser({ orderId, total: '10.00', visitorId: await clicked(aff), customerEmail: email });
    expect(await customerLinks(`email:${email}`)).toEqual([]);
    await server({ orderId, total: '10.00', customerEmail: email });
    expect(await customerLinks(`email:${email}`)).toMatchObject([{ affiliateId: aff.id }]);
  });
});

describe('what a browser alone may earn', () => {
  it('a fixed commission is paid in its rule’s currency, whatever currency the browser names', async () => {
    const r = await browser({ actionCode: 'signup', orderId: order(), currency: 'KWD', visitorId: await clicked(aff) });
    expect(r.commissions).toEqual([{ affiliate: 'demo-aff', tier: 1, amount: 200, currency: 'USD', status: 'pending' }]);
  });

  it.each(['CLF', 'BOV', 'MXV', 'COU', 'CHE', 'CHW', 'UYW', 'USN', 'UYI'])('the funds code %s is refused (400), and nothing is stored', async (currency) => {
    const orderId = order();
    const err = await browser({ orderId, total: '10.00', currency, visitorId: await clicked(aff) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('funds code') });
    expect(await t.db.select().from(s.conversions).where(eq(s.conversions.orderId, orderId))).toEqual([]);
  });

  it('order-less actions are capped per visitor (the campaign’s limit, 1 by default); the merchant’s server is not', async () => {
    const vid = await clicked(aff);
    const first = await browser({ actionCode: 'signup', visitorId: vid });
    const second = await browser({ actionCode: 'signup', visitorId: vid });
    expect(first.commissions).toHaveLength(1);
    expect(second).toMatchObject({ status: 'attributed', commissions: [], flags: ['action_limit'] });
    // Another visitor still earns.
    expect((await browser({ actionCode: 'signup', visitorId: await clicked(aff) })).commissions).toHaveLength(1);
    // A verified report is not limited.
    expect((await server({ actionCode: 'signup', visitorId: vid })).commissions).toHaveLength(1);
  });

  it('inventing an order id for each action does not get round the limit', async () => {
    const vid = await clicked(aff);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await browser({ actionCode: 'signup', orderId: order(), visitorId: vid }));
    expect(results.map((r) => r.commissions.length)).toEqual([1, 0, 0]);
  });

  it('with the limit set to 0, a visitor’s order-less actions all earn', async () => {
    await t.db.update(s.campaigns).set({ browserActionLimit: 0 }).where(eq(s.campaigns.id, 'cmp_demo'));
    invalidateLookups();
    try {
      const vid = await clicked(aff);
      for (let i = 0; i < 3; i++) expect((await browser({ actionCode: 'signup', visitorId: vid })).commissions).toHaveLength(1);
    } finally {
      await t.db.update(s.campaigns).set({ browserActionLimit: 1 }).where(eq(s.campaigns.id, 'cmp_demo'));
    }
  });

  it('a browser total far above the campaign’s usual order value is flagged (held for review), a usual one is not', async () => {
    for (let i = 0; i < 6; i++) await server({ orderId: order(), total: '20.00', currency: 'EUR', explicitAffiliate: 'demo-aff' });
    invalidateLookups();
    const huge = await browser({ orderId: order(), total: '5000.00', currency: 'EUR', visitorId: await clicked(aff) });
    expect(huge.flags).toEqual(['unusual_total']);
    expect(huge.commissions[0]).toMatchObject({ status: 'pending', amount: 50000 });
    const usual = await browser({ orderId: order(), total: '25.00', currency: 'EUR', visitorId: await clicked(aff) });
    expect(usual.flags).toBeUndefined();
    // The merchant's own report of a large order is not second-guessed.
    expect((await server({ orderId: order(), total: '5000.00', currency: 'EUR', explicitAffiliate: 'demo-aff' })).flags).toBeUndefined();
  });

  it('a browser report from a page outside the allowed domains is flagged foreign_origin', async () => {
    const vid = await clicked(aff);
    expect((await browser({ orderId: order(), total: '1.00', visitorId: vid, originHost: 'evil.test' })).flags).toEqual(['foreign_origin']);
    expect((await browser({ orderId: order(), total: '1.00', visitorId: vid, originHost: 'localhost' })).flags).toBeUndefined();
    expect((await browser({ orderId: order(), total: '1.00', visitorId: vid })).flags).toBeUndefined();
  });

  it('a campaign that waits for confirmation holds browser sales until a verified report replaces them', async () => {
    await t.db.update(s.campaigns).set({ browserSales: 'confirm' }).where(eq(s.campaigns.id, 'cmp_demo'));
    invalidateLookups();
    try {
      const orderId = order();
      const held = await browser({ orderId, total: '10.00', visitorId: await clicked(aff) });
      expect(held).toMatchObject({ status: 'attributed', flags: ['unconfirmed'], commissions: [expect.objectContaining({ status: 'pending' })] });
      const open = await overview(t.db, 'demo', { since: new Date(Date.now() - 3_600_000) });
      expect(open.conversions).toBeGreaterThan(0);
      const confirmed = await server({ orderId, total: '10.00' });
      expect(confirmed).toMatchObject({ conversionId: held.conversionId, status: 'attributed', affiliate: 'demo-aff' });
      expect(confirmed.flags).toBeUndefined();
      expect((await stored(orderId)).conversion.flags).toEqual([]);
    } finally {
      await t.db.update(s.campaigns).set({ browserSales: 'pay' }).where(eq(s.campaigns.id, 'cmp_demo'));
    }
  });
});

describe('test conversions', () => {
  it('are stored and labelled, never payable, and not in the figures', async () => {
    const since = new Date(Date.now() - 3_600_000);
    const before = await overview(t.db, 'demo', { since });
    const r = await recordConversion(t.db, { merchantId: 'demo', source: 'webhook:shopify', orderId: order(), total: '70.00', visitorId: await clicked(aff), test: true });
    expect(r).toMatchObject({ status: 'attributed', test: true, commissions: [expect.objectContaining({ status: 'declined', amount: 700 })] });
    const after = await overview(t.db, 'demo', { since });
    expect(after.conversions).toBe(before.conversions);
    expect(after.revenue).toEqual(before.revenue);
  });
});

describe('a refund taken back restores what it declined, and only that', () => {
  it('the commissions the refund declined come back with their status; one the merchant declined stays declined', async () => {
    const orderId = order();
    const sale = await server({ orderId, total: '100.00', explicitAffiliate: 'demo-sub' });
    const coms = (await stored(orderId)).commissions;
    const tier1 = coms.find((c) => c.tier === 1)!;
    const tier2 = coms.find((c) => c.tier === 2)!;
    await t.db.update(s.commissions).set({ status: 'approved' }).where(eq(s.commissions.id, tier1.id));
    await t.db.update(s.commissions).set({ status: 'declined' }).where(eq(s.commissions.id, tier2.id));
    await recordRefund(t.db, { merchantId: 'demo', orderId, refundId: `rev-${n}` });
    expect((await stored(orderId)).commissions.map((c) => c.status).sort()).toEqual(['declined', 'declined']);
    const undone = await reverseRefund(t.db, { merchantId: 'demo', orderId, refundId: `rev-${n}` });
    expect(undone).toMatchObject({ changed: true, refunded: 0, conversionId: sale.conversionId });
    const after = new Map((await stored(orderId)).commissions.map((c) => [c.id, c]));
    expect(after.get(tier1.id)).toMatchObject({ status: 'approved', amount: 1000 });
    expect(after.get(tier2.id)).toMatchObject({ status: 'declined' });
    // Taking it back twice changes nothing.
    expect(await reverseRefund(t.db, { merchantId: 'demo', orderId, refundId: `rev-${n}` })).toMatchObject({ changed: false });
  });
});
