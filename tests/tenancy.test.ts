// Tenant scoping through tRPC: an affiliate never reads another affiliate's rows,
// a merchant never another merchant's; wrong role or no session is refused.
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { recordConversion } from '@/server/tracking/record-conversion';
import { invalidateLookups } from '@/server/tracking/lookups';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, type TestDb } from './helpers/db';
import { sessionOf as session, refusalCode as code } from './helpers/trpc';

let t: TestDb;
let demoAff: s.Affiliate;
let otherMerchantAff: s.Affiliate;
let otherCommissionId: string;
let ownCommissionId: string;

const caller = (sess: Session | null) => createCaller({ db: t.db, session: sess, ip: '127.0.0.1' });

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  invalidateLookups();
  await signUpMerchant(t.db, {
    programName: 'Other Shop',
    accountId: 'other-shop',
    name: 'Olga',
    email: 'olga@other.example',
    password: 'a-long-password',
    currency: 'EUR',
  });
  demoAff = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
  await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'rival', name: 'Rival', email: 'rival@example.com', status: 'approved' });
  otherMerchantAff = (await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'other-shop', refId: 'elsewhere', name: 'Elsewhere', email: 'e@example.com', status: 'approved' })
    .returning())[0]!;
  const own = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: 'own-1', total: '100.00', explicitAffiliate: 'demo-aff' });
  const theirs = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: 'rival-1', total: '50.00', explicitAffiliate: 'rival' });
  const [c1] = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, own.conversionId));
  const [c2] = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, theirs.conversionId));
  ownCommissionId = c1!.id;
  otherCommissionId = c2!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('procedure kinds', () => {
  it('refuse callers without a session (UNAUTHORIZED) and of the other role (FORBIDDEN)', async () => {
    expect(await code(caller(null).merchant.account())).toBe('UNAUTHORIZED');
    expect(await code(caller(null).affiliate.me())).toBe('UNAUTHORIZED');
    const asAffiliate = caller(session({ role: 'affiliate', merchantId: 'demo', affiliateId: demoAff.id }));
    const asMerchant = caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'demo' }));
    expect(await code(asAffiliate.merchant.affiliates.list())).toBe('FORBIDDEN');
    expect(await code(asMerchant.affiliate.commissions.list())).toBe('FORBIDDEN');
  });
});

describe('an affiliate', () => {
  const me = () => caller(session({ role: 'affiliate', merchantId: 'demo', affiliateId: demoAff.id }));

  it('sees only its own commissions', async () => {
    const rows = await me().affiliate.commissions.list();
    expect(rows.map((r) => r.id)).toEqual([ownCommissionId]);
    expect(rows[0]).not.toHaveProperty('customerEmail');
    expect((await me().affiliate.commissions.byId({ id: ownCommissionId })).amount).toBe(1000);
  });

  it('cannot read another affiliate’s commission by id', async () => {
    expect(await code(me().affiliate.commissions.byId({ id: otherCommissionId }))).toBe('NOT_FOUND');
    expect(await code(me().affiliate.commissions.byId({ id: 'not-a-uuid' }))).toBe('NOT_FOUND');
  });

  it('counts only its own figures on the dashboard', async () => {
    const o = await me().affiliate.overview({ days: 30 });
    expect(o.conversions).toBe(1);
    expect(o.commissions.pending).toEqual([{ currency: 'USD', amount: 1000 }]);
  });

  it('is scoped by the session, not by input: another merchant’s affiliate id in the session sees nothing of demo', async () => {
    const stranger = caller(session({ role: 'affiliate', merchantId: 'other-shop', affiliateId: otherMerchantAff.id }));
    expect(await stranger.affiliate.commissions.list()).toEqual([]);
    expect(await code(stranger.affiliate.commissions.byId({ id: ownCommissionId }))).toBe('NOT_FOUND');
  });
});

describe('a merchant', () => {
  const demo = () => caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'demo' }));
  const other = () => caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'other-shop' }));

  it('lists only its own affiliates', async () => {
    const refIds = (await other().merchant.affiliates.list()).rows.map((a) => a.refId);
    expect(refIds).toEqual(['elsewhere']);
    const demoRefs = (await demo().merchant.affiliates.list()).rows.map((a) => a.refId).sort();
    expect(demoRefs).toEqual(['demo-aff', 'demo-sub', 'rival']);
  });

  it('cannot read another merchant’s affiliate or commissions', async () => {
    expect(await code(other().merchant.affiliates.byId({ id: demoAff.id }))).toBe('NOT_FOUND');
    expect((await demo().merchant.affiliates.byId({ id: demoAff.id })).refId).toBe('demo-aff');
    expect(await other().merchant.commissions.list()).toEqual([]);
    expect((await demo().merchant.commissions.list()).length).toBe(2);
    expect((await other().merchant.account()).name).toBe('Other Shop');
    expect((await other().merchant.overview({ days: 30 })).conversions).toBe(0);
  });
});

