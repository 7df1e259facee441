// handleWebhook against a database of its own: what each delivery writes (and
// does not), the delivery log, recurring commissions, concurrency, a database
// that is down; and the merchant's webhook settings through tRPC, tenant-scoped.
import { and, eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { toAppError } from '@/server/errors';
import { newVisitorId } from '@/server/ids';
import { invalidateLookups } from '@/server/tracking/lookups';
import { createCaller } from '@/server/trpc/routers/_app';
import { handleWebhook } from '@/server/webhooks';
import { createTestDb, type TestDb } from './helpers/db';
import { checkoutSession, hmac, invoice, stripeEvent, stripeSignature } from './helpers/webhooks';
import { refusalCode as code } from './helpers/trpc';

let t: TestDb;
const SECRET = 'whsec_demo';

const session = (merchantId: string): Session =>
  ({ user: { id: crypto.randomUUID(), email: 'm@example.com', role: 'merchant', teamRole: 'owner', merchantId, affiliateId: null }, expires: '2099-01-01' }) as Session;
const caller = (merchantId: string) => createCaller({ db: t.db, session: session(merchantId), ip: '127.0.0.1' });

let seq = 0;
const next = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A click of demo-aff a moment ago; returns its visitor id. */
async function visitor(): Promise<string> {
  const visitorId = newVisitorId();
  const [aff] = await t.db.select().from(s.affiliates).where(and(eq(s.affiliates.merchantId, 'demo'), eq(s.affiliates.refId, 'demo-aff')));
  await t.db.insert(s.visitors).values({ id: visitorId, merchantId: 'demo' });
  await t.db.insert(s.clicks).values({ merchantId: 'demo', visitorId, affiliateId: aff!.id, campaignId: 'cmp_demo', ip: '198.51.100.1', userAgent: 'test' });
  return visitorId;
}

function stripeDelivery(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
  return handleWebhook('stripe', 'demo', Buffer.from(payload), new Headers({ 'stripe-signature': stripeSignature(payload, { secret: opts.secret ?? SECRET, timestamp: opts.timestamp }) }), { db: t.db });
}

const genericDelivery = (payload: object, account = 'demo', secret = SECRET) => {
  const body = JSON.stringify(payload);
  return handleWebhook('generic', account, Buffer.from(body), new Headers({ 'x-signature': `sha256=${hmac(secret, body, 'hex')}` }), { db: t.db });
};

const rows = {
  conversions: (orderId: string) => t.db.select().from(s.conversions).where(and(eq(s.conversions.merchantId, 'demo'), eq(s.conversions.orderId, orderId))),
  events: (provider: string) => t.db.select().from(s.webhookEvents).where(and(eq(s.webhookEvents.merchantId, 'demo'), eq(s.webhookEvents.provider, provider))),
};

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  invalidateLookups();
  await signUpMerchant(t.db, { programName: 'Rival Shop', accountId: 'rival-shop', name: 'Rita', email: 'rita@rival.example', password: 'a-long-password', currency: 'EUR' });
});
afterAll(async () => {
  await t?.close();
});

