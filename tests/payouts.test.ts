// Commission review (approve / decline, auto-approve after N days), the filtered
// list, what is owed, payout batches under concurrency, mark paid and the files.
import { TRPCError } from '@trpc/server';
import { and, eq, inArray } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { autoApproveDue } from '@/server/commissions/review';
import { batchCsv, paypalFile } from '@/server/payouts';
import { pageMerchantCommissions } from '@/server/queries/commissions';
import { getPayoutBatch } from '@/server/queries/payouts';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, type TestDb } from './helpers/db';
import { sessionOf as session, refusalCode as code } from './helpers/trpc';

let t: TestDb;
let otherCommissionId: string;

const caller = (sess: Session) => createCaller({ db: t.db, session: sess, ip: '127.0.0.1' });
const demo = () => caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'demo' }));
const other = () => caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'other-shop' }));

let n = 0;
/** A sale for an affiliate of demo; returns its tier-1 commission id. */
async function sale(refId: string, total: string, extra: { merchantId?: string; orderId?: string } = {}) {
  const orderId = extra.orderId ?? `ord-${++n}`;
  const r = await recordConversion(t.db, { merchantId: extra.merchantId ?? 'demo', source: 'test', orderId, total, explicitAffiliate: refId });
  const [c] = await t.db
    .select()
    .from(s.commissions)
    .where(and(eq(s.commissions.conversionId, r.conversionId), eq(s.commissions.tier, 1)));
  return c!.id;
}
async function affiliate(refId: string, merchantId = 'demo') {
  const [a] = await t.db
    .insert(s.affiliates)
    .values({ merchantId, refId, name: refId.toUpperCase(), email: `${refId}@example.com`, status: 'approved' })
    .returning();
  invalidateLookups();
  return a!;
}
const statusOf = async (ids: string[]) =>
  Object.fromEntries(
    (await t.db.select({ id: s.commissions.id, status: s.commissions.status }).from(s.commissions).where(inArray(s.commissions.id, ids))).map(
      (r) => [r.id, r.status],
    ),
  );

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  invalidateLookups();
  await signUpMerchant(t.db, {
    programName: 'Other Shop',
    accountId: 'other-shop',
    name: 'Olga',
    email: 'olga@other.example',
    password: 'a-long-password',
    currency: 'USD',
  });
  await affiliate('elsewhere', 'other-shop');
  otherCommissionId = await sale('elsewhere', '100.00', { merchantId: 'other-shop' });
});
afterAll(async () => {
  await t?.close();
});

