// Credit by hand (server/tracking-log/credit-conversion.ts) through its tRPC procedure:
// an unattributed conversion becomes attributed with method `manual`, with the
// commissions a sale to that affiliate earns (rules, tiers, auto-approval), audited;
// a conversion already attributed is refused with nothing changed, as are test
// conversions, inactive affiliates and another merchant's conversion.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';
import { refusalCode, sessionOf } from './helpers/trpc';

let t: TestDb;
let userA: string;
let sub: s.Affiliate;
let aff: s.Affiliate;
let n = 0;

const callerA = () => createCaller({ db: t.db, session: sessionOf({ id: userA, role: 'merchant', teamRole: 'owner', merchantId: 'demo' }), ip: '192.0.2.10' });
const callerB = () => createCaller({ db: t.db, session: sessionOf({ role: 'merchant', teamRole: 'owner', merchantId: 'other-shop' }), ip: '192.0.2.11' });

async function unattributed(total = '200.00', source = 'api', extra: Record<string, string> = {}) {
  const r = await recordConversion(t.db, { merchantId: 'demo', source, orderId: `manual-${++n}`, total, ...extra, test: source === 'test' });
  expect(r.status).toBe('unattributed');
  return r.conversionId;
}
const conversion = async (id: string) => (await t.db.select().from(s.conversions).where(eq(s.conversions.id, id)))[0]!;
const commissionsOf = (id: string) =>
  t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, id)).orderBy(s.commissions.tier);

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  invalidateLookups();
  await signUpMerchant(t.db, { programName: 'Other Shop', accountId: 'other-shop', name: 'Olga', email: 'olga@other.example', password: 'a-long-password', currency: 'USD' });
  userA = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!.id;
  const all = await t.db.select().from(s.affiliates).where(eq(s.affiliates.merchantId, 'demo'));
  sub = all.find((a) => a.refId === 'demo-sub')!;
  aff = all.find((a) => a.refId === 'demo-aff')!;
});
afterAll(async () => {
  await t?.close();
});

describe('trackingLog.credit', () => {
  it('attributes the conversion (manual) with the campaign’s commissions for the affiliate and its parent, pending, audited', async () => {
    const id = await unattributed('200.00', 'api', { customerId: 'cust-by-hand' });
    const r = await callerA().trackingLog.credit({ conversionId: id, affiliateId: sub.id });
    expect(r).toEqual({
      conversionId: id,
      orderId: expect.stringMatching(/^manual-/),
      status: 'attributed',
      method: 'manual',
      affiliate: 'demo-sub',
      commissions: [
        { affiliate: 'demo-sub', tier: 1, amount: 2000, currency: 'USD', status: 'pending' },
        { affiliate: 'demo-aff', tier: 2, amount: 400, currency: 'USD', status: 'pending' },
      ],
    });
    expect(await conversion(id)).toMatchObject({ status: 'attributed', method: 'manual', affiliateId: sub.id });
    expect((await commissionsOf(id)).map((c) => [c.affiliateId, c.tier, c.amount, c.originalAmount, c.status])).toEqual([
      [sub.id, 1, 2000, 2000, 'pending'],
      [aff.id, 2, 400, 400, 'pending'],
    ]);
    const [audit] = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'conversion.credit'), eq(s.auditLog.targetId, id)));
    expect(audit).toMatchObject({
      merchantId: 'demo',
      actorUserId: userA,
      ip: '192.0.2.10',
      targetType: 'conversion',
      details: { affiliate: 'demo-sub', total: 20000, currency: 'USD', commissions: r.commissions },
    });
    // A verified conversion links its customer for lifetime referrals, as a sale does.
    const [link] = await t.db.select().from(s.customers).where(and(eq(s.customers.merchantId, 'demo'), eq(s.customers.customerKey, 'id:cust-by-hand')));
    expect(link?.affiliateId).toBe(sub.id);
  });

  it('a conversion already attributed is refused with a clear message, and nothing changes', async () => {
    const id = await unattributed();
    await callerA().trackingLog.credit({ conversionId: id, affiliateId: aff.id });
    const before = { conv: await conversion(id), commissions: await commissionsOf(id) };
    await expect(callerA().trackingLog.credit({ conversionId: id, affiliateId: sub.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This conversion is already credited to demo-aff (manual): nothing was changed.',
    });
    expect({ conv: await conversion(id), commissions: await commissionsOf(id) }).toEqual(before);

    const sale = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: `manual-${++n}`, total: '10.00', explicitAffiliate: 'demo-aff' });
    expect(await refusalCode(callerA().trackingLog.credit({ conversionId: sale.conversionId, affiliateId: sub.id }))).toBe('CONFLICT');
  });

  it('two credits at once: one succeeds, the other is refused, one set of commissions', async () => {
    const id = await unattributed('50.00');
    const results = await Promise.allSettled([
      callerA().trackingLog.credit({ conversionId: id, affiliateId: aff.id }),
      callerA().trackingLog.credit({ conversionId: id, affiliateId: sub.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect((await commissionsOf(id)).filter((c) => c.tier === 1)).toHaveLength(1);
  });

  it('another merchant’s conversion is not found, and stays as it was', async () => {
    const id = await unattributed();
    expect(await refusalCode(callerB().trackingLog.credit({ conversionId: id, affiliateId: aff.id }))).toBe('NOT_FOUND');
    expect(await conversion(id)).toMatchObject({ status: 'unattributed', method: null, affiliateId: null });
    expect(await commissionsOf(id)).toEqual([]);
  });

  it('test conversions, unknown and inactive affiliates are refused', async () => {
    const test = await unattributed('10.00', 'test');
    await expect(callerA().trackingLog.credit({ conversionId: test, affiliateId: aff.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'A test conversion cannot be credited: a test never pays anyone.',
    });
    const id = await unattributed();
    const [suspended] = await t.db
      .insert(s.affiliates)
      .values({ merchantId: 'demo', refId: 'off-now', name: 'Off', email: 'off@example.com', status: 'suspended' })
      .returning();
    await expect(callerA().trackingLog.credit({ conversionId: id, affiliateId: suspended!.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'affiliateId: only an approved affiliate can be credited; this is affiliate off-now, who is suspended.',
    });
    const [foreign] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.merchantId, 'other-shop'));
    expect(foreign).toBeUndefined(); // other-shop has no affiliate: an unknown id stands for it
    expect(await refusalCode(callerA().trackingLog.credit({ conversionId: id, affiliateId: crypto.randomUUID() }))).toBe('BAD_REQUEST');
    expect(await conversion(id)).toMatchObject({ status: 'unattributed' });
  });

  it('an auto-approving campaign gives approved commissions; a partial refund before the credit shrinks them', async () => {
    await t.db.update(s.campaigns).set({ autoApprove: true }).where(eq(s.campaigns.id, 'cmp_demo'));
    invalidateLookups();
    const id = await unattributed('100.00');
    await t.db.update(s.conversions).set({ refunded: 2500 }).where(eq(s.conversions.id, id));
    const r = await callerA().trackingLog.credit({ conversionId: id, affiliateId: aff.id });
    expect(r.commissions).toEqual([{ affiliate: 'demo-aff', tier: 1, amount: 750, currency: 'USD', status: 'approved' }]);
    expect((await commissionsOf(id)).map((c) => [c.amount, c.originalAmount])).toEqual([[750, 1000]]);
    await t.db.update(s.campaigns).set({ autoApprove: false }).where(eq(s.campaigns.id, 'cmp_demo'));
    invalidateLookups();
  });
});