describe('what a delivery writes', () => {
  it('a bad signature writes no conversion and no event id, only a refused line in the log', async () => {
    const paymentIntent = next('pi');
    const before = (await rows.events('stripe')).length;
    const payload = stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 1000, paymentIntent }), next('evt'));
    await expect(stripeDelivery(payload, { secret: 'whsec_wrong' })).rejects.toMatchObject({ code: 'invalid_signature' });
    expect(await rows.conversions(paymentIntent)).toEqual([]);
    const log = await rows.events('stripe');
    expect(log).toHaveLength(before + 1);
    expect(log.filter((e) => e.outcome === 'rejected')).toEqual([
      expect.objectContaining({ eventId: null, eventType: null, conversionId: null, error: expect.stringMatching(/does not match/) }),
    ]);
    // The same event, correctly signed afterwards, is still processed: the refusal took no event id's place.
    expect(await stripeDelivery(payload)).toMatchObject({ outcome: 'unattributed' });
  });

  it('a flood of refused deliveries is counted on one row per reason, not stored one by one', async () => {
    const before = (await rows.events('generic')).filter((e) => e.outcome === 'rejected');
    for (let i = 0; i < 40; i++)
      await expect(genericDelivery({ type: 'sale', orderId: next('flood'), total: '1.00' }, 'demo', 'whsec_forged')).rejects.toMatchObject({ code: 'invalid_signature' });
    const refused = (await rows.events('generic')).filter((e) => e.outcome === 'rejected');
    expect(refused.length - before.length).toBeLessThanOrEqual(1);
    const counted = refused.find((e) => /does not match/.test(e.error ?? ''))!;
    expect(counted.repeats - (before.find((e) => e.id === counted.id)?.repeats ?? 0)).toBe(40);
    // A stale signature quotes its age: whatever age the poster picks, it is the same reason, one row.
    const body = JSON.stringify({ type: 'sale', orderId: next('stale'), total: '1.00' });
    for (const age of [400, 4000, 40000]) {
      const stale = stripeSignature(body, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - age });
      await expect(handleWebhook('stripe', 'demo', Buffer.from(body), new Headers({ 'stripe-signature': stale }), { db: t.db })).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    }
    const staleRows = (await rows.events('stripe')).filter((e) => e.outcome === 'rejected' && /timestamp|old|tolerance/i.test(e.error ?? ''));
    expect(staleRows).toHaveLength(1);
    expect(staleRows[0]!.repeats).toBe(3);
    // Another reason gets a row of its own.
    await expect(handleWebhook('generic', 'demo', Buffer.from('{}'), new Headers(), { db: t.db })).rejects.toMatchObject({ code: 'invalid_signature' });
    const reasons = new Set((await rows.events('generic')).filter((e) => e.outcome === 'rejected').map((e) => e.error));
    expect(reasons.size).toBeGreaterThanOrEqual(2);
  });

  it('every accepted delivery is one row with its outcome, the conversion and the reason it was ignored', async () => {
    const vid = await visitor();
    const paymentIntent = next('pi');
    const eventId = next('evt');
    const sale = await stripeDelivery(stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 5000, paymentIntent, clientReferenceId: vid }), eventId));
    const ignored = await stripeDelivery(stripeEvent('customer.updated', { id: 'cus_1', object: 'customer' }, next('evt')));
    const replay = await stripeDelivery(stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 5000, paymentIntent }), eventId));
    expect(sale).toMatchObject({ outcome: 'attributed' });
    expect(ignored).toEqual({ received: true, outcome: 'ignored' });
    expect(replay).toEqual({ received: true, outcome: 'duplicate', conversionId: sale.conversionId });
    const log = await rows.events('stripe');
    expect(log.find((e) => e.eventId === eventId)).toMatchObject({ eventType: 'checkout.session.completed', outcome: 'attributed', conversionId: sale.conversionId, error: null });
    expect(log.find((e) => e.eventType === 'customer.updated')).toMatchObject({ outcome: 'ignored', error: expect.stringMatching(/not one the tracker uses/) });
    expect(log.filter((e) => e.outcome === 'duplicate' && e.conversionId === sale.conversionId)).toHaveLength(1);
    expect(await rows.conversions(paymentIntent)).toHaveLength(1);
  });

  it('a malformed body that was correctly signed is refused with a logged reason and writes nothing', async () => {
    await expect(stripeDelivery('{"type": "checkout.session.completed"}')).rejects.toMatchObject({ code: 'invalid_request' });
    const failed = (await rows.events('stripe')).filter((e) => e.outcome === 'failed');
    expect(failed).toEqual([expect.objectContaining({ eventId: null, error: expect.stringMatching(/not a Stripe event/) })]);
  });

  it('twenty concurrent deliveries of one event: one is processed, the others are duplicates of it', async () => {
    const vid = await visitor();
    const paymentIntent = next('pi');
    const payload = stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 2000, paymentIntent, clientReferenceId: vid }), next('evt'));
    const all = await Promise.all(Array.from({ length: 20 }, () => stripeDelivery(payload)));
    expect(all.filter((r) => r.outcome === 'attributed')).toHaveLength(1);
    expect(all.filter((r) => r.outcome === 'duplicate')).toHaveLength(19);
    expect(new Set(all.map((r) => r.conversionId)).size).toBe(1);
    expect(await rows.conversions(paymentIntent)).toHaveLength(1);
    const commissions = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, all[0]!.conversionId!));
    expect(commissions.map((c) => c.amount)).toEqual([200]);
  });

  it('a failure half-way (an unknown affiliate named) leaves no event id behind: the retry is processed afresh', async () => {
    const orderId = next('o');
    const id = next('evt');
    await expect(genericDelivery({ type: 'sale', id, orderId, total: '10.00', affiliate: 'nobody' })).rejects.toMatchObject({ code: 'unknown_affiliate' });
    expect((await rows.events('generic')).find((e) => e.eventId === id)).toBeUndefined();
    expect(await genericDelivery({ type: 'sale', id, orderId, total: '10.00', affiliate: 'demo-aff' })).toMatchObject({ outcome: 'attributed' });
  });

  it('a turned-off provider is refused (403) and writes nothing but the refusal', async () => {
    await caller('demo').webhooks.setEnabled({ provider: 'generic', enabled: false });
    const orderId = next('o');
    await expect(genericDelivery({ type: 'sale', orderId, total: '1.00' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await rows.conversions(orderId)).toEqual([]);
    await caller('demo').webhooks.setEnabled({ provider: 'generic', enabled: true });
    expect(await genericDelivery({ type: 'sale', orderId, total: '1.00' })).toMatchObject({ outcome: 'unattributed' });
  });

  it('an account with no secret for the provider is refused with invalid_signature', async () => {
    await expect(genericDelivery({ type: 'sale', orderId: 'x', total: '1.00' }, 'rival-shop')).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringMatching(/No .* signing secret is set/),
    });
  });

  it('a database that is down answers 503, so the provider retries', async () => {
    // What postgres.js throws when the server cannot be reached, on every use of the client.
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const down = new Proxy({}, { get: () => { throw refused(); } }) as typeof t.db;
    invalidateLookups();
    const payload = stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 1, paymentIntent: next('pi') }));
    const signature = stripeSignature(payload, { secret: SECRET });
    const err = await handleWebhook('stripe', 'demo', Buffer.from(payload), new Headers({ 'stripe-signature': signature }), { db: down }).catch(
      (e: unknown) => e,
    );
    expect(toAppError(err)).toMatchObject({ code: 'unavailable', status: 503 });
  });
});