describe('commission review', () => {
  it('approves one pending commission, with an audit record', async () => {
    const id = await sale('demo-aff', '100.00');
    expect(await demo().reviews.approve({ ids: [id] })).toEqual({ changed: 1, skipped: 0 });
    expect((await statusOf([id]))[id]).toBe('approved');
    const audit = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.targetId, id), eq(s.auditLog.action, 'commission.approve')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({ from: 'pending', to: 'approved' });
  });

  it('approves and declines in bulk; only pending → approved and pending|approved → declined; paid is never touched', async () => {
    const [a, b, c, paid] = [await sale('demo-aff', '10.00'), await sale('demo-aff', '20.00'), await sale('demo-aff', '30.00'), await sale('demo-aff', '40.00')];
    await t.db.update(s.commissions).set({ status: 'paid' }).where(eq(s.commissions.id, paid));
    expect(await demo().reviews.approve({ ids: [a, b, paid] })).toEqual({ changed: 2, skipped: 1 });
    expect(await demo().reviews.decline({ ids: [a, c, paid] })).toEqual({ changed: 2, skipped: 1 });
    // A declined commission is not approved again by a bulk approve.
    expect(await demo().reviews.approve({ ids: [a, c] })).toEqual({ changed: 0, skipped: 2 });
    expect(await statusOf([a, b, c, paid])).toEqual({ [a]: 'declined', [b]: 'approved', [c]: 'declined', [paid]: 'paid' });
  });

  it('refuses another merchant’s ids as not found and changes nothing', async () => {
    const own = await sale('demo-aff', '15.00');
    expect(await code(demo().reviews.approve({ ids: [own, otherCommissionId] }))).toBe('NOT_FOUND');
    expect(await code(other().reviews.decline({ ids: [own] }))).toBe('NOT_FOUND');
    expect(await code(demo().reviews.approve({ ids: ['not-a-uuid'] }))).toBe('NOT_FOUND');
    expect(await statusOf([own, otherCommissionId])).toEqual({ [own]: 'pending', [otherCommissionId]: 'pending' });
    expect(await code(demo().reviews.approve({ ids: [] }))).toBe('BAD_REQUEST');
  });

  it('auto-approves pending commissions older than the campaign’s N days, except flagged conversions', async () => {
    await t.db.update(s.campaigns).set({ autoApproveAfterDays: 30 }).where(eq(s.campaigns.merchantId, 'demo'));
    const old = await sale('demo-aff', '11.00');
    const recent = await sale('demo-aff', '12.00');
    const flagged = await sale('demo-aff', '13.00');
    const [oldC, recentC, flaggedC] = await Promise.all(
      [old, recent, flagged].map(async (id) => (await t.db.select().from(s.commissions).where(eq(s.commissions.id, id)))[0]!.conversionId),
    );
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    await t.db.update(s.conversions).set({ createdAt: daysAgo(31) }).where(inArray(s.conversions.id, [oldC!, flaggedC!]));
    await t.db.update(s.conversions).set({ createdAt: daysAgo(10) }).where(eq(s.conversions.id, recentC!));
    await t.db.update(s.conversions).set({ flags: ['self_referral'] }).where(eq(s.conversions.id, flaggedC!));
    // Another merchant's old commission is left to that merchant.
    const [otherConv] = await t.db.select().from(s.commissions).where(eq(s.commissions.id, otherCommissionId));
    await t.db.update(s.campaigns).set({ autoApproveAfterDays: 1 }).where(eq(s.campaigns.merchantId, 'other-shop'));
    await t.db.update(s.conversions).set({ createdAt: daysAgo(31) }).where(eq(s.conversions.id, otherConv!.conversionId));

    expect(await autoApproveDue(t.db, 'demo', now)).toBe(1);
    expect(await statusOf([old, recent, flagged, otherCommissionId])).toEqual({
      [old]: 'approved',
      [recent]: 'pending',
      [flagged]: 'pending',
      [otherCommissionId]: 'pending',
    });
    // 21 days later the recent one is due too; running it again changes nothing more.
    expect(await autoApproveDue(t.db, 'demo', new Date(now.getTime() + 21 * 86_400_000))).toBe(1);
    expect(await autoApproveDue(t.db, 'demo', new Date(now.getTime() + 21 * 86_400_000))).toBe(0);
    expect((await statusOf([recent]))[recent]).toBe('approved');
    const audit = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.merchantId, 'demo'), eq(s.auditLog.action, 'commission.auto_approve')));
    expect(audit).toHaveLength(2);
    await t.db.update(s.campaigns).set({ autoApproveAfterDays: null });
  });
});

describe('the commissions list', () => {
  it('filters by status, affiliate, order id, method and date, and pages without gaps or repeats', async () => {
    const f = await affiliate('filter-aff');
    const ids = [await sale('filter-aff', '100.00', { orderId: 'FLT-1' }), await sale('filter-aff', '200.00', { orderId: 'FLT-2' })];
    await demo().reviews.approve({ ids: [ids[0]!] });
    const list = (input: Parameters<ReturnType<typeof demo>['reviews']['list']>[0]) => demo().reviews.list(input);
    const byAff = await list({ filter: { affiliate: 'filter-aff' } });
    expect(byAff.rows.map((r) => r.orderId).sort()).toEqual(['FLT-1', 'FLT-2']);
    expect(byAff.rows[0]).toMatchObject({ method: 'explicit', tier: 1, affiliateRefId: 'filter-aff', kind: 'commission' });
    expect((await list({ filter: { affiliate: 'filter-aff', status: 'approved' } })).rows.map((r) => r.orderId)).toEqual(['FLT-1']);
    expect((await list({ filter: { order: 'flt-2' } })).rows.map((r) => r.id)).toEqual([ids[1]]);
    expect((await list({ filter: { affiliate: 'filter-aff', method: 'cookie' } })).rows).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list({ filter: { affiliate: 'filter-aff', from: today, to: today } })).rows).toHaveLength(2);
    expect((await list({ filter: { affiliate: 'filter-aff', to: '2000-01-01' } })).rows).toHaveLength(0);
    expect(await code(list({ filter: { from: '2025-02-01', to: '2025-01-01' } }))).toBe('BAD_REQUEST');
    expect((await other().reviews.list({ filter: { affiliate: 'filter-aff' } })).rows).toEqual([]);
    expect(f.id).toBeTruthy();

    // Tier 1 and tier 2 of one sale share a created_at: the keyset must still visit every row once.
    await sale('demo-sub', '50.00');
    const all = (await pageMerchantCommissions(t.db, 'demo', {}, { limit: 1000 })).rows.map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await pageMerchantCommissions(t.db, 'demo', {}, { limit: 2, cursor });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(all);
  });
});

