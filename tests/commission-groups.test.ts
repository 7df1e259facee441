// Commission groups (Post Affiliate Pro's): a named set of rules per campaign that overrides
// the campaign's rules for the affiliates put in it. Through tRPC (createCaller) as the panel
// calls it, and through the tracker: each tier is paid by the group of the affiliate paid.
import { TRPCError } from '@trpc/server';
import { and, eq, like } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
const userId = crypto.randomUUID();
const session = (merchantId: string): Session =>
  ({ user: { id: userId, email: 'm@example.com', role: 'merchant', teamRole: 'owner', merchantId, affiliateId: null }, expires: '2099-01-01' }) as Session;
const demo = () => createCaller({ db: t.db, session: session('demo'), ip: '127.0.0.1' }).campaigns;
const other = () => createCaller({ db: t.db, session: session('other-shop'), ip: '127.0.0.1' }).campaigns;

let affId: string;
let subId: string;
let n = 0;
/** A 100.00 sale referred by `refId`: who earns what (minor units), by tier. */
async function sale(refId: string) {
  const r = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: `grp-${++n}`, total: '100.00', explicitAffiliate: refId });
  return r.commissions.map((c) => ({ affiliate: c.affiliate, tier: c.tier, amount: c.amount }));
}
async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'ok';
}

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  invalidateLookups();
  await signUpMerchant(t.db, {
    programName: 'Other Shop', accountId: 'other-shop', name: 'Olga', email: 'olga@other.example', password: 'a-long-password', currency: 'USD',
  });
  const [aff] = await t.db.select().from(s.affiliates).where(and(eq(s.affiliates.merchantId, 'demo'), eq(s.affiliates.refId, 'demo-aff')));
  const [sub] = await t.db.select().from(s.affiliates).where(and(eq(s.affiliates.merchantId, 'demo'), eq(s.affiliates.refId, 'demo-sub')));
  affId = aff!.id;
  subId = sub!.id;
  expect(sub!.parentId).toBe(affId);
});
afterAll(() => t?.close());