describe('renewals and recurring commissions', () => {
  async function subscription(amount: number) {
    const vid = await visitor();
    const sub = next('sub');
    const first = next('in');
    await stripeDelivery(stripeEvent('checkout.session.completed', checkoutSession({ mode: 'subscription', amountTotal: amount, invoice: first, subscription: sub, clientReferenceId: vid })));
    return { sub, first };
  }

  it('a renewal points at the subscription’s first conversion and pays its referrer', async () => {
    const { sub, first } = await subscription(3000);
    const renewalId = next('in');
    const r = await stripeDelivery(stripeEvent('invoice.paid', invoice({ id: renewalId, subscription: sub, billingReason: 'subscription_cycle', amountPaid: 3000 })));
    expect(r.outcome).toBe('attributed');
    const [firstRow] = await rows.conversions(first);
    const [renewal] = await rows.conversions(renewalId);
    expect(renewal).toMatchObject({ parentConversionId: firstRow!.id, subscriptionId: sub, method: 'cookie', source: 'webhook:stripe' });
  });

  it('no recurring commissions on the campaign: the renewal is recorded unattributed', async () => {
    const { sub } = await subscription(3000);
    await t.db.update(s.campaigns).set({ recurringCommissions: false }).where(eq(s.campaigns.merchantId, 'demo'));
    invalidateLookups();
    try {
      const r = await stripeDelivery(stripeEvent('invoice.paid', invoice({ subscription: sub, billingReason: 'subscription_cycle', amountPaid: 3000 })));
      expect(r.outcome).toBe('unattributed');
    } finally {
      await t.db.update(s.campaigns).set({ recurringCommissions: true }).where(eq(s.campaigns.merchantId, 'demo'));
      invalidateLookups();
    }
  });

  it('a renewal of a subscription never seen is attributed like a new sale, and noted', async () => {
    const r = await stripeDelivery(stripeEvent('invoice.paid', invoice({ subscription: next('sub'), billingReason: 'subscription_cycle', amountPaid: 100 })));
    expect(r.outcome).toBe('unattributed');
    expect((await rows.events('stripe')).find((e) => e.conversionId === r.conversionId)?.error).toMatch(/not recorded here/);
  });
});

