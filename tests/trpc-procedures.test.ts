// Every tRPC procedure, walked from the router itself: a procedure added tomorrow
// fails this file until it has an entry in CASES below, so none goes untested.
// For each one: no session → refused; the other role → refused; a cross-site
// mutation → refused; merchant B naming merchant A's objects → refused, and A's
// rows unchanged, and nothing of A's in any answer; an affiliate naming another
// affiliate's objects → the same; an affiliate never sees customers' personal data;
// and every merchant mutation, made by A on its own objects, writes an audit row.
import { TRPCError } from '@trpc/server';
import { and, eq, getTableColumns, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { enqueueMail } from '@/server/mail';
import { newVisitorId } from '@/server/ids';
import { ClickWriter } from '@/server/tracking/click-writer';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import type { Context } from '@/server/trpc/init';
import { appRouter, createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

/** `account`: the signed-in user's own sign-in (two-factor), either role. */
type Kind = 'public' | 'merchant' | 'affiliate' | 'account';

/** Ids of merchant A's (demo's) objects and of the victim affiliate, made in beforeAll. */
interface Fx {
  /** 'a' when A calls on its own objects, 'b' when B (or the other affiliate) attacks: keeps new emails/codes unique. */
  tag: 'a' | 'b';
  affA: string;
  rival: string;
  rivalCommission: string;
  cmpX: string;
  cmpY: string;
  rule: string;
  rule2: string;
  /** Commission groups of A's campaign cmpX (the second one is deleted). */
  group: string;
  group2: string;
  banner: string;
  coupon: string;
  apiKey: string;
  teamUser: string;
  /** Invited team members who have not accepted yet (resend, revoke). */
  teamInvitee: string;
  teamInvitee2: string;
  /** An affiliate A created, whose invitation is still open. */
  invitedAff: string;
  batchId: string;
  owedAffiliate: string;
  pending1: string;
  pending2: string;
  /** A rival's commission whose conversion carries a fraud flag nobody has reviewed. */
  flagged: string;
  /** A conversion of A that nobody is credited for (tracking log: credit by hand). */
  unattributed: string;
  /** A failed mail of A's e-mail log. */
  mail: string;
  /** A's outgoing webhook endpoints (the second one is deleted), and a message of the first one's delivery log. */
  endpoint: string;
  endpoint2: string;
  webhookMessage: string;
}

interface Case {
  kind: Kind;
  /** The input; for merchant procedures it names A's objects (own for A, foreign for B). */
  input?: (fx: Fx) => unknown;
}

const CASES: Record<string, Case> = {
  // Sign-up forms: no tenant yet (their limits are tested in tests/abuse-limits.test.ts).
  'auth.signUpMerchant': { kind: 'public' },
  'auth.joinProgram': { kind: 'public' },
  // Password reset and invitations: the link's token is the credential (tests/http-accounts.test.ts).
  'auth.requestPasswordReset': { kind: 'public' },
  'auth.resetPassword': { kind: 'public' },
  'auth.acceptInvitation': { kind: 'public' },

  'account.twoFactor.status': { kind: 'account' },
  'account.twoFactor.begin': { kind: 'account' },
  'account.twoFactor.confirm': { kind: 'account', input: () => ({ code: '000000' }) },
  'account.twoFactor.disable': { kind: 'account', input: () => ({ password: 'wrong-password' }) },
  'account.twoFactor.regenerateRecoveryCodes': { kind: 'account', input: () => ({ code: '000000' }) },

  'merchant.account': { kind: 'merchant' },
  'merchant.overview': { kind: 'merchant', input: () => ({ days: 30 }) },
  'merchant.topAffiliates': { kind: 'merchant', input: () => ({ days: 30 }) },
  'merchant.series': { kind: 'merchant', input: () => ({ days: 30 }) },
  'merchant.affiliates.create': { kind: 'merchant', input: (fx) => ({ name: 'New One', email: `new-${fx.tag}@example.com`, refId: `new-${fx.tag}` }) },
  'merchant.affiliates.update': {
    kind: 'merchant',
    input: (fx) => ({ id: fx.rival, form: { name: 'Rival Renamed', email: 'rival-canary@example.com', refId: 'rival' } }),
  },
  'merchant.affiliates.stats': { kind: 'merchant', input: (fx) => ({ id: fx.affA, days: 30 }) },
  'merchant.affiliates.impersonate': { kind: 'merchant', input: (fx) => ({ id: fx.affA }) },
  'merchant.affiliates.setStatus': { kind: 'merchant', input: (fx) => ({ id: fx.rival, status: 'suspended' }) },
  'merchant.affiliates.setBlocked': { kind: 'merchant', input: (fx) => ({ id: fx.rival, blocked: true }) },
  'merchant.affiliates.list': { kind: 'merchant', input: () => ({ page: 1 }) },
  'merchant.affiliates.postback': { kind: 'merchant', input: (fx) => ({ id: fx.rival }) },
  'merchant.affiliates.setPostbackBlocked': { kind: 'merchant', input: (fx) => ({ id: fx.rival, blocked: true }) },
  'merchant.affiliates.byId': { kind: 'merchant', input: (fx) => ({ id: fx.affA }) },
  'merchant.affiliates.login': { kind: 'merchant', input: (fx) => ({ id: fx.invitedAff }) },
  'merchant.affiliates.resendInvitation': { kind: 'merchant', input: (fx) => ({ id: fx.invitedAff }) },
  'merchant.affiliates.revokeInvitation': { kind: 'merchant', input: (fx) => ({ id: fx.invitedAff }) },
  'merchant.clicks.list': { kind: 'merchant', input: () => ({}) },
  'merchant.commissions.list': { kind: 'merchant', input: () => ({}) },
  'merchant.reports.view': { kind: 'merchant', input: () => ({ groupBy: 'affiliate' }) },

  'affiliate.endImpersonation': { kind: 'affiliate' },
  'affiliate.me': { kind: 'affiliate' },
  'affiliate.overview': { kind: 'affiliate', input: () => ({ days: 30 }) },
  'affiliate.series': { kind: 'affiliate', input: () => ({ days: 30 }) },
  'affiliate.reports.view': { kind: 'affiliate', input: () => ({ groupBy: 'channel' }) },
  'affiliate.terms': { kind: 'affiliate' },
  'affiliate.subAffiliates': { kind: 'affiliate' },
  'affiliate.program': { kind: 'affiliate' },
  'affiliate.bannerStats': { kind: 'affiliate' },
  'affiliate.payouts': { kind: 'affiliate' },
  'affiliate.updatePayoutDetails': {
    kind: 'affiliate',
    input: () => ({ payoutMethod: 'paypal', paypalEmail: 'me@pay.example', currentPassword: 'demo-affiliate' }),
  },
  // The affiliate's own postback: no id in any input, the affiliate is the session's.
  'affiliate.postback.get': { kind: 'affiliate' },
  'affiliate.postback.save': { kind: 'affiliate', input: () => ({ urlTemplate: 'https://1.1.1.1/pb?click={click_id}&sub={data1}' }) },
  'affiliate.postback.remove': { kind: 'affiliate' },
  'affiliate.postback.sendTest': { kind: 'affiliate' },
  'affiliate.postback.attempts': { kind: 'affiliate', input: () => ({ limit: 100 }) },
  'affiliate.updateProfile': { kind: 'affiliate', input: () => ({ name: 'Demo Affiliate', email: 'affiliate@example.com' }) },
  'affiliate.changePassword': {
    kind: 'affiliate',
    input: () => ({ currentPassword: 'wrong-password', newPassword: 'another-password-9', confirmPassword: 'another-password-9' }),
  },
  'affiliate.signOutEverywhere': { kind: 'affiliate' },
  'affiliate.commissions.list': { kind: 'affiliate', input: () => ({}) },
  'affiliate.commissions.byId': { kind: 'affiliate', input: (fx) => ({ id: fx.rivalCommission }) },

  'campaigns.list': { kind: 'merchant' },
  'campaigns.byId': { kind: 'merchant', input: () => ({ id: 'cmp_demo' }) },
  'campaigns.create': { kind: 'merchant', input: (fx) => ({ name: `Made by ${fx.tag}`, currency: 'USD', cookieDays: 30, attributionModel: 'last_click' }) },
  'campaigns.update': {
    kind: 'merchant',
    input: (fx) => ({
      id: fx.cmpX, name: 'Renamed', currency: 'USD', cookieDays: 31, attributionModel: 'last_click',
      lifetimeCommissions: false, recurringCommissions: false, autoApprove: false, autoApproveAfterDays: '', fingerprintWindowHours: 24,
    }),
  },
  'campaigns.setDefault': { kind: 'merchant', input: (fx) => ({ id: fx.cmpY }) },
  'campaigns.setArchived': { kind: 'merchant', input: (fx) => ({ id: fx.cmpX, archived: true }) },
  'campaigns.rules.add': { kind: 'merchant', input: (fx) => ({ campaignId: fx.cmpY, actionCode: 'lead', tier: 1, kind: 'fixed', value: '5.00' }) },
  'campaigns.rules.update': { kind: 'merchant', input: (fx) => ({ id: fx.rule, actionCode: '', tier: 1, kind: 'percent', value: '12' }) },
  'campaigns.rules.delete': { kind: 'merchant', input: (fx) => ({ id: fx.rule2 }) },
  'campaigns.groups.choices': { kind: 'merchant' },
  'campaigns.groups.ofAffiliate': { kind: 'merchant', input: (fx) => ({ affiliateId: fx.affA }) },
  'campaigns.groups.create': { kind: 'merchant', input: (fx) => ({ campaignId: fx.cmpX, name: `Group by ${fx.tag}` }) },
  'campaigns.groups.rename': { kind: 'merchant', input: (fx) => ({ id: fx.group, name: `VIP ${fx.tag}` }) },
  'campaigns.groups.delete': { kind: 'merchant', input: (fx) => ({ id: fx.group2 }) },
  'campaigns.groups.addRule': { kind: 'merchant', input: (fx) => ({ groupId: fx.group, actionCode: 'lead', tier: 1, kind: 'fixed', value: '3.00' }) },
  'campaigns.groups.setMembers': { kind: 'merchant', input: (fx) => ({ campaignId: fx.cmpX, groupId: fx.group, affiliateIds: [fx.affA] }) },
  'campaigns.banners.create': { kind: 'merchant', input: () => ({ campaignId: 'cmp_demo', name: 'Text link', kind: 'text', linkText: 'Shop' }) },
  'campaigns.banners.update': { kind: 'merchant', input: (fx) => ({ id: fx.banner, name: 'Text link 2', kind: 'text', linkText: 'Shop now' }) },
  'campaigns.banners.setArchived': { kind: 'merchant', input: (fx) => ({ id: fx.banner, archived: true }) },
  'campaigns.coupons.list': { kind: 'merchant' },
  'campaigns.coupons.options': { kind: 'merchant' },
  'campaigns.coupons.create': { kind: 'merchant', input: (fx) => ({ code: `NEW-${fx.tag.toUpperCase()}`, affiliateId: fx.affA }) },
  'campaigns.coupons.setActive': { kind: 'merchant', input: (fx) => ({ id: fx.coupon, active: false }) },

  'webhooks.settings': { kind: 'merchant' },
  'webhooks.deliveries': { kind: 'merchant', input: () => ({ limit: 10 }) },
  'webhooks.setSecret': { kind: 'merchant', input: () => ({ provider: 'stripe', secret: 'whsec_rotated' }) },
  'webhooks.setEnabled': { kind: 'merchant', input: () => ({ provider: 'paddle', enabled: false }) },

  'integration.setup': { kind: 'merchant' },
  'integration.apiKeys.list': { kind: 'merchant' },
  'integration.apiKeys.create': { kind: 'merchant', input: () => ({ name: 'Checkout server' }) },
  'integration.apiKeys.revoke': { kind: 'merchant', input: (fx) => ({ id: fx.apiKey }) },
  'integration.setAllowedDomains': { kind: 'merchant', input: () => ({ domains: ['localhost', '127.0.0.1', 'shop.example.com'] }) },
  'integration.live': { kind: 'merchant' },
  'integration.testClick': { kind: 'merchant', input: (fx) => ({ affiliateId: fx.affA }) },
  // A loopback target: refused without a fetch (the report says why), audited all the same.
  'integration.checkProxy': { kind: 'merchant', input: () => ({ url: 'http://127.0.0.1:9/_aff/t.js' }) },
  'integration.testSale': { kind: 'merchant', input: () => ({ total: '10.00' }) },

  'settings.get': { kind: 'merchant' },
  'settings.updateAccount': {
    kind: 'merchant',
    input: () => ({ name: 'Demo Shop', defaultCurrency: 'USD', websiteUrl: '/demo/shop', autoApproveAffiliates: false }),
  },
  'settings.updateDefaultCampaign': { kind: 'merchant', input: () => ({ cookieDays: 45, attributionModel: 'last_click', fingerprintWindowHours: 24 }) },
  'settings.updateFraud': {
    kind: 'merchant',
    input: () => ({ repeatClickWindowMinutes: 30, fastConversionSeconds: 5, flagAffiliateIps: true, blockedIps: '203.0.113.0/24', blockedCountries: 'RU', flaggedCountries: 'BR' }),
  },
  'settings.updateProgramTerms': { kind: 'merchant', input: () => ({ programTerms: 'No paid search on our brand.' }) },
  'settings.team.list': { kind: 'merchant' },
  'settings.team.invite': { kind: 'merchant', input: (fx) => ({ name: 'Tess', email: `tess-${fx.tag}@example.com` }) },
  'settings.team.remove': { kind: 'merchant', input: (fx) => ({ userId: fx.teamUser }) },
  'settings.team.resendInvitation': { kind: 'merchant', input: (fx) => ({ userId: fx.teamInvitee }) },
  'settings.team.revokeInvitation': { kind: 'merchant', input: (fx) => ({ userId: fx.teamInvitee2 }) },
  'settings.team.setRole': { kind: 'merchant', input: (fx) => ({ userId: fx.teamInvitee, role: 'viewer' }) },
  'settings.setRequireTwoFactor': { kind: 'merchant', input: () => ({ required: false }) },
  'settings.signOutEverywhere': { kind: 'merchant' },
  'settings.changePassword': {
    kind: 'merchant',
    input: () => ({ currentPassword: 'demo-merchant', newPassword: 'a-changed-password-7', confirmPassword: 'a-changed-password-7' }),
  },

  'payouts.owed': { kind: 'merchant', input: () => ({ minimum: '0' }) },
  'payouts.batches': { kind: 'merchant' },
  'payouts.batch': { kind: 'merchant', input: (fx) => ({ batchId: fx.batchId }) },
  'payouts.createBatch': { kind: 'merchant', input: (fx) => ({ minimum: '0', items: [{ affiliateId: fx.owedAffiliate, currency: 'USD' }] }) },
  'payouts.markPaid': { kind: 'merchant', input: (fx) => ({ batchId: fx.batchId }) },

  'reviews.list': { kind: 'merchant', input: () => ({}) },
  'reviews.approve': { kind: 'merchant', input: (fx) => ({ ids: [fx.pending1] }) },
  'reviews.decline': { kind: 'merchant', input: (fx) => ({ ids: [fx.pending2] }) },
  'reviews.clearFlags': { kind: 'merchant', input: (fx) => ({ ids: [fx.flagged] }) },

  'settings.updateTrackingLog': { kind: 'merchant', input: () => ({ trackingLogDays: 14 }) },
  'settings.importPap': {
    kind: 'merchant',
    input: (fx) => ({ dryRun: false, files: [{ name: 'affiliates.csv', text: `!USERID,!REFID,!USERNAME\nu-${fx.tag},imported-${fx.tag},imported-${fx.tag}@example.com\n` }] }),
  },
  'settings.setTrackingDomain': { kind: 'merchant', input: (fx) => ({ trackingDomain: `track-${fx.tag}.shop.example` }) },
  'trackingLog.list': { kind: 'merchant', input: () => ({}) },
  'trackingLog.affiliates': { kind: 'merchant' },
  'trackingLog.credit': { kind: 'merchant', input: (fx) => ({ conversionId: fx.unattributed, affiliateId: fx.affA }) },
  'merchant.onboarding': { kind: 'merchant' },
  'merchant.dismissOnboarding': { kind: 'merchant' },
  'settings.eraseCustomer': { kind: 'merchant', input: () => ({ by: 'email', value: CUSTOMER.email }) },
  'settings.audit.list': { kind: 'merchant', input: () => ({}) },
  'settings.audit.filters': { kind: 'merchant' },
  'settings.updatePayouts': { kind: 'merchant', input: () => ({ minimum: '50.00', schedule: 'monthly', day: 1, methods: ['paypal'] }) },
  'outgoingWebhooks.list': { kind: 'merchant' },
  'outgoingWebhooks.attempts': { kind: 'merchant', input: (fx) => ({ id: fx.endpoint }) },
  'outgoingWebhooks.create': { kind: 'merchant', input: () => ({ url: 'https://1.1.1.1/new-hook', events: ['commission.created'] }) },
  'outgoingWebhooks.update': { kind: 'merchant', input: (fx) => ({ id: fx.endpoint, patch: { description: 'Renamed canary' } }) },
  'outgoingWebhooks.delete': { kind: 'merchant', input: (fx) => ({ id: fx.endpoint2 }) },
  'outgoingWebhooks.rotateSecret': { kind: 'merchant', input: (fx) => ({ id: fx.endpoint }) },
  'outgoingWebhooks.test': { kind: 'merchant', input: (fx) => ({ id: fx.endpoint }) },
  'outgoingWebhooks.resend': { kind: 'merchant', input: (fx) => ({ id: fx.endpoint, messageId: fx.webhookMessage }) },
  'mail.log': { kind: 'merchant', input: () => ({}) },
  'mail.message': { kind: 'merchant', input: (fx) => ({ id: fx.mail }) },
  'mail.resend': { kind: 'merchant', input: (fx) => ({ id: fx.mail }) },
  'mail.templates': { kind: 'merchant' },
  'mail.preview': { kind: 'merchant', input: () => ({ kind: 'commission_created', subject: 'Hi {affiliate.name}', text: 'You earned {commission.amount}.' }) },
  'mail.saveTemplate': { kind: 'merchant', input: () => ({ kind: 'commission_created', subject: 'Hi {affiliate.name}', text: 'You earned {commission.amount}.' }) },
  'mail.resetTemplate': { kind: 'merchant', input: () => ({ kind: 'payout_paid' }) },
  'mail.sendTest': { kind: 'merchant', input: () => ({}) },
  'mail.settings': { kind: 'merchant' },
  'mail.setReplyTo': { kind: 'merchant', input: () => ({ replyTo: '' }) },
  'mail.myPreferences': { kind: 'merchant' },
  'mail.setMyPreference': { kind: 'merchant', input: () => ({ kind: 'affiliate_application', on: true }) },
  'mail.affiliatePreferences': { kind: 'affiliate' },
  'mail.setAffiliatePreference': { kind: 'affiliate', input: () => ({ kind: 'weekly_summary', on: true }) },
};

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription' } };
const procedures = appRouter._def.procedures as unknown as Record<string, Proc>;
const paths = Object.keys(procedures).sort();

let t: TestDb;
let fx: Omit<Fx, 'tag'>;
let userA: string;
let userB: string;
/** Strings that identify merchant A's data, and the victim affiliate's. */
let canariesA: string[];
let canariesRival: string[];
/** Customer data on the conversions of the affiliate whose panel is checked. */
const CUSTOMER = { email: 'buyer-canary@example.com', id: 'cust-canary-42', ip: '203.0.113.77', ua: 'UA-canary/1.0 (customer)' };

const session = (user: Partial<Session['user']>): Session =>
  ({ user: { email: 'x@example.com', affiliateId: null, ...user }, expires: '2099-01-01' }) as Session;
const ctxOf = (sess: Session | null, extra: Partial<Context> = {}): Context => ({ db: t.db, session: sess, ip: '192.0.2.10', ...extra });
const merchantA = (extra?: Partial<Context>) => ctxOf(session({ id: userA, role: 'merchant', teamRole: 'owner', merchantId: 'demo' }), extra);
const merchantB = (extra?: Partial<Context>) => ctxOf(session({ id: userB, role: 'merchant', teamRole: 'owner', merchantId: 'other-shop' }), extra);
const affiliateX = (extra?: Partial<Context>) =>
  ctxOf(session({ id: crypto.randomUUID(), role: 'affiliate', merchantId: 'demo', affiliateId: fx.affA }), extra);

/** Calls the procedure at `path` as `ctx`: its result, or the TRPCError code it was refused with. */
async function call(ctx: Context, path: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }> {
  const fn = path.split('.').reduce<any>((o, k) => o[k], createCaller(ctx));
  try {
    return { ok: true, value: await fn(input) };
  } catch (e) {
    if (e instanceof TRPCError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

const inputOf = (path: string, tag: Fx['tag']) => CASES[path]?.input?.({ ...fx, tag });

/** Every row of every tenant table that belongs to merchant `merchantId`, as one comparable value. */
async function tenantRows(merchantId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(s)) {
    if (!is(table, PgTable)) continue;
    const cols = getTableColumns(table) as Record<string, any>;
    if (!cols.merchantId) continue;
    const rows = await t.db.select().from(table).where(eq(cols.merchantId, merchantId));
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

async function rivalRows() {
  return {
    affiliate: await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, fx.rival)),
    commissions: await t.db.select().from(s.commissions).where(eq(s.commissions.affiliateId, fx.rival)),
    postback: await t.db.select().from(s.affiliatePostbacks).where(eq(s.affiliatePostbacks.affiliateId, fx.rival)),
  };
}

const leaked = (value: unknown, canaries: string[]) => {
  const text = JSON.stringify(value) ?? '';
  return canaries.filter((c) => text.includes(c));
};

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  invalidateLookups();
  await signUpMerchant(t.db, {
    programName: 'Other Shop', accountId: 'other-shop', name: 'Olga', email: 'olga@other.example', password: 'a-long-password', currency: 'USD',
  });
  const [ua] = await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com'));
  const [ub] = await t.db.select().from(s.users).where(eq(s.users.email, 'olga@other.example'));
  userA = ua!.id;
  userB = ub!.id;
  const [affA] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
  const [rival] = await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'rival', name: 'Rival Canary', email: 'rival-canary@example.com', status: 'approved' })
    .returning();
  const [owed] = await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'owed', name: 'Owed Canary', email: 'owed-canary@example.com', status: 'approved' })
    .returning();
  const [payee] = await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'payee', name: 'Payee Canary', email: 'payee-canary@example.com', status: 'approved' })
    .returning();

  const sale = async (affiliate: string, orderId: string, total: string, customer = false) => {
    const r = await recordConversion(t.db, {
      merchantId: 'demo', source: 'test', orderId, total, explicitAffiliate: affiliate,
      ...(customer ? { customerEmail: CUSTOMER.email, customerId: CUSTOMER.id, ip: CUSTOMER.ip, userAgent: CUSTOMER.ua } : {}),
    });
    const rows = await t.db.select().from(s.commissions).where(and(eq(s.commissions.conversionId, r.conversionId), eq(s.commissions.tier, 1)));
    return rows[0]!.id;
  };
  await sale('demo-aff', 'order-own-canary', '100.00', true);
  const rivalCommission = await sale('rival', 'order-rival-canary', '50.00');
  const pending1 = await sale('rival', 'order-p1-canary', '20.00');
  const pending2 = await sale('rival', 'order-p2-canary', '30.00');
  const flagged = await sale('rival', 'order-flag-canary', '40.00');
  await t.db.update(s.conversions).set({ flags: ['fast_conversion'] }).where(eq(s.conversions.orderId, 'order-flag-canary'));
  const owedCommission = await sale('owed', 'order-owed-canary', '600.00');
  const payeeCommission = await sale('payee', 'order-payee-canary', '700.00');
  const unattributed = (await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'order-unattributed-canary', total: '25.00' })).conversionId;
  const mail = (await enqueueMail(t.db, { merchantId: 'demo', to: 'mail-canary@example.com', kind: 'test', vars: { name: 'Mail Canary' } }))!;
  await t.db.update(s.outboxMessages).set({ status: 'failed', lastError: '550 canary' }).where(eq(s.outboxMessages.id, mail));

  // A's own objects, made through A's own procedures.
  const a = createCaller(merchantA());
  await a.reviews.approve({ ids: [owedCommission, payeeCommission] });
  const { batchId } = await a.payouts.createBatch({ minimum: '0', items: [{ affiliateId: payee!.id, currency: 'USD' }] });
  const cmpX = (await a.campaigns.create({ name: 'X campaign', currency: 'USD', cookieDays: 30, attributionModel: 'last_click' })).id;
  const cmpY = (await a.campaigns.create({ name: 'Y campaign', currency: 'USD', cookieDays: 30, attributionModel: 'last_click' })).id;
  const rule2 = (await a.campaigns.rules.add({ campaignId: cmpX, actionCode: 'download', tier: 1, kind: 'fixed', value: '1.00' })).id;
  const group = (await a.campaigns.groups.create({ campaignId: cmpX, name: 'VIP canary' })).id;
  const group2 = (await a.campaigns.groups.create({ campaignId: cmpX, name: 'Doomed canary' })).id;
  const banner = (await a.campaigns.banners.create({ campaignId: 'cmp_demo', name: 'Banner', kind: 'text', linkText: 'Go' })).id;
  await a.settings.team.invite({ name: 'Team Canary', email: 'team-canary@example.com' });
  const [team] = await t.db.select().from(s.users).where(eq(s.users.email, 'team-canary@example.com'));
  const teamInvitee = (await a.settings.team.invite({ name: 'Invitee Canary', email: 'invitee-canary@example.com', role: 'admin' })).id;
  const teamInvitee2 = (await a.settings.team.invite({ name: 'Invitee2 Canary', email: 'invitee2-canary@example.com', role: 'viewer' })).id;
  const invitedAff = (await a.merchant.affiliates.create({ name: 'Invited Canary', email: 'invited-canary@example.com', refId: 'invited-canary' })).id;
  const [rule] = await t.db.select().from(s.commissionRules).where(and(eq(s.commissionRules.campaignId, 'cmp_demo'), eq(s.commissionRules.tier, 1), eq(s.commissionRules.actionCode, '')));
  const [coupon] = await t.db.select().from(s.coupons).where(eq(s.coupons.code, 'DEMO10'));
  const [apiKey] = await t.db.select().from(s.apiKeys).where(eq(s.apiKeys.merchantId, 'demo'));
  const endpoint = (await a.outgoingWebhooks.create({ url: 'https://1.1.1.1/canary-hook', events: ['affiliate.created'] })).id;
  const endpoint2 = (await a.outgoingWebhooks.create({ url: 'https://1.1.1.1/doomed-hook', events: ['affiliate.created'] })).id;
  const webhookMessage = 'msg_canary_0001';
  // A click from a shop page, so that the onboarding checklist is complete and can be dismissed.
  await new ClickWriter(async () => t.db).write(
    { merchantId: 'demo', visitorId: newVisitorId(), affiliateId: affA!.id, campaignId: 'cmp_demo', url: 'https://shop.example/landing' },
    true,
  );
  await t.db.insert(s.webhookAttempts).values({
    merchantId: 'demo', endpointId: endpoint, messageId: webhookMessage, eventType: 'affiliate.created', payload: '{"type":"affiliate.created"}',
    attempt: 1, outcome: 'failed', responseStatus: 500, durationMs: 5,
  });

  // The rival's postback and its delivery log: never in another affiliate's answers.
  await t.db.insert(s.affiliatePostbacks).values({ merchantId: 'demo', affiliateId: rival!.id, urlTemplate: 'https://1.1.1.1/rival-postback-canary?c={click_id}' });
  await t.db.insert(s.postbackAttempts).values({
    merchantId: 'demo', affiliateId: rival!.id, messageId: crypto.randomUUID(), method: 'GET', url: 'https://1.1.1.1/rival-postback-canary?c=1',
    attempt: 1, outcome: 'succeeded', responseStatus: 200, responseBody: 'rival-answer-canary', durationMs: 3,
  });

  fx = {
    affA: affA!.id, rival: rival!.id, rivalCommission, cmpX, cmpY, rule: rule!.id, rule2, group, group2, banner, coupon: coupon!.id, apiKey: apiKey!.id,
    teamUser: team!.id, teamInvitee, teamInvitee2, invitedAff, batchId, owedAffiliate: owed!.id, pending1, pending2, flagged, unattributed, mail,
    endpoint, endpoint2, webhookMessage,
  };
  canariesA = [
    ...Object.values(fx), 'cmp_demo', 'DEMO10', 'whsec_demo', 'merchant@example.com', 'affiliate@example.com', 'rival-canary@example.com',
    'team-canary@example.com', 'order-own-canary', 'order-rival-canary', 'Rival Canary', 'Payee Canary', apiKey!.prefix,
  ];
  canariesRival = ['rival-postback-canary', 'rival-answer-canary', fx.rival, rivalCommission, pending1, pending2, flagged, 'rival-canary@example.com', 'Rival Canary', 'order-rival-canary', 'order-p1-canary'];
});
afterAll(async () => {
  await t?.close();
});

