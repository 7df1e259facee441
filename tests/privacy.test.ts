// GDPR tools (Settings › Privacy): the export of everything stored about one affiliate, scoped to it
// and its merchant, and the erasure of one customer (conversions kept without the personal fields,
// lifetime links gone, one audit row), other customers untouched.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { newVisitorId } from '@/server/ids';
import { eraseCustomer, exportAffiliateData } from '@/server/privacy';
import { ClickWriter } from '@/server/tracking/click-writer';
import { recordConversion } from '@/server/tracking/record-conversion';
import { invalidateLookups } from '@/server/tracking/lookups';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

let t: TestDb;
let demoAff: string;
let rivalAff: string;
let otherAff: string;
const actor = { userId: '00000000-0000-4000-8000-000000000001', ip: '192.0.2.44' };

async function collect(gen: AsyncGenerator<string>): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of gen) text += chunk;
  return JSON.parse(text) as Record<string, unknown>;
}

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  invalidateLookups();
  await signUpMerchant(t.db, {
    programName: 'Other Shop', accountId: 'other-shop', name: 'Olga', email: 'olga@other.example', password: 'a-long-password', currency: 'USD',
  });
  const [demo] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
  demoAff = demo!.id;
  await t.db.update(s.affiliates).set({ payoutMethod: 'paypal', payoutDetails: { email: 'payme-demo@example.com' } }).where(eq(s.affiliates.id, demoAff));
  const [rival] = await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'rival-gdpr', name: 'Rival Gdpr', email: 'rival-gdpr@example.com', status: 'approved' })
    .returning();
  rivalAff = rival!.id;
  const [otherCampaign] = await t.db.select().from(s.campaigns).where(eq(s.campaigns.merchantId, 'other-shop'));
  const [other] = await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'other-shop', refId: 'demo-aff', name: 'Other Merchant Aff', email: 'other-aff@example.com', status: 'approved' })
    .returning();
  otherAff = other!.id;

  const writer = new ClickWriter(async () => t.db, { groupCommit: false });
  for (const [merchantId, affiliateId, campaignId, url] of [
    ['demo', demoAff, 'cmp_demo', 'https://shop.example/demo-click'],
    ['demo', demoAff, 'cmp_demo', 'https://shop.example/demo-click-2'],
    ['demo', rivalAff, 'cmp_demo', 'https://shop.example/rival-click'],
    ['other-shop', otherAff, otherCampaign!.id, 'https://other.example/other-click'],
  ] as const)
    await writer.write({ merchantId, visitorId: newVisitorId(), affiliateId, campaignId, url, ip: '203.0.113.5', userAgent: 'Visitor-UA/1' }, true);

  const sale = (merchantId: string, affiliate: string, orderId: string, customerEmail: string, customerId: string) =>
    recordConversion(t.db, {
      merchantId, source: 'api', orderId, total: '80.00', explicitAffiliate: affiliate, customerEmail, customerId, ip: '198.51.100.20', userAgent: 'Buyer-UA/1',
    });
  await sale('demo', 'demo-aff', 'order-jane-1', 'Jane@Example.com', 'cus_jane');
  await sale('demo', 'demo-aff', 'order-jane-2', 'jane@example.com', 'cus_jane');
  await sale('demo', 'demo-aff', 'order-bob-1', 'bob@example.com', 'cus_bob');
  await sale('demo', 'rival-gdpr', 'order-rival-1', 'carol@example.com', 'cus_carol');
  await sale('other-shop', 'demo-aff', 'order-other-1', 'jane@example.com', 'cus_jane');
});
afterAll(async () => {
  await t?.close();
});

