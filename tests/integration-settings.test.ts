// Tools › Integration and Settings through tRPC: API keys (hash only, revocable, tenant-scoped),
// allowed domains, the live test panel, account and attribution settings, the team.
import { and, eq, sql } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { authenticate } from '@/server/auth/sign-in';
import { sha256Hex } from '@/server/ids';
import { invalidateLookups, merchantOfApiKey } from '@/server/tracking/lookups';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';
import { sessionOf as session, refusalCode as code } from './helpers/trpc';

let t: TestDb;
let demoUserId: string;
let otherUserId: string;
let demoAff: s.Affiliate;

const caller = (sess: Session | null) => createCaller({ db: t.db, session: sess, ip: '203.0.113.7' });
const demo = () => caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'demo', id: demoUserId }));
const other = () => caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'other-shop', id: otherUserId }));
const merchantRow = async (id: string) => (await t.db.select().from(s.merchants).where(eq(s.merchants.id, id)))[0]!;
const auditActions = async (merchantId: string) =>
  (await t.db.select({ action: s.auditLog.action }).from(s.auditLog).where(eq(s.auditLog.merchantId, merchantId))).map((r) => r.action);

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  invalidateLookups();
  const signed = await signUpMerchant(t.db, {
    programName: 'Other Shop',
    accountId: 'other-shop',
    name: 'Olga',
    email: 'olga@other.example',
    password: 'a-long-password',
    currency: 'EUR',
  });
  otherUserId = signed.userId;
  demoUserId = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!.id;
  demoAff = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
});
afterAll(async () => {
  await t?.close();
});