describe('the table of cases', () => {
  it('has an entry for every procedure of the router, and none for a procedure that is gone', () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !CASES[p]), 'procedures without an entry in CASES').toEqual([]);
    expect(Object.keys(CASES).filter((p) => !procedures[p]), 'entries for procedures that no longer exist').toEqual([]);
  });
});

describe('every procedure refuses the wrong caller', () => {
  it('without a session: UNAUTHORIZED (all but the sign-up forms)', async () => {
    for (const path of paths) {
      if (CASES[path]!.kind === 'public') continue;
      const r = await call(ctxOf(null), path, inputOf(path, 'b'));
      expect(r.ok ? 'OK' : r.code, path).toBe('UNAUTHORIZED');
    }
  });

  it('of the other role: FORBIDDEN', async () => {
    for (const path of paths) {
      const kind = CASES[path]!.kind;
      if (kind === 'public' || kind === 'account') continue;
      const r = await call(kind === 'merchant' ? affiliateX() : merchantA(), path, inputOf(path, 'b'));
      expect(r.ok ? 'OK' : r.code, path).toBe('FORBIDDEN');
    }
  });

  it('a cross-site request (CSRF): every mutation FORBIDDEN, nothing changed', async () => {
    const before = await tenantRows('demo');
    const mutations = paths.filter((p) => procedures[p]!._def.type === 'mutation');
    expect(mutations.length).toBeGreaterThan(30);
    for (const path of mutations) {
      const kind = CASES[path]!.kind;
      const ctx =
        kind === 'affiliate' ? affiliateX({ crossSite: true }) : kind === 'merchant' || kind === 'account' ? merchantA({ crossSite: true }) : ctxOf(null, { crossSite: true });
      const input = kind === 'public' ? { account: 'demo', form: {} } : inputOf(path, 'a');
      const r = await call(ctx, path, input);
      expect(r.ok ? 'OK' : `${r.code}: ${r.message}`, path).toMatch(/^FORBIDDEN: Cross-site/);
    }
    expect(await tenantRows('demo')).toEqual(before);
  });
});