describe('payouts', () => {
  let payee: s.Affiliate;
  let commissionIds: string[];
  let batchId: string;

  beforeAll(async () => {
    payee = await affiliate('payee');
    // Set up as the affiliate's own saved details (changing them through the panel takes its password: tests/payout-details.test.ts).
    await t.db.update(s.affiliates).set({ payoutMethod: 'paypal', payoutDetails: { paypalEmail: 'payee@paypal.example' } }).where(eq(s.affiliates.id, payee.id));
    commissionIds = [await sale('payee', '400.00'), await sale('payee', '250.00')];
    await demo().reviews.approve({ ids: commissionIds });
    const [conv] = await t.db.select().from(s.commissions).where(eq(s.commissions.id, commissionIds[0]!));
    // A refund of an earlier, already paid commission left a negative adjustment for the next payout.
    await t.db.insert(s.commissions).values({
      merchantId: 'demo',
      conversionId: conv!.conversionId,
      affiliateId: payee.id,
      amount: -500,
      originalAmount: -500,
      currency: 'USD',
      status: 'approved',
      kind: 'adjustment',
    });
    // Below the minimum: a small affiliate.
    const small = await affiliate('small');
    await demo().reviews.approve({ ids: [await sale('small', '100.00')] });
    expect(small.id).toBeTruthy();
  });

  it('owes approved, unpaid commissions minus adjustments, over the minimum', async () => {
    const owed = await demo().payouts.owed({ minimum: '50.00' });
    const row = owed.rows.find((r) => r.refId === 'payee')!;
    expect(row).toMatchObject({ amount: 6000, currency: 'USD', commissions: 3, payoutMethod: 'paypal' });
    expect(row.payoutDetails).toEqual({ paypalEmail: 'payee@paypal.example' });
    expect(owed.rows.find((r) => r.refId === 'small')).toBeUndefined();
    expect(owed.below).toBeGreaterThanOrEqual(1);
    expect((await demo().payouts.owed({ minimum: '5' })).rows.find((r) => r.refId === 'small')?.amount).toBe(1000);
    expect((await demo().payouts.owed({ minimum: '60.01' })).rows.find((r) => r.refId === 'payee')).toBeUndefined();
    expect(await code(demo().payouts.owed({ minimum: 'abc' }))).toBe('BAD_REQUEST');
    expect((await other().payouts.owed({})).rows.find((r) => r.refId === 'payee')).toBeUndefined();
  });

  it('two batches created at once pay each commission exactly once', async () => {
    const input = { minimum: '50.00', items: [{ affiliateId: payee.id, currency: 'USD' }] };
    const results = await Promise.allSettled([demo().payouts.createBatch(input), demo().payouts.createBatch(input)]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as TRPCError).code).toBe('CONFLICT');
    const batch = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<ReturnType<typeof demo>['payouts']['createBatch']>>>).value;
    batchId = batch.batchId;
    expect(batch.payouts).toEqual([expect.objectContaining({ affiliateId: payee.id, currency: 'USD', amount: 6000, commissions: 3 })]);
    const rows = await t.db.select().from(s.payouts).where(eq(s.payouts.affiliateId, payee.id));
    expect(rows).toHaveLength(1);
    const linked = await t.db.select().from(s.commissions).where(eq(s.commissions.affiliateId, payee.id));
    expect(linked.every((c) => c.payoutId === rows[0]!.id)).toBe(true);
    expect((await demo().payouts.owed({})).rows.find((r) => r.refId === 'payee')).toBeUndefined();
    // A commission in a payout can no longer be declined.
    expect(await demo().reviews.decline({ ids: [commissionIds[0]!] })).toEqual({ changed: 0, skipped: 1 });
  });

  it('refuses another merchant’s affiliate and batch', async () => {
    expect(await code(other().payouts.createBatch({ minimum: '0', items: [{ affiliateId: payee.id, currency: 'USD' }] }))).toBe('NOT_FOUND');
    expect(await code(other().payouts.batch({ batchId }))).toBe('NOT_FOUND');
    expect(await code(other().payouts.markPaid({ batchId }))).toBe('NOT_FOUND');
    expect((await t.db.select().from(s.payouts).where(eq(s.payouts.batchId, batchId)))[0]!.status).toBe('pending');
  });

  it('exports the batch as CSV and as a PayPal payouts file', async () => {
    const rows = await getPayoutBatch(t.db, 'demo', batchId);
    const p = rows[0]!;
    expect(batchCsv(rows).split('\r\n')).toEqual([
      'payout_id,batch_id,affiliate_ref_id,affiliate_name,affiliate_email,amount,currency,status,method,paypal_email,account_holder,iban,bic,bank_name,commissions,created_at,paid_at',
      `${p.id},${batchId},payee,PAYEE,payee@example.com,60.00,USD,pending,paypal,payee@paypal.example,,,,,3,${p.createdAt.toISOString()},`,
      '',
    ]);
    expect(paypalFile(rows, { programName: 'Demo Shop' })).toEqual({
      currency: 'USD',
      csv: 'payee@paypal.example,60.00,USD,payee,Affiliate commissions from Demo Shop,PAYPAL\r\n',
    });
    expect(() => paypalFile(rows, { programName: 'Demo Shop', currency: 'EUR' })).toThrow('No unpaid PayPal payouts in EUR');
    const view = await demo().payouts.batch({ batchId });
    expect(view.paypalCurrencies).toEqual(['USD']);
  });

  it('mark paid moves the payout and its commissions to paid; the affiliate sees it', async () => {
    expect(await demo().payouts.markPaid({ batchId })).toEqual({ payouts: 1, commissions: 3 });
    expect(await demo().payouts.markPaid({ batchId })).toEqual({ payouts: 0, commissions: 0 });
    const [payout] = await t.db.select().from(s.payouts).where(eq(s.payouts.batchId, batchId));
    expect(payout).toMatchObject({ status: 'paid', amount: 6000 });
    expect(payout!.paidAt).toBeInstanceOf(Date);
    const linked = await t.db.select().from(s.commissions).where(eq(s.commissions.payoutId, payout!.id));
    expect(linked.map((c) => c.status)).toEqual(['paid', 'paid', 'paid']);
    // Paid: no longer in the PayPal file.
    expect(() => paypalFile([], { programName: 'Demo Shop' })).toThrow('No unpaid PayPal payouts');
    const after = await getPayoutBatch(t.db, 'demo', batchId);
    expect(() => paypalFile(after, { programName: 'Demo Shop' })).toThrow('No unpaid PayPal payouts');
    const batches = await demo().payouts.batches();
    expect(batches.find((b) => b.batchId === batchId)).toMatchObject({ payouts: 1, paid: 1, totals: [{ currency: 'USD', amount: 6000 }] });

    const asPayee = caller(session({ role: 'affiliate', merchantId: 'demo', affiliateId: payee.id }));
    const mine = await asPayee.affiliate.payouts();
    expect(mine.history).toEqual([expect.objectContaining({ id: payout!.id, amount: 6000, currency: 'USD', status: 'paid', method: 'paypal' })]);
    expect(mine.balance.approved).toEqual([]);

  });

  it('marks a single payout paid', async () => {
    const solo = await affiliate('solo');
    await demo().reviews.approve({ ids: [await sale('solo', '700.00')] });
    const { batchId: b, payouts } = await demo().payouts.createBatch({ minimum: '50', items: [{ affiliateId: solo.id, currency: 'USD' }] });
    expect(await code(demo().payouts.markPaid({ payoutId: crypto.randomUUID() }))).toBe('NOT_FOUND');
    expect(await demo().payouts.markPaid({ payoutId: payouts[0]!.id })).toEqual({ payouts: 1, commissions: 1 });
    expect((await demo().payouts.batch({ batchId: b })).payouts[0]!.status).toBe('paid');
  });
});
