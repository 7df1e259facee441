// Attribution precedence against a real database: explicit → lifetime → coupon →
// cookie → IP + user-agent → unattributed, and the lifetime link it leaves behind.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { attribute } from '@/server/attribution';
import { newVisitorId } from '@/server/ids';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let aff: s.Affiliate;
let sub: s.Affiliate;
let rival: s.Affiliate;
const DAY = 86_400_000;
let n = 0;
const order = () => `order-${++n}`;

async function click(affiliate: s.Affiliate, opts: { visitorId?: string; ageMs?: number; ip?: string; userAgent?: string } = {}) {
  const visitorId = opts.visitorId ?? newVisitorId();
  await t.db.insert(s.visitors).values({ id: visitorId, merchantId: 'demo' }).onConflictDoNothing();
  await t.db.insert(s.clicks).values({
    merchantId: 'demo',
    visitorId,
    affiliateId: affiliate.id,
    campaignId: 'cmp_demo',
    ip: opts.ip ?? '203.0.113.1',
    userAgent: opts.userAgent ?? 'UA-default',
    createdAt: new Date(Date.now() - (opts.ageMs ?? 0)),
  });
  return visitorId;
}

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  const all = await t.db.select().from(s.affiliates);
  aff = all.find((a) => a.refId === 'demo-aff')!;
  sub = all.find((a) => a.refId === 'demo-sub')!;
  rival = (await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'rival', name: 'Rival', email: 'rival@example.com', status: 'approved' })
    .returning())[0]!;
});
beforeEach(() => invalidateLookups());
afterAll(async () => {
  await t?.close();
});

describe('precedence', () => {
  it('explicit beats every other signal', async () => {
    const vid = await click(rival);
    const a = await attribute(t.db, { merchantId: 'demo', explicitAffiliate: 'demo-sub', coupon: 'DEMO10', visitorId: vid });
    expect(a).toMatchObject({ method: 'explicit', affiliate: { refId: 'demo-sub' } });
  });

  it('lifetime beats coupon and cookie; the customer id beats the email', async () => {
    const first = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: order(), total: '10.00', visitorId: await click(sub), customerId: 'cust-1', customerEmail: 'buyer@example.com' });
    expect(first).toMatchObject({ method: 'cookie', affiliate: 'demo-sub' });
    const later = await attribute(t.db, { merchantId: 'demo', customerId: 'cust-1', coupon: 'DEMO10', visitorId: await click(rival) });
    expect(later).toMatchObject({ method: 'lifetime', affiliate: { refId: 'demo-sub' } });
    const byEmail = await attribute(t.db, { merchantId: 'demo', customerEmail: 'BUYER@example.com' });
    expect(byEmail).toMatchObject({ method: 'lifetime', affiliate: { refId: 'demo-sub' } });
  });

  it('lifetime is ignored when the campaign does not pay lifetime commissions', async () => {
    await t.db.update(s.campaigns).set({ lifetimeCommissions: false }).where(eq(s.campaigns.id, 'cmp_demo'));
    invalidateLookups();
    try {
      const a = await attribute(t.db, { merchantId: 'demo', customerId: 'cust-1', coupon: 'DEMO10' });
      expect(a?.method).toBe('coupon');
    } finally {
      await t.db.update(s.campaigns).set({ lifetimeCommissions: true }).where(eq(s.campaigns.id, 'cmp_demo'));
    }
  });

  it('coupon beats cookie, case-insensitively', async () => {
    const a = await attribute(t.db, { merchantId: 'demo', coupon: 'demo10', visitorId: await click(rival) });
    expect(a).toMatchObject({ method: 'coupon', affiliate: { refId: 'demo-aff' } });
  });

  it('an unknown coupon falls through to the cookie', async () => {
    const a = await attribute(t.db, { merchantId: 'demo', coupon: 'NOPE', visitorId: await click(rival) });
    expect(a).toMatchObject({ method: 'cookie', affiliate: { refId: 'rival' } });
  });

  it('cookie: the last click within 30 days wins; an older one does not count', async () => {
    const vid = newVisitorId();
    await click(aff, { visitorId: vid, ageMs: 10 * DAY });
    await click(rival, { visitorId: vid, ageMs: DAY });
    expect((await attribute(t.db, { merchantId: 'demo', visitorId: vid }))?.affiliate.refId).toBe('rival');
    const old = newVisitorId();
    await click(aff, { visitorId: old, ageMs: 31 * DAY, ip: '198.51.100.7', userAgent: 'old-ua' });
    expect(await attribute(t.db, { merchantId: 'demo', visitorId: old })).toBeNull();
  });

  it('cookie: first click when the campaign says so', async () => {
    await t.db.update(s.campaigns).set({ attributionModel: 'first_click' }).where(eq(s.campaigns.id, 'cmp_demo'));
    invalidateLookups();
    try {
      const vid = newVisitorId();
      await click(aff, { visitorId: vid, ageMs: 10 * DAY });
      await click(rival, { visitorId: vid, ageMs: DAY });
      expect((await attribute(t.db, { merchantId: 'demo', visitorId: vid }))?.affiliate.refId).toBe('demo-aff');
    } finally {
      await t.db.update(s.campaigns).set({ attributionModel: 'last_click' }).where(eq(s.campaigns.id, 'cmp_demo'));
    }
  });

  it('a suspended affiliate’s click earns nothing', async () => {
    const gone = (await t.db
      .insert(s.affiliates)
      .values({ merchantId: 'demo', refId: 'gone', name: 'Gone', email: 'gone@example.com', status: 'approved' })
      .returning())[0]!;
    const vid = await click(gone!);
    await t.db.update(s.affiliates).set({ status: 'suspended' }).where(eq(s.affiliates.id, gone!.id));
    invalidateLookups();
    expect(await attribute(t.db, { merchantId: 'demo', visitorId: vid })).toBeNull();
  });

  it('IP + user-agent within the fingerprint window, only when the visitor id does not match', async () => {
    await click(rival, { ip: '192.0.2.50', userAgent: 'Fingerprint/1', ageMs: 23 * 3_600_000 });
    const a = await attribute(t.db, { merchantId: 'demo', ip: '192.0.2.50', userAgent: 'Fingerprint/1', visitorId: newVisitorId() });
    expect(a).toMatchObject({ method: 'ip_ua', affiliate: { refId: 'rival' } });
    expect(await attribute(t.db, { merchantId: 'demo', ip: '192.0.2.50', userAgent: 'Fingerprint/2' })).toBeNull();
    await click(aff, { ip: '192.0.2.51', userAgent: 'Fingerprint/3', ageMs: 25 * 3_600_000 });
    expect(await attribute(t.db, { merchantId: 'demo', ip: '192.0.2.51', userAgent: 'Fingerprint/3' })).toBeNull();
  });
});