describe('tenant isolation', () => {
  it('merchant B naming merchant A’s objects is refused, A’s rows stay as they were, and no answer carries A’s data', async () => {
    const before = await tenantRows('demo');
    for (const path of paths) {
      if (CASES[path]!.kind !== 'merchant') continue;
      const input = inputOf(path, 'b');
      const r = await call(merchantB(), path, input);
      const namesA = leaked(input, fx ? Object.values(fx) : []).length > 0;
      if (namesA) expect(r.ok ? 'OK' : r.code, `${path} with A's ids`).toMatch(/^(NOT_FOUND|BAD_REQUEST|FORBIDDEN)$/);
      if (r.ok) expect(leaked(r.value, canariesA), `${path} answered with A's data`).toEqual([]);
    }
    expect(await tenantRows('demo')).toEqual(before);
  });

  it('an affiliate naming another affiliate’s objects is refused, that affiliate’s rows stay, and no answer carries them or customer data', async () => {
    const before = await rivalRows();
    for (const path of paths) {
      if (CASES[path]!.kind !== 'affiliate') continue;
      const input = inputOf(path, 'b');
      const r = await call(affiliateX(), path, input);
      if (leaked(input, canariesRival).length > 0) expect(r.ok ? 'OK' : r.code, `${path} with the rival's ids`).toBe('NOT_FOUND');
      if (r.ok) {
        expect(leaked(r.value, canariesRival), `${path} answered with the rival's data`).toEqual([]);
        expect(leaked(r.value, Object.values(CUSTOMER)), `${path} answered with customer data`).toEqual([]);
      }
    }
    expect(await rivalRows()).toEqual(before);
  });

  it('the affiliate’s own commissions are visible, without the customer (so the check above saw real rows)', async () => {
    const rows = await createCaller(affiliateX()).affiliate.commissions.list();
    expect(rows.map((r) => r.orderId)).toContain('order-own-canary');
  });
});

describe('the audit log', () => {
  it('every merchant mutation, made by A on its own objects, succeeds and writes an audit row', async () => {
    const mutations = paths.filter((p) => CASES[p]!.kind === 'merchant' && procedures[p]!._def.type === 'mutation');
    for (const path of mutations) {
      const before = (await t.db.select().from(s.auditLog).where(eq(s.auditLog.merchantId, 'demo'))).length;
      const r = await call(merchantA(), path, inputOf(path, 'a'));
      expect(r.ok ? 'OK' : `${r.code}: ${r.message}`, path).toBe('OK');
      const after = await t.db.select().from(s.auditLog).where(eq(s.auditLog.merchantId, 'demo'));
      expect(after.length, `${path} wrote no audit row`).toBeGreaterThan(before);
      expect(after.some((row) => row.actorUserId === userA && row.ip === '192.0.2.10'), path).toBe(true);
    }
  }, 180_000);
});
