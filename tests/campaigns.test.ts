// Campaigns section through tRPC (createCaller): campaigns, default switch, commission
// rules (percent parsing, fixed in the campaign currency, uniqueness), banners on
// allowed domains only, coupons unique case-insensitively, tenant isolation, and the
// tracker paying what the rules edited here say.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { ZodError } from 'zod';
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

/** The tRPC code and the field errors a form would show. */
async function failure(p: Promise<unknown>): Promise<{ code: string; fields: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const fields: Record<string, string> = {};
    if (e.cause instanceof ZodError) for (const i of e.cause.issues) fields[i.path.join('.')] ??= i.message;
    else {
      const m = /^([A-Za-z0-9_.]+): (.+)$/.exec(e.message);
      if (m) fields[m[1]!] = m[2]!;
    }
    return { code: e.code, fields };
  }
  throw new Error('expected a failure');
}

const auditCount = async () => (await t.db.select().from(s.auditLog).where(eq(s.auditLog.merchantId, 'demo'))).length;
const rulesOf = (campaignId: string) => t.db.select().from(s.commissionRules).where(eq(s.commissionRules.campaignId, campaignId));

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
});
afterAll(async () => {
  await t?.close();
});

describe('the tracker pays what the rules edited here say', () => {
  it('a lead rule of 5.00 pays 500; a sale rule changed to 15 % pays 1500 on 100.00', async () => {
    await demo().rules.add({ campaignId: 'cmp_demo', actionCode: 'lead', tier: 1, kind: 'fixed', value: '5.00' });
    invalidateLookups();
    const lead = await recordConversion(t.db, { merchantId: 'demo', source: 'test', actionCode: 'lead', explicitAffiliate: 'demo-aff' });
    expect(lead.commissions).toEqual([expect.objectContaining({ affiliate: 'demo-aff', tier: 1, amount: 500, currency: 'USD' })]);

    const [sale] = (await rulesOf('cmp_demo')).filter((r) => r.actionCode === '' && r.tier === 1);
    await demo().rules.update({ id: sale!.id, actionCode: '', tier: 1, kind: 'percent', value: '15' });
    invalidateLookups();
    const paid = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: 'o-15', total: '100.00', explicitAffiliate: 'demo-aff' });
    expect(paid.commissions.find((c) => c.tier === 1)).toMatchObject({ amount: 1500, currency: 'USD' });
  });
});

describe('campaigns', () => {
  it('creates one (not the default), edits its settings, audits both, and refuses bad values', async () => {
    const before = await auditCount();
    const { id } = await demo().create({ name: 'Spring sale', currency: 'eur', cookieDays: '45', attributionModel: 'first_click' });
    expect(id).toMatch(/^cmp_[0-9a-z]{12}$/);
    const listed = (await demo().list()).find((c) => c.id === id);
    expect(listed).toMatchObject({ name: 'Spring sale', currency: 'EUR', cookieDays: 45, attributionModel: 'first_click', isDefault: false, rules: 0 });

    await demo().update({
      id,
      name: 'Spring sale 2',
      currency: 'EUR',
      cookieDays: 60,
      attributionModel: 'last_click',
      lifetimeCommissions: true,
      recurringCommissions: true,
      autoApprove: false,
      autoApproveAfterDays: '14',
      fingerprintWindowHours: '12',
    });
    const { campaign } = await demo().byId({ id });
    expect(campaign).toMatchObject({ name: 'Spring sale 2', cookieDays: 60, lifetimeCommissions: true, autoApproveAfterDays: 14, fingerprintWindowHours: 12 });
    expect(await auditCount()).toBe(before + 2);

    const bad = await failure(
      demo().update({ ...campaign, currency: 'XYZ', cookieDays: '0', autoApproveAfterDays: 'x', fingerprintWindowHours: 24 }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.fields).sort()).toEqual(['autoApproveAfterDays', 'cookieDays', 'currency']);
    expect((await demo().byId({ id })).campaign.name).toBe('Spring sale 2');
  });

  it('switches the default: exactly one default, the default cannot be archived, an archived one cannot become default', async () => {
    const { id } = await demo().create({ name: 'Summer', currency: 'USD', cookieDays: 30, attributionModel: 'last_click' });
    await demo().setDefault({ id });
    const defaults = () => t.db.select().from(s.campaigns).where(and(eq(s.campaigns.merchantId, 'demo'), eq(s.campaigns.isDefault, true)));
    expect((await defaults()).map((c) => c.id)).toEqual([id]);
    expect((await failure(demo().setArchived({ id, archived: true }))).fields).toHaveProperty('archived');

    await demo().setArchived({ id: 'cmp_demo', archived: true });
    expect((await failure(demo().setDefault({ id: 'cmp_demo' }))).fields).toHaveProperty('isDefault');
    await demo().setArchived({ id: 'cmp_demo', archived: false });
    await demo().setDefault({ id: 'cmp_demo' });
    expect((await defaults()).map((c) => c.id)).toEqual(['cmp_demo']);
    const actions = (await t.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, 'cmp_demo'))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['campaign.archive', 'campaign.restore', 'campaign.default']));
  });
});