describe('export of an affiliate’s data', () => {
  it('holds the affiliate’s profile, payout details, clicks, conversions, commissions and links, and nothing of another affiliate or merchant', async () => {
    const { affiliateId, chunks } = await exportAffiliateData(t.db, 'demo', 'demo-aff');
    expect(affiliateId).toBe(demoAff);
    const doc = await collect(chunks);
    expect(doc).toMatchObject({ merchantId: 'demo', affiliate: { id: demoAff, refId: 'demo-aff', email: 'affiliate@example.com' } });
    expect(doc.payoutDetails).toEqual({ method: 'paypal', details: { email: 'payme-demo@example.com' } });
    expect((doc.users as { email: string }[]).map((u) => u.email)).toEqual(['affiliate@example.com']);
    const clicks = doc.clicks as { url: string; affiliateId: string }[];
    expect(clicks.map((c) => c.url).filter((u) => u?.includes('click')).sort()).toEqual(['https://shop.example/demo-click', 'https://shop.example/demo-click-2']);
    expect(clicks.every((c) => c.affiliateId === demoAff)).toBe(true);
    const conversions = doc.conversions as { orderId: string }[];
    expect(conversions.map((c) => c.orderId).filter((o) => o.startsWith('order-')).sort()).toEqual(['order-bob-1', 'order-jane-1', 'order-jane-2']);
    const commissions = doc.commissions as { affiliateId: string; conversionId: string }[];
    expect(commissions.length).toBeGreaterThanOrEqual(3);
    expect(commissions.every((c) => c.affiliateId === demoAff)).toBe(true);
    // Its lifetime customers (Jane and Bob, by e-mail and by id), without who they are.
    const links = doc.links as { refId: string; lifetimeCustomers: { firstConversionId: string; customerKey?: string }[]; coupons: { code: string }[] };
    expect(links.refId).toBe('demo-aff');
    const firsts = new Set(conversions.filter((c) => c.orderId === 'order-jane-1' || c.orderId === 'order-bob-1').map((c) => (c as unknown as { id: string }).id));
    expect(links.lifetimeCustomers.filter((c) => firsts.has(c.firstConversionId))).toHaveLength(4);
    expect(links.lifetimeCustomers.every((c) => c.customerKey === undefined)).toBe(true);
    expect(Array.isArray(doc.payouts) && Array.isArray(doc.auditLog) && Array.isArray(doc.signInIps)).toBe(true);

    const text = JSON.stringify(doc);
    for (const foreign of [rivalAff, otherAff, 'rival-gdpr', 'rival-click', 'order-rival-1', 'other-click', 'order-other-1', 'carol@example.com', 'Other Merchant Aff'])
      expect(text, foreign).not.toContain(foreign);
    // Nor the visitors' and customers' own data: not the affiliate's.
    for (const personal of ['Jane@Example.com', 'jane@example.com', 'cus_jane', 'Visitor-UA/1', 'Buyer-UA/1', '203.0.113.5', '198.51.100.20'])
      expect(text, personal).not.toContain(personal);
    // The password hash and two-factor secret never leave.
    expect(text).not.toMatch(/passwordHash|totpSecret/);
  });

  it('finds another merchant’s affiliate of the same referral id only for that merchant, and refuses an unknown one', async () => {
    const other = await exportAffiliateData(t.db, 'other-shop', 'demo-aff');
    expect(other.affiliateId).toBe(otherAff);
    const doc = await collect(other.chunks);
    expect(JSON.stringify(doc)).not.toContain(demoAff);
    await expect(exportAffiliateData(t.db, 'demo', 'no-such-aff')).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportAffiliateData(t.db, 'demo', otherAff)).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportAffiliateData(t.db, 'demo', '')).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('erasing a customer', () => {
  const conversionsOf = (merchantId: string, ...orders: string[]) =>
    Promise.all(
      orders.map(async (orderId) => {
        const [c] = await t.db.select().from(s.conversions).where(and(eq(s.conversions.merchantId, merchantId), eq(s.conversions.orderId, orderId)));
        return c!;
      }),
    );
  const links = (merchantId: string) =>
    t.db.select({ key: s.customers.customerKey }).from(s.customers).where(eq(s.customers.merchantId, merchantId)).then((r) => r.map((x) => x.key).sort());

  it('by e-mail (any case): conversions kept without the personal fields, their lifetime links gone, one audit row; others untouched', async () => {
    const commissionsBefore = await t.db.select().from(s.commissions).where(eq(s.commissions.merchantId, 'demo'));
    const r = await eraseCustomer(t.db, 'demo', actor, { by: 'email', value: 'JANE@example.com' });
    expect(r).toMatchObject({ conversions: 2, lifetimeLinks: 2 });

    for (const c of await conversionsOf('demo', 'order-jane-1', 'order-jane-2'))
      expect(c).toMatchObject({ customerEmail: null, customerId: null, ip: null, userAgent: null, total: 8000, affiliateId: demoAff });
    // Bob, Carol and the other merchant's Jane keep everything.
    const [bob, carol] = await conversionsOf('demo', 'order-bob-1', 'order-rival-1');
    expect(bob).toMatchObject({ customerEmail: 'bob@example.com', customerId: 'cus_bob', ip: '198.51.100.20' });
    expect(carol).toMatchObject({ customerEmail: 'carol@example.com' });
    const [otherJane] = await conversionsOf('other-shop', 'order-other-1');
    expect(otherJane).toMatchObject({ customerEmail: 'jane@example.com', customerId: 'cus_jane' });

    const demoLinks = await links('demo');
    expect(demoLinks).not.toContain('email:jane@example.com');
    expect(demoLinks).not.toContain('id:cus_jane');
    expect(demoLinks).toEqual(expect.arrayContaining(['email:bob@example.com', 'id:cus_bob', 'email:carol@example.com']));
    expect(await links('other-shop')).toEqual(expect.arrayContaining(['email:jane@example.com', 'id:cus_jane']));
    // The commissions stand.
    expect(await t.db.select().from(s.commissions).where(eq(s.commissions.merchantId, 'demo'))).toEqual(commissionsBefore);

    const audits = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.merchantId, 'demo'), eq(s.auditLog.action, 'customer.erase')));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: actor.userId, ip: actor.ip, targetType: 'customer', details: { conversions: 2, lifetimeLinks: 2 } });
    // The audit row does not keep what was erased.
    expect(JSON.stringify(audits[0])).not.toMatch(/jane/i);
  });

  it('by customer id', async () => {
    const r = await eraseCustomer(t.db, 'demo', actor, { by: 'customerId', value: 'cus_bob' });
    expect(r).toMatchObject({ conversions: 1, lifetimeLinks: 2 });
    const [bob] = await conversionsOf('demo', 'order-bob-1');
    expect(bob).toMatchObject({ customerEmail: null, customerId: null, ip: null, userAgent: null });
    expect(await links('demo')).not.toContain('email:bob@example.com');
  });

  it('a customer nothing is stored about: not found, nothing changed, no audit row', async () => {
    const before = await t.db.select().from(s.auditLog).where(eq(s.auditLog.merchantId, 'demo'));
    await expect(eraseCustomer(t.db, 'demo', actor, { by: 'email', value: 'nobody@example.com' })).rejects.toMatchObject({ code: 'not_found' });
    // Carol belongs to this merchant, not to the other one.
    await expect(eraseCustomer(t.db, 'other-shop', actor, { by: 'customerId', value: 'cus_carol' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await t.db.select().from(s.auditLog).where(eq(s.auditLog.merchantId, 'demo'))).toEqual(before);
    const [carol] = await conversionsOf('demo', 'order-rival-1');
    expect(carol).toMatchObject({ customerEmail: 'carol@example.com', customerId: 'cus_carol' });
  });
});