describe('commission groups', () => {
  let vip: string;

  it('a group is made with its rules; its rules are not the campaign’s', async () => {
    vip = (await demo().groups.create({ campaignId: 'cmp_demo', name: 'VIP' })).id;
    await demo().groups.addRule({ groupId: vip, actionCode: '', tier: 1, kind: 'percent', value: '20' });
    await demo().groups.addRule({ groupId: vip, actionCode: '', tier: 2, kind: 'percent', value: '5' });
    expect(await code(demo().groups.addRule({ groupId: vip, actionCode: '', tier: 1, kind: 'percent', value: '25' }))).toBe(
      'CONFLICT: actionCode: this group already has a rule for this action, product and tier.',
    );
    expect(await code(demo().groups.create({ campaignId: 'cmp_demo', name: 'vip' }))).toBe('CONFLICT: name: this campaign already has a group of this name.');
    const { rules, groups } = await demo().byId({ id: 'cmp_demo' });
    expect(rules.every((r) => r.commissionGroupId === null)).toBe(true);
    expect(rules.find((r) => r.actionCode === '' && r.tier === 1)?.percentBp).toBe(1000);
    expect(groups).toEqual([expect.objectContaining({ id: vip, name: 'VIP', members: 0 })]);
    expect(groups[0]!.rules.map((r) => [r.tier, r.percentBp])).toEqual([
      [1, 2000],
      [2, 500],
    ]);
    // Nobody is in it yet: the campaign's 10 % and 2 %.
    expect(await sale('demo-sub')).toEqual([
      { affiliate: 'demo-sub', tier: 1, amount: 1000 },
      { affiliate: 'demo-aff', tier: 2, amount: 200 },
    ]);
  });

  it('a member of the 20 % group earns 20 %, a non-member the campaign’s 10 %; each tier by the group of the one paid', async () => {
    expect(await demo().groups.setMembers({ campaignId: 'cmp_demo', groupId: vip, affiliateIds: [affId] })).toEqual({ changed: 1 });
    expect(await demo().groups.ofAffiliate({ affiliateId: affId })).toEqual({ cmp_demo: vip });
    expect(await sale('demo-aff')).toEqual([{ affiliate: 'demo-aff', tier: 1, amount: 2000 }]);
    // demo-sub is not in the group (10 %); its parent demo-aff is, and earns the group's tier-2 5 %.
    expect(await sale('demo-sub')).toEqual([
      { affiliate: 'demo-sub', tier: 1, amount: 1000 },
      { affiliate: 'demo-aff', tier: 2, amount: 500 },
    ]);
    // Moved: the sub-affiliate in, the parent back on the campaign's rules.
    await demo().groups.setMembers({ campaignId: 'cmp_demo', groupId: vip, affiliateIds: [subId] });
    await demo().groups.setMembers({ campaignId: 'cmp_demo', groupId: null, affiliateIds: [affId] });
    expect(await sale('demo-sub')).toEqual([
      { affiliate: 'demo-sub', tier: 1, amount: 2000 },
      { affiliate: 'demo-aff', tier: 2, amount: 200 },
    ]);
  });

  it('a conversion credited by hand pays by the same groups', async () => {
    const { conversionId } = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'grp-manual', total: '100.00' });
    const credited = await createCaller({ db: t.db, session: session('demo'), ip: '127.0.0.1' }).trackingLog.credit({ conversionId, affiliateId: subId });
    expect(credited.commissions.map((c) => ({ affiliate: c.affiliate, tier: c.tier, amount: c.amount }))).toEqual([
      { affiliate: 'demo-sub', tier: 1, amount: 2000 },
      { affiliate: 'demo-aff', tier: 2, amount: 200 },
    ]);
  });

  it('another merchant can neither see, change nor use the group', async () => {
    expect(await code(other().groups.addRule({ groupId: vip, actionCode: 'lead', tier: 1, kind: 'fixed', value: '1.00' }))).toMatch(/^NOT_FOUND/);
    expect(await code(other().groups.rename({ id: vip, name: 'Mine' }))).toMatch(/^NOT_FOUND/);
    expect(await code(other().groups.delete({ id: vip }))).toMatch(/^NOT_FOUND/);
    expect(await code(other().groups.setMembers({ campaignId: 'cmp_demo', groupId: vip, affiliateIds: [affId] }))).toMatch(/^NOT_FOUND/);
    expect(await other().groups.choices()).toEqual([]);
    expect(await code(other().groups.ofAffiliate({ affiliateId: subId }))).toBe('NOT_FOUND: No such affiliate.');
  });

  it('a group of one campaign cannot be given for another', async () => {
    const cmp = (await demo().create({ name: 'Second', currency: 'USD', cookieDays: 30, attributionModel: 'last_click' })).id;
    expect(await code(demo().groups.setMembers({ campaignId: cmp, groupId: vip, affiliateIds: [affId] }))).toBe(
      'NOT_FOUND: No such commission group in this campaign.',
    );
  });

  it('renaming and deleting are audited; a deleted group’s members are back on the campaign’s rules', async () => {
    await demo().groups.rename({ id: vip, name: 'Gold' });
    expect((await demo().groups.choices()).map((g) => g.name)).toEqual(['Gold']);
    await demo().groups.delete({ id: vip });
    expect(await sale('demo-sub')).toEqual([
      { affiliate: 'demo-sub', tier: 1, amount: 1000 },
      { affiliate: 'demo-aff', tier: 2, amount: 200 },
    ]);
    expect(await t.db.select().from(s.affiliateCommissionGroups)).toEqual([]);
    const actions = (await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.merchantId, 'demo'), like(s.auditLog.action, '%group%')))).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['commission_group.create', 'commission_group.rename', 'commission_group.delete', 'affiliate.commission_group']),
    );
  });
});