describe('API keys', () => {
  it('are created once with a name, stored as a hash, work for the tracker, and are listed without the secret', async () => {
    const created = await demo().integration.apiKeys.create({ name: '  Checkout server ' });
    expect(created.key).toMatch(/^sk_live_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({ name: 'Checkout server', prefix: created.key.slice(0, 12) });
    const [row] = await t.db.select().from(s.apiKeys).where(eq(s.apiKeys.id, created.id));
    expect(row!.keyHash).toBe(sha256Hex(created.key));
    expect(Object.values(row!)).not.toContain(created.key);
    expect(await merchantOfApiKey(t.db, created.key)).toBe('demo');

    const list = await demo().integration.apiKeys.list();
    const listed = list.find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ name: 'Checkout server', prefix: created.key.slice(0, 12), lastUsedAt: null, revokedAt: null });
    expect(listed).not.toHaveProperty('keyHash');
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect(await auditActions('demo')).toContain('api_key.create');

    expect(await code(demo().integration.apiKeys.create({ name: '' }))).toBe('BAD_REQUEST');
  });

  it('another merchant cannot list or revoke them; the owner revokes and the key stops working', async () => {
    const { id, key } = await demo().integration.apiKeys.create({ name: 'To revoke' });
    expect((await other().integration.apiKeys.list()).map((k) => k.id)).not.toContain(id);
    expect(await code(other().integration.apiKeys.revoke({ id }))).toBe('NOT_FOUND');
    expect(await code(other().integration.apiKeys.revoke({ id: 'not-a-uuid' }))).toBe('NOT_FOUND');
    invalidateLookups();
    expect(await merchantOfApiKey(t.db, key)).toBe('demo');

    const revoked = await demo().integration.apiKeys.revoke({ id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    invalidateLookups();
    expect(await merchantOfApiKey(t.db, key)).toBeUndefined();
    expect((await demo().integration.apiKeys.list()).find((k) => k.id === id)!.revokedAt).toBeInstanceOf(Date);
    // Revoking again changes nothing and is not an error.
    expect((await demo().integration.apiKeys.revoke({ id })).revokedAt).toEqual(revoked.revokedAt);
    expect(await auditActions('demo')).toContain('api_key.revoke');
    expect(await auditActions('other-shop')).not.toContain('api_key.revoke');
  });
});

describe('allowed domains', () => {
  it('refuse anything but bare hostnames, and keep at least one; a refused edit changes nothing', async () => {
    const before = (await merchantRow('demo')).allowedDomains;
    for (const domains of [
      [],
      ['  '],
      ['https://shop.example.com'],
      ['shop.example.com/checkout'],
      ['shop.example.com:8080'],
      ['*.example.com'],
      ['bad_host.example.com'],
      ['-dash.example.com'],
      ['localhost', 'shop..example.com'],
    ]) {
      expect(await code(demo().integration.setAllowedDomains({ domains })), JSON.stringify(domains)).toBe('BAD_REQUEST');
    }
    expect((await merchantRow('demo')).allowedDomains).toEqual(before);
  });

  it('are stored lower-case without duplicates, audited, and the tracker sees them at once', async () => {
    const r = await demo().integration.setAllowedDomains({ domains: ['Shop.Example.COM', 'localhost', '127.0.0.1', 'localhost '] });
    expect(r.domains).toEqual(['shop.example.com', 'localhost', '127.0.0.1']);
    expect((await merchantRow('demo')).allowedDomains).toEqual(['shop.example.com', 'localhost', '127.0.0.1']);
    expect((await demo().integration.setup()).allowedDomains).toEqual(['shop.example.com', 'localhost', '127.0.0.1']);
    expect(await auditActions('demo')).toContain('merchant.allowed_domains');
    // The other merchant's list is untouched.
    expect((await merchantRow('other-shop')).allowedDomains).toEqual([]);
  });

  it('keep the website’s own host', async () => {
    await demo().settings.updateAccount({ name: 'Demo Shop', defaultCurrency: 'USD', websiteUrl: 'https://shop.example.com/store', autoApproveAffiliates: false });
    expect(await code(demo().integration.setAllowedDomains({ domains: ['localhost'] }))).toBe('BAD_REQUEST');
    expect((await merchantRow('demo')).allowedDomains).toContain('shop.example.com');
    await demo().settings.updateAccount({ name: 'Demo Shop', defaultCurrency: 'USD', websiteUrl: '/demo/shop', autoApproveAffiliates: false });
  });
});

describe('the live test panel', () => {
  it('a test click and a test sale arrive as a click and an attributed conversion whose commission never pays', async () => {
    const click = await demo().integration.testClick({ affiliateId: demoAff.id });
    expect(click).toMatchObject({ affiliate: 'demo-aff', campaign: 'cmp_demo' });
    let live = await demo().integration.live();
    expect(live.click).toMatchObject({ id: click.clickId, affiliateRefId: 'demo-aff', channel: 'test', campaignId: 'cmp_demo', visitorId: click.visitorId });
    expect(live.conversion).toBeNull();

    const sale = await demo().integration.testSale({ total: '100.00', visitorId: click.visitorId });
    expect(sale).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
    expect(sale.orderId).toMatch(/^test-[0-9a-f]{12}$/);
    live = await demo().integration.live();
    expect(live.conversion).toMatchObject({
      orderId: sale.orderId,
      source: 'test',
      method: 'cookie',
      affiliateRefId: 'demo-aff',
      campaignName: 'Default campaign',
      total: 10000,
      currency: 'USD',
      commissions: [{ tier: 1, amount: 1000, currency: 'USD', status: 'declined', affiliateRefId: 'demo-aff' }],
    });
    // Without a visitor id the latest test click is used.
    const again = await demo().integration.testSale({ total: '20' });
    expect(again).toMatchObject({ status: 'attributed', affiliate: 'demo-aff' });
    const actions = await auditActions('demo');
    expect(actions).toContain('integration.test_click');
    expect(actions).toContain('integration.test_sale');
  });

  it('refuses another merchant’s or an unapproved affiliate, bad totals, and a sale before any test click', async () => {
    expect(await code(other().integration.testClick({ affiliateId: demoAff.id }))).toBe('NOT_FOUND');
    expect((await other().integration.live())).toEqual({ click: null, conversion: null });
    const [pending] = await t.db
      .insert(s.affiliates)
      .values({ merchantId: 'demo', refId: 'waiting', name: 'Waiting', email: 'waiting@example.com', status: 'pending' })
      .returning();
    expect(await code(demo().integration.testClick({ affiliateId: pending!.id }))).toBe('BAD_REQUEST');
    expect(await code(demo().integration.testSale({ total: '-5' }))).toBe('BAD_REQUEST');
    expect(await code(demo().integration.testSale({ total: 'abc' }))).toBe('BAD_REQUEST');
    expect(await code(other().integration.testSale({ total: '10.00' }))).toBe('BAD_REQUEST');
    expect((await other().integration.setup()).affiliates).toEqual([]);
  });
});

describe('settings', () => {
  it('update the account and validate the currency and website', async () => {
    const valid = { name: 'Olga’s Shop', defaultCurrency: 'gbp', websiteUrl: '', autoApproveAffiliates: true };
    await other().settings.updateAccount(valid);
    expect(await merchantRow('other-shop')).toMatchObject({ name: 'Olga’s Shop', defaultCurrency: 'GBP', websiteUrl: null, autoApproveAffiliates: true });
    for (const bad of [
      { defaultCurrency: 'XYZ' },
      { name: 'x' },
      { websiteUrl: 'https://elsewhere.example/' }, // not an allowed domain
      { websiteUrl: '//evil.example/' },
      { websiteUrl: 'javascript:alert(1)' },
      { websiteUrl: 'shop.example.com' },
    ]) {
      expect(await code(other().settings.updateAccount({ ...valid, name: 'Changed', ...bad })), JSON.stringify(bad)).toBe('BAD_REQUEST');
    }
    expect((await merchantRow('other-shop')).name).toBe('Olga’s Shop');
    await other().integration.setAllowedDomains({ domains: ['olga.example'] });
    await other().settings.updateAccount({ ...valid, websiteUrl: 'https://olga.example/shop' });
    expect((await other().settings.get()).merchant.websiteUrl).toBe('https://olga.example/shop');
    // Demo is untouched.
    expect((await merchantRow('demo')).name).toBe('Demo Shop');
    expect(await auditActions('other-shop')).toContain('merchant.settings');
  });

  it('edit the default campaign’s attribution, only the caller’s own', async () => {
    const updated = await other().settings.updateDefaultCampaign({ cookieDays: '45', attributionModel: 'first_click', fingerprintWindowHours: 0 });
    expect(updated).toMatchObject({ isDefault: true, merchantId: 'other-shop', cookieDays: 45, attributionModel: 'first_click', fingerprintWindowHours: 0 });
    const [demoCampaign] = await t.db.select().from(s.campaigns).where(eq(s.campaigns.id, 'cmp_demo'));
    expect(demoCampaign).toMatchObject({ cookieDays: 30, attributionModel: 'last_click', fingerprintWindowHours: 24 });
    for (const bad of [{ cookieDays: 0 }, { cookieDays: 4000 }, { cookieDays: 1.5 }, { fingerprintWindowHours: -1 }, { attributionModel: 'any' }]) {
      expect(
        await code(other().settings.updateDefaultCampaign({ cookieDays: 10, attributionModel: 'last_click', fingerprintWindowHours: 12, ...bad } as never)),
        JSON.stringify(bad),
      ).toBe('BAD_REQUEST');
    }
    expect((await other().settings.get()).defaultCampaign).toMatchObject({ cookieDays: 45, attributionModel: 'first_click' });
    expect(await auditActions('other-shop')).toContain('campaign.defaults');
  });
});

describe('team members', () => {
  let invitedId: string;

  it('an invited member gets a mail with a link, not a password, and is pending until they set one', async () => {
    const invited = await other().settings.team.invite({ name: 'Pia', email: 'Pia@Other.example', role: 'viewer' });
    invitedId = invited.id;
    expect(invited).toMatchObject({ email: 'pia@other.example', teamRole: 'viewer' });
    expect(invited).not.toHaveProperty('password');
    await expect(authenticate(t.db, { email: 'pia@other.example', password: '', ip: '198.51.100.1' })).rejects.toThrow();
    const [mail] = await t.db.select().from(s.outboxMessages).where(eq(sql`${s.outboxMessages.payload}->>'to'`, 'pia@other.example'));
    expect(mail!.payload).toMatchObject({ mailKind: 'team_invitation' });
    expect(String(mail!.payload.text)).toMatch(/\/accept-invitation\?token=[A-Za-z0-9_-]{40,}/);
    const listed = (await other().settings.team.list()).find((u) => u.email === 'pia@other.example');
    expect(listed).toMatchObject({ pending: true, teamRole: 'viewer' });
    expect(listed!.invitationExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect((await other().settings.team.list()).map((u) => u.email).sort()).toEqual(['olga@other.example', 'pia@other.example']);
    expect((await demo().settings.team.list()).map((u) => u.email)).toEqual(['merchant@example.com']);
    // An email in use anywhere (here: the demo affiliate's) is refused.
    expect(await code(other().settings.team.invite({ name: 'Dup', email: 'AFFILIATE@example.com' }))).toBe('CONFLICT');
    expect(await code(other().settings.team.invite({ name: '', email: 'not-an-email' }))).toBe('BAD_REQUEST');
    expect(await auditActions('other-shop')).toContain('team.invite');
  });

  it('nobody removes themselves, the last member stays, and another merchant’s member is not found', async () => {
    expect(await code(other().settings.team.remove({ userId: otherUserId }))).toBe('FORBIDDEN');
    expect(await code(demo().settings.team.remove({ userId: invitedId }))).toBe('NOT_FOUND');
    expect(await code(demo().settings.team.remove({ userId: demoUserId }))).toBe('FORBIDDEN');
    // A session whose user is not a member cannot remove the program's only member.
    const ghost = caller(session({ role: 'merchant', teamRole: 'owner', merchantId: 'demo' }));
    expect(await code(ghost.settings.team.remove({ userId: demoUserId }))).toBe('FORBIDDEN');
    // An affiliate user is not a team member.
    const [affUser] = await t.db.select().from(s.users).where(and(eq(s.users.merchantId, 'demo'), eq(s.users.role, 'affiliate')));
    expect(await code(ghost.settings.team.remove({ userId: affUser!.id }))).toBe('NOT_FOUND');
    expect((await t.db.select().from(s.users).where(eq(s.users.merchantId, 'demo'))).length).toBe(2);

    await other().settings.team.remove({ userId: invitedId });
    expect((await other().settings.team.list()).map((u) => u.email)).toEqual(['olga@other.example']);
    await expect(authenticate(t.db, { email: 'pia@other.example', password: 'whatever-it-was', ip: '198.51.100.2' })).rejects.toThrow();
    expect(await auditActions('other-shop')).toContain('team.remove');
  });

  it('the signed-in merchant changes their own password', async () => {
    expect(
      await code(other().settings.changePassword({ currentPassword: 'wrong-password', newPassword: 'a-newer-password', confirmPassword: 'a-newer-password' })),
    ).toBe('BAD_REQUEST');
    expect(
      await code(other().settings.changePassword({ currentPassword: 'a-long-password', newPassword: 'a-newer-password', confirmPassword: 'different' })),
    ).toBe('BAD_REQUEST');
    await other().settings.changePassword({ currentPassword: 'a-long-password', newPassword: 'a-newer-password', confirmPassword: 'a-newer-password' });
    const user = await authenticate(t.db, { email: 'olga@other.example', password: 'a-newer-password', ip: '198.51.100.3' });
    expect(user.id).toBe(otherUserId);
    expect(await auditActions('other-shop')).toContain('user.password_change');
  });

  it('refuses callers without a merchant session', async () => {
    expect(await code(caller(null).settings.get())).toBe('UNAUTHORIZED');
    expect(await code(caller(session({ role: 'affiliate', merchantId: 'demo', affiliateId: demoAff.id })).integration.live())).toBe('FORBIDDEN');
  });
});
