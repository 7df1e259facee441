// Tenant scoping through tRPC: an affiliate never reads another affiliate's rows,
// a merchant never another merchant's; wrong role or no session is refused.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { recordConversion } from '@/server/tracking/record-conversion';
import { invalidateLookups } from '@/server/tracking/lookups';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let demoAff: s.Affiliate;
let otherMerchantAff: s.Affiliate;
let otherCommissionId: string;
let ownCommissionId: string;

const session = (user: Partial<Session['user']>): Session =>
  ({ user: { id: crypto.randomUUID(), email: 'x@example.com', affiliateId: null, ...user }, expires: '2099-01-01' }) as Session;
const caller = (sess: Session | null) => createCaller({ db: t.db, session: sess, ip: '127.0.0.1' });
const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
};

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
    const asMerchant = caller(session({ role: 'merchant', merchantId: 'demo' }));
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
  const demo = () => caller(session({ role: 'merchant', merchantId: 'demo' }));
  const other = () => caller(session({ role: 'merchant', merchantId: 'other-shop' }));

  it('lists only its own affiliates', async () => {
    const refIds = (await other().merchant.affiliates.list()).map((a) => a.refId);
    expect(refIds).toEqual(['elsewhere']);
    const demoRefs = (await demo().merchant.affiliates.list()).map((a) => a.refId).sort();
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