describe('commission rules', () => {
  it('parses percentages into basis points, refuses bad ones next to the field, refuses a twin, deletes', async () => {
    const { id } = await demo().create({ name: 'Rules', currency: 'USD', cookieDays: 30, attributionModel: 'last_click' });
    const ten = await demo().rules.add({ campaignId: id, actionCode: '', tier: '1', kind: 'percent', value: '10' });
    expect(ten).toMatchObject({ percentBp: 1000, fixedAmount: null, productId: null });
    const tier2 = await demo().rules.add({ campaignId: id, actionCode: '', tier: 2, kind: 'percent', value: '2.5' });
    expect(tier2.percentBp).toBe(250);

    for (const value of ['10.005', '-1', '101', 'ten']) {
      const f = await failure(demo().rules.add({ campaignId: id, actionCode: 'signup', tier: 1, kind: 'percent', value }));
      expect(f.code).toBe('BAD_REQUEST');
      expect(f.fields).toHaveProperty('value');
    }

    const twin = await failure(demo().rules.add({ campaignId: id, actionCode: '', tier: 1, kind: 'fixed', value: '3' }));
    expect(twin.code).toBe('CONFLICT');
    expect(twin.fields.actionCode).toMatch(/already has a rule/);
    // The same action and tier for one product is a different rule.
    const product = await demo().rules.add({ campaignId: id, actionCode: '', productId: 'pro-plan', tier: 1, kind: 'percent', value: '20' });
    expect(product.percentBp).toBe(2000);
    // Editing a rule into its twin is refused as well, and changes nothing.
    const clash = await failure(demo().rules.update({ id: product.id, actionCode: '', productId: '', tier: 1, kind: 'percent', value: '30' }));
    expect(clash.code).toBe('CONFLICT');
    expect((await rulesOf(id)).find((r) => r.id === product.id)).toMatchObject({ productId: 'pro-plan', percentBp: 2000 });

    await demo().rules.delete({ id: tier2.id });
    expect((await rulesOf(id)).map((r) => r.id).sort()).toEqual([ten.id, product.id].sort());
    const audit = await t.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, tier2.id));
    expect(audit.map((a) => a.action)).toEqual(['rule.create', 'rule.delete']);
  });

  it('keeps a fixed rule in the campaign currency’s minor units (JPY has none)', async () => {
    const { id } = await demo().create({ name: 'Japan', currency: 'JPY', cookieDays: 30, attributionModel: 'last_click' });
    const rule = await demo().rules.add({ campaignId: id, actionCode: 'signup', tier: 1, kind: 'fixed', value: '500' });
    expect(rule).toMatchObject({ kind: 'fixed', fixedAmount: 500, percentBp: null });
    const f = await failure(demo().rules.add({ campaignId: id, actionCode: 'lead', tier: 1, kind: 'fixed', value: '5.5' }));
    expect(f).toEqual({ code: 'BAD_REQUEST', fields: { value: 'JPY has 0 decimals at most.' } });
    expect(await rulesOf(id)).toHaveLength(1);
  });
});

describe('banners and text links', () => {
  it('accepts targets on the allowed domains only; a text link needs its text', async () => {
    const base = { campaignId: 'cmp_demo', name: 'Leaderboard', kind: 'image' as const, imageUrl: 'https://cdn.example.com/728.png', width: '728', height: '90' };
    const off = await failure(demo().banners.create({ ...base, targetUrl: 'https://evil.example/landing' }));
    expect(off.code).toBe('BAD_REQUEST');
    expect(off.fields.targetUrl).toMatch(/localhost, 127\.0\.0\.1/);
    expect(await t.db.select().from(s.banners)).toHaveLength(0);

    const image = await demo().banners.create({ ...base, targetUrl: 'http://localhost:3000/demo/shop/product/1' });
    expect(image).toMatchObject({ kind: 'image', width: 728, height: 90, linkText: null });
    expect(image.id).toMatch(/^bnr_[0-9a-z]{12}$/);
    expect((await failure(demo().banners.create({ campaignId: 'cmp_demo', name: 'Text', kind: 'text' }))).fields).toHaveProperty('linkText');
    const text = await demo().banners.create({ campaignId: 'cmp_demo', name: 'Text', kind: 'text', linkText: 'Shop <now>' });
    expect(text).toMatchObject({ targetUrl: null, imageUrl: null, linkText: 'Shop <now>' });

    const moved = await failure(demo().banners.update({ id: text.id, name: 'Text', kind: 'text', linkText: 'x', targetUrl: 'javascript:alert(1)' }));
    expect(moved.fields).toHaveProperty('targetUrl');
    await demo().banners.setArchived({ id: image.id, archived: true });
    const { banners } = await demo().byId({ id: 'cmp_demo' });
    expect(banners.map((b) => [b.name, b.archived, b.linkText])).toEqual([
      ['Text', false, 'Shop <now>'],
      ['Leaderboard', true, null],
    ]);
  });
});