describe('recording', () => {
  it('stores an unattributed conversion without commissions', async () => {
    const r = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: order(), total: '5.00' });
    expect(r).toMatchObject({ status: 'unattributed', method: null, affiliate: null, commissions: [] });
  });

  it('refuses a self-referral: the affiliate’s own email buys through its own link', async () => {
    const r = await recordConversion(t.db, {
      merchantId: 'demo', source: 'test', orderId: order(), total: '50.00', visitorId: await click(aff), customerEmail: 'Affiliate@Example.com',
    });
    // (The click came a moment before: fast_conversion is flagged as well.)
    expect(r.flags).toEqual(['self_referral', 'fast_conversion']);
    expect(r.commissions).toEqual([]);
    // …and does not become a lifetime customer of itself.
    const links = await t.db.select().from(s.customers).where(eq(s.customers.customerKey, 'email:affiliate@example.com'));
    expect(links).toEqual([]);
  });

  it('auto-approving campaigns credit approved commissions', async () => {
    await t.db.update(s.campaigns).set({ autoApprove: true }).where(eq(s.campaigns.id, 'cmp_demo'));
    invalidateLookups();
    try {
      const r = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: order(), total: '20.00', visitorId: await click(sub) });
      expect(r.commissions).toEqual([
        { affiliate: 'demo-sub', tier: 1, amount: 200, currency: 'USD', status: 'approved' },
        { affiliate: 'demo-aff', tier: 2, amount: 40, currency: 'USD', status: 'approved' },
      ]);
    } finally {
      await t.db.update(s.campaigns).set({ autoApprove: false }).where(eq(s.campaigns.id, 'cmp_demo'));
    }
  });
});