describe('webhook settings (tRPC), scoped to the signed-in merchant', () => {
  it('lists every provider with a hint of the secret, never the secret', async () => {
    const list = await caller('demo').webhooks.settings();
    expect(list.map((p) => p.provider)).toEqual(['stripe', 'shopify', 'woocommerce', 'paddle', 'lemonsqueezy', 'generic']);
    expect(list.find((p) => p.provider === 'stripe')).toMatchObject({ configured: true, enabled: true, secretHint: '10 characters' });
    expect(JSON.stringify(list)).not.toContain('whsec_demo');
  });

  it('another merchant cannot read or change this merchant’s secrets or deliveries', async () => {
    const rival = caller('rival-shop');
    expect((await rival.webhooks.settings()).every((p) => !p.configured)).toBe(true);
    expect((await rival.webhooks.deliveries()).stripe).toEqual([]);
    await rival.webhooks.setSecret({ provider: 'stripe', secret: 'whsec_rival_secret_0000000000' });
    // Only the rival's own row exists and changed; demo's secret is untouched.
    const secrets = await t.db.select().from(s.webhookSecrets).where(eq(s.webhookSecrets.provider, 'stripe'));
    expect(secrets.map((r) => [r.merchantId, r.secret]).sort()).toEqual([
      ['demo', 'whsec_demo'],
      ['rival-shop', 'whsec_rival_secret_0000000000'],
    ]);
    expect((await caller('demo').webhooks.deliveries({ provider: 'stripe' })).stripe!.length).toBeGreaterThan(0);
    expect((await rival.webhooks.deliveries({ provider: 'stripe' })).stripe).toEqual([]);
  });

  it('rotating a secret applies to the next delivery, and is audited without the secret', async () => {
    await caller('demo').webhooks.setSecret({ provider: 'generic', secret: '  a-brand-new-generic-secret  ' });
    await expect(genericDelivery({ type: 'ping' })).rejects.toMatchObject({ code: 'invalid_signature' });
    expect(await genericDelivery({ type: 'ping' }, 'demo', 'a-brand-new-generic-secret')).toMatchObject({ outcome: 'ignored' });
    const audit = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.merchantId, 'demo'), eq(s.auditLog.action, 'webhook.secret_rotated')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('a-brand-new-generic-secret');
    await caller('demo').webhooks.setSecret({ provider: 'generic', secret: SECRET });
  });

  it('refuses a bad secret, an unknown provider, turning on a provider without a secret, and callers who are not merchants', async () => {
    expect(await code(caller('demo').webhooks.setSecret({ provider: 'stripe', secret: 'abc' }))).toBe('BAD_REQUEST');
    expect(await code(caller('demo').webhooks.setSecret({ provider: 'stripe', secret: 'two\nlines-secret' }))).toBe('BAD_REQUEST');
    expect(await code(caller('demo').webhooks.setSecret({ provider: 'paypal', secret: 'long-enough-secret' }))).toBe('BAD_REQUEST');
    expect(await code(caller('rival-shop').webhooks.setEnabled({ provider: 'paddle', enabled: true }))).toBe('BAD_REQUEST');
    const anonymous = createCaller({ db: t.db, session: null, ip: '127.0.0.1' });
    expect(await code(anonymous.webhooks.settings())).toBe('UNAUTHORIZED');
    const affiliate = createCaller({
      db: t.db,
      session: { user: { id: crypto.randomUUID(), email: 'a@example.com', role: 'affiliate', merchantId: 'demo', affiliateId: crypto.randomUUID() }, expires: '2099-01-01' } as Session,
      ip: '127.0.0.1',
    });
    expect(await code(affiliate.webhooks.setSecret({ provider: 'stripe', secret: 'long-enough-secret' }))).toBe('FORBIDDEN');
  });
});