describe('coupons', () => {
  it('stores codes upper-case, unique per merchant whatever the case; approved affiliates only; deactivates', async () => {
    const [aff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    const coupon = await demo().coupons.create({ code: ' summer20 ', affiliateId: aff!.id, campaignId: '' });
    expect(coupon).toMatchObject({ code: 'SUMMER20', campaignId: null, active: true });
    for (const code of ['Summer20', 'demo10']) {
      const f = await failure(demo().coupons.create({ code, affiliateId: aff!.id }));
      expect(f.code).toBe('CONFLICT');
      expect(f.fields).toHaveProperty('code');
    }
    const [pending] = await t.db
      .insert(s.affiliates)
      .values({ merchantId: 'demo', refId: 'waiting', name: 'Waiting', email: 'w@example.com' })
      .returning();
    expect((await failure(demo().coupons.create({ code: 'WAIT5', affiliateId: pending!.id }))).fields).toHaveProperty('affiliateId');
    expect((await demo().coupons.options()).affiliates.map((a) => a.refId)).not.toContain('waiting');

    await demo().coupons.setActive({ id: coupon.id, active: false });
    const listed = await demo().coupons.list();
    expect(listed.map((c) => [c.code, c.active, c.affiliateRefId])).toEqual([
      ['DEMO10', true, 'demo-aff'],
      ['SUMMER20', false, 'demo-aff'],
    ]);
  });
});

describe('another merchant', () => {
  it('can neither read nor change any of demo’s campaigns, rules, banners or coupons (NOT_FOUND, nothing changed)', async () => {
    const snapshot = async () => ({
      campaigns: await t.db.select().from(s.campaigns).where(eq(s.campaigns.merchantId, 'demo')),
      rules: await t.db.select().from(s.commissionRules).where(eq(s.commissionRules.merchantId, 'demo')),
      banners: await t.db.select().from(s.banners).where(eq(s.banners.merchantId, 'demo')),
      coupons: await t.db.select().from(s.coupons).where(eq(s.coupons.merchantId, 'demo')),
    });
    const before = await snapshot();
    const rule = before.rules[0]!;
    const banner = before.banners[0]!;
    const coupon = before.coupons[0]!;
    const [aff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    const [own] = await t.db
      .insert(s.affiliates)
      .values({ merchantId: 'other-shop', refId: 'elsewhere', name: 'Elsewhere', email: 'e@example.com', status: 'approved' })
      .returning();
    const settings = { name: 'Taken', currency: 'USD', cookieDays: 1, attributionModel: 'last_click' as const };

    const attempts: (() => Promise<unknown>)[] = [
      () => other().byId({ id: 'cmp_demo' }),
      () => other().update({ id: 'cmp_demo', ...settings, lifetimeCommissions: false, recurringCommissions: false, autoApprove: true, autoApproveAfterDays: '', fingerprintWindowHours: 1 }),
      () => other().setDefault({ id: 'cmp_demo' }),
      () => other().setArchived({ id: 'cmp_demo', archived: true }),
      () => other().rules.add({ campaignId: 'cmp_demo', actionCode: 'x', tier: 1, kind: 'percent', value: '99' }),
      () => other().rules.update({ id: rule.id, actionCode: '', tier: 1, kind: 'percent', value: '99' }),
      () => other().rules.delete({ id: rule.id }),
      () => other().banners.create({ campaignId: 'cmp_demo', name: 'Mine', kind: 'text', linkText: 'x' }),
      () => other().banners.update({ id: banner.id, name: 'Mine', kind: 'text', linkText: 'x' }),
      () => other().banners.setArchived({ id: banner.id, archived: true }),
      () => other().coupons.setActive({ id: coupon.id, active: false }),
      () => other().coupons.create({ code: 'STOLEN', affiliateId: aff!.id }),
      () => other().coupons.create({ code: 'STOLEN', affiliateId: own!.id, campaignId: 'cmp_demo' }),
    ];
    for (const attempt of attempts) expect((await failure(attempt())).code).toBe('NOT_FOUND');

    expect(await snapshot()).toEqual(before);
    expect((await other().list()).map((c) => c.name)).toEqual(['Default campaign']);
    expect(await other().coupons.list()).toEqual([]);
    expect((await other().coupons.options()).affiliates.map((a) => a.refId)).toEqual(['elsewhere']);
    expect(await t.db.select().from(s.auditLog).where(eq(s.auditLog.merchantId, 'other-shop'))).toEqual([]);
  });
});