describe('merchant sign-up', () => {
  it('creates the account, its first user and a default campaign; refuses duplicates with field errors', async () => {
    const [campaign] = await t.db.select().from(s.campaigns).where(eq(s.campaigns.merchantId, 'other-shop'));
    expect(campaign).toMatchObject({ isDefault: true, currency: 'EUR' });
    expect(await code(caller(null).auth.signUpMerchant({
      programName: 'Again', accountId: 'other-shop', name: 'X', email: 'new@example.com', password: 'another-password', currency: 'USD',
    }))).toBe('CONFLICT');
    expect(await code(caller(null).auth.signUpMerchant({
      programName: 'Again', accountId: 'fresh-one', name: 'X', email: 'OLGA@other.example', password: 'another-password', currency: 'USD',
    }))).toBe('CONFLICT');
    expect(await code(caller(null).auth.signUpMerchant({
      programName: 'Bad', accountId: 'Bad Id!', name: 'X', email: 'not-an-email', password: 'short', currency: 'US',
    }))).toBe('BAD_REQUEST');
    // Nothing was written by the refused attempts.
    expect((await t.db.select().from(s.merchants)).map((m) => m.id).sort()).toEqual(['demo', 'other-shop']);
  });
});

describe('the affiliate panel’s procedures stay inside the session’s affiliate', () => {
  const as = (a: s.Affiliate) => caller(session({ role: 'affiliate', merchantId: a.merchantId, affiliateId: a.id }));

  it('payout details and profile changes touch only the caller’s own row', async () => {
    const [rival] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'rival'));
    // Changing where one is paid takes the account's own user and password.
    const [demoUser] = await t.db.select().from(s.users).where(eq(s.users.affiliateId, demoAff.id));
    const asMe = caller(session({ id: demoUser!.id, role: 'affiliate', merchantId: 'demo', affiliateId: demoAff.id }));
    await asMe.affiliate.updatePayoutDetails({
      payoutMethod: 'paypal',
      paypalEmail: 'pay@demo.example',
      currentPassword: 'demo-affiliate',
    });
    const [after] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, rival!.id));
    expect(after!.payoutDetails).toBeNull();
    const mine = await as(demoAff).affiliate.payouts();
    expect(mine.details).toEqual({ payoutMethod: 'paypal', payoutDetails: { paypalEmail: 'pay@demo.example' } });
    // Extra fields naming another affiliate are not part of the input and change nothing.
    await asMe.affiliate.updatePayoutDetails({
      payoutMethod: 'paypal', paypalEmail: 'x@demo.example', currentPassword: 'demo-affiliate', affiliateId: rival!.id,
    } as never);
    expect((await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, rival!.id)))[0]!.payoutDetails).toBeNull();
  });

  it('sub-affiliates, payouts and the chart are the caller’s own', async () => {
    const subs = await as(demoAff).affiliate.subAffiliates();
    expect(subs.map((x) => x.refId)).toEqual(['demo-sub']);
    const [rival] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'rival'));
    expect(await as(rival!).affiliate.subAffiliates()).toEqual([]);
    const series = await as(rival!).affiliate.series({ days: 7 });
    expect(series.reduce((a, d) => a + d.commissions, 0)).toBe(500);
    const own = await as(demoAff).affiliate.series({ days: 7 });
    expect(own.reduce((a, d) => a + d.commissions, 0)).toBe(1000);
    expect((await as(rival!).affiliate.payouts()).balance.pending).toEqual([{ currency: 'USD', amount: 500 }]);
  });

  it('a merchant cannot change another merchant’s affiliate', async () => {
    const other = caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'other-shop' }));
    expect(await code(other.merchant.affiliates.setStatus({ id: demoAff.id, status: 'suspended' }))).toBe('NOT_FOUND');
    const [still] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, demoAff.id));
    expect(still!.status).toBe('approved');
    // …while its own merchant can, and the change is audited.
    const demo = caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'demo' }));
    const [rival] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'rival'));
    await demo.merchant.affiliates.setStatus({ id: rival!.id, status: 'suspended' });
    const audit = await t.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, rival!.id));
    expect(audit[0]).toMatchObject({ merchantId: 'demo', action: 'affiliate.status', details: { from: 'approved', to: 'suspended' } });
    await demo.merchant.affiliates.setStatus({ id: rival!.id, status: 'approved' });
  });
});

describe('joining a program', () => {
  it('joins pending, links the parent of the same program only, and refuses a taken email', async () => {
    const join = (account: string, form: Record<string, unknown>) =>
      caller(null).auth.joinProgram({ account, form: { password: 'a-long-password', promotionMethod: 'blog', acceptTerms: true, ...form } as never });
    const a = await join('demo', { name: 'Kim Lee', email: 'kim@example.com', parent: 'demo-aff' });
    expect(a.status).toBe('pending');
    expect(a.refId).toMatch(/^kim-lee-[a-z0-9]{1,4}$/);
    const [kim] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, a.refId));
    expect(kim!.parentId).toBe(demoAff.id);
    // A parent from another program is not a parent here.
    const b = await join('other-shop', { name: 'Lou', email: 'lou@example.com', parent: 'demo-aff' });
    const [lou] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, b.refId));
    expect(lou!.parentId).toBeNull();
    expect(await code(join('demo', { name: 'Kim again', email: 'KIM@example.com' }))).toBe('CONFLICT');
    expect(await code(join('no-such-program', { name: 'X', email: 'x@example.com' }))).toBe('NOT_FOUND');
    expect(await code(join('demo', { name: 'Weak', email: 'weak@example.com', password: 'aaaaaaaa' }))).toBe('BAD_REQUEST');
  });
});
