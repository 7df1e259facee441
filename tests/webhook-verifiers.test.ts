// Each provider's signature check, against signatures made the provider's way
// (Stripe's by its own package), and the mapping of each used event to an action.
import { describe, expect, it } from 'vitest';
import { parseWebhook } from '@/server/webhooks/handle-webhook';
import { webhookRegistry } from '@/server/webhooks/registry';
import { checkoutSession, hmac, invoice, paddleSignature, stripeEvent, stripeSignature } from './helpers/webhooks';

const SECRET = 'whsec_unit_test_secret';
const now = new Date('2025-01-14T12:00:00Z');
const nowS = Math.floor(now.getTime() / 1000);
const body = '{"id":"evt_1","type":"ping","data":{"object":{}}}';
const raw = Buffer.from(body);
const headers = (h: Record<string, string>) => new Headers(h);
const { stripe, shopify, woocommerce, paddle, lemonsqueezy, generic } = webhookRegistry;

describe('stripe verifier', () => {
  const sig = (o: { timestamp?: number; secret?: string; payload?: string } = {}) =>
    stripeSignature(o.payload ?? body, { secret: o.secret ?? SECRET, timestamp: o.timestamp ?? nowS });

  it('accepts the stripe package’s own test header', () => {
    expect(stripe.verify(raw, headers({ 'stripe-signature': sig() }), SECRET, now)).toEqual({ ok: true });
  });

  it('accepts any matching v1 among several (a rolled secret), ignores v0', () => {
    const good = sig().split(',v1=')[1]!;
    const header = `t=${nowS},v1=${'a'.repeat(64)},v1=${good},v0=${'b'.repeat(64)}`;
    expect(stripe.verify(raw, headers({ 'stripe-signature': header }), SECRET, now).ok).toBe(true);
  });

  it('refuses another secret, another body, a missing header or no v1', () => {
    expect(stripe.verify(raw, headers({ 'stripe-signature': sig({ secret: 'whsec_other' }) }), SECRET, now)).toMatchObject({ ok: false });
    expect(stripe.verify(Buffer.from(body + ' '), headers({ 'stripe-signature': sig() }), SECRET, now).ok).toBe(false);
    expect(stripe.verify(raw, headers({}), SECRET, now)).toEqual({ ok: false, reason: 'the Stripe-Signature header is missing' });
    expect(stripe.verify(raw, headers({ 'stripe-signature': `t=${nowS}` }), SECRET, now).ok).toBe(false);
  });

  it('allows five minutes either way and no more', () => {
    expect(stripe.verify(raw, headers({ 'stripe-signature': sig({ timestamp: nowS - 300 }) }), SECRET, now).ok).toBe(true);
    expect(stripe.verify(raw, headers({ 'stripe-signature': sig({ timestamp: nowS - 301 }) }), SECRET, now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/301 s old/),
    });
    expect(stripe.verify(raw, headers({ 'stripe-signature': sig({ timestamp: nowS + 301 }) }), SECRET, now).ok).toBe(false);
  });

  it('checks the bytes received: a body re-serialised after parsing no longer verifies', () => {
    const payload = stripeEvent('invoice.paid', invoice({ subscription: 'sub_1', billingReason: 'subscription_cycle', amountPaid: 100 }));
    const h = headers({ 'stripe-signature': sig({ payload }) });
    expect(stripe.verify(Buffer.from(payload), h, SECRET, now).ok).toBe(true);
    expect(stripe.verify(Buffer.from(JSON.stringify(JSON.parse(payload))), h, SECRET, now).ok).toBe(false);
  });
});

describe('paddle verifier', () => {
  it('accepts ts=…;h1=hex of "ts:body", within five minutes', () => {
    const h = headers({ 'paddle-signature': paddleSignature(body, { secret: SECRET, ts: nowS - 299 }) });
    expect(paddle.verify(raw, h, SECRET, now)).toEqual({ ok: true });
  });

  it('refuses a stale timestamp, another secret, a missing header', () => {
    expect(paddle.verify(raw, headers({ 'paddle-signature': paddleSignature(body, { secret: SECRET, ts: nowS - 301 }) }), SECRET, now).ok).toBe(false);
    expect(paddle.verify(raw, headers({ 'paddle-signature': paddleSignature(body, { secret: 'x', ts: nowS }) }), SECRET, now).ok).toBe(false);
    expect(paddle.verify(raw, headers({}), SECRET, now).ok).toBe(false);
  });

  it('the signed payload joins with a colon, not a dot', () => {
    const dot = `ts=${nowS};h1=${hmac(SECRET, `${nowS}.${body}`, 'hex')}`;
    expect(paddle.verify(raw, headers({ 'paddle-signature': dot }), SECRET, now).ok).toBe(false);
  });
});

describe('body HMAC verifiers', () => {
  const cases = [
    { name: 'shopify', module: shopify, header: 'x-shopify-hmac-sha256', value: hmac(SECRET, body, 'base64') },
    { name: 'woocommerce', module: woocommerce, header: 'x-wc-webhook-signature', value: hmac(SECRET, body, 'base64') },
    { name: 'lemonsqueezy', module: lemonsqueezy, header: 'x-signature', value: hmac(SECRET, body, 'hex') },
    { name: 'generic', module: generic, header: 'x-signature', value: `sha256=${hmac(SECRET, body, 'hex')}` },
  ];
  it.each(cases)('$name accepts its own encoding and refuses another secret, body or encoding', ({ module, header, value }) => {
    expect(module.verify(raw, headers({ [header]: value }), SECRET, now)).toEqual({ ok: true });
    expect(module.verify(Buffer.from(body.replace('ping', 'pong')), headers({ [header]: value }), SECRET, now).ok).toBe(false);
    expect(module.verify(raw, headers({ [header]: value }), 'another-secret', now).ok).toBe(false);
    expect(module.verify(raw, headers({}), SECRET, now).ok).toBe(false);
  });

  it('base64 providers refuse the hex digest and hex providers the base64 one', () => {
    expect(shopify.verify(raw, headers({ 'x-shopify-hmac-sha256': hmac(SECRET, body, 'hex') }), SECRET, now).ok).toBe(false);
    expect(lemonsqueezy.verify(raw, headers({ 'x-signature': hmac(SECRET, body, 'base64') }), SECRET, now).ok).toBe(false);
  });

  it('generic requires the sha256= prefix; hex digits are case-insensitive', () => {
    expect(generic.verify(raw, headers({ 'x-signature': hmac(SECRET, body, 'hex') }), SECRET, now).ok).toBe(false);
    expect(generic.verify(raw, headers({ 'x-signature': `SHA256=${hmac(SECRET, body, 'hex').toUpperCase()}` }), SECRET, now).ok).toBe(true);
  });
});

describe('event mapping', () => {
  const parse = (module: keyof typeof webhookRegistry, payload: string, h: Record<string, string> = {}) =>
    parseWebhook(webhookRegistry[module], payload, headers(h));
  const vid = 'f'.repeat(32);

  it('stripe: a subscription session is a sale under its invoice, with the subscription', () => {
    const session = checkoutSession({ mode: 'subscription', amountTotal: 2900, invoice: 'in_1', subscription: 'sub_1', clientReferenceId: vid });
    expect(parse('stripe', stripeEvent('checkout.session.completed', session, 'evt_9'))).toEqual({
      eventId: 'evt_9',
      eventType: 'checkout.session.completed',
      action: {
        kind: 'sale',
        sale: expect.objectContaining({ orderId: 'in_1', totalMinor: 2900, currency: 'USD', visitorId: vid, subscriptionId: 'sub_1' }),
      },
    });
  });

  it('stripe: invoice.paid reads the subscription from API 2024-06-20 (`subscription`) and later (`parent`)', () => {
    const legacy = { ...invoice({ id: 'in_2', subscription: 'x', billingReason: 'subscription_cycle', amountPaid: 500 }), parent: null, subscription: 'sub_old' };
    expect(parse('stripe', stripeEvent('invoice.paid', legacy)).action).toMatchObject({ kind: 'renewal', subscriptionId: 'sub_old', sale: { orderId: 'in_2' } });
    const current = invoice({ id: 'in_3', subscription: 'sub_new', billingReason: 'subscription_cycle', amountPaid: 500 });
    expect(parse('stripe', stripeEvent('invoice.paid', current)).action).toMatchObject({ kind: 'renewal', subscriptionId: 'sub_new' });
  });

  it('stripe: charge.refunded hands over the running total and both ids an order may be known by', () => {
    const charge = { id: 'ch_1', object: 'charge', amount: 1000, amount_refunded: 400, payment_intent: 'pi_1', invoice: 'in_1' };
    expect(parse('stripe', stripeEvent('charge.refunded', charge)).action).toEqual({ kind: 'refund', orderIds: ['pi_1', 'in_1', 'ch_1'], refundedTotalMinor: 400 });
  });

  it('paddle: origin subscription_recurring is a renewal; the grand total string is minor units', () => {
    const txn = { id: 'txn_1', origin: 'subscription_recurring', subscription_id: 'sub_1', currency_code: 'EUR', custom_data: { aff_vid: vid }, details: { totals: { grand_total: '1999' } } };
    expect(parse('paddle', JSON.stringify({ event_id: 'evt_1', event_type: 'transaction.completed', data: txn })).action).toMatchObject({
      kind: 'renewal',
      subscriptionId: 'sub_1',
      sale: { orderId: 'txn_1', totalMinor: 1999, currency: 'EUR', visitorId: vid },
    });
  });

  it('lemon squeezy: a second partial refund of one order is a different event', () => {
    const refunded = (amount: number) =>
      JSON.stringify({ meta: { event_name: 'order_refunded' }, data: { type: 'orders', id: '7', attributes: { refunded: true, refunded_amount: amount } } });
    expect(parse('lemonsqueezy', refunded(100)).eventId).not.toBe(parse('lemonsqueezy', refunded(300)).eventId);
    expect(parse('lemonsqueezy', refunded(300)).action).toEqual({ kind: 'refund', orderIds: ['7'], refundedTotalMinor: 300 });
  });

  it('woocommerce: negative refund totals add up to the running total refunded', () => {
    const order = { id: 9, status: 'completed', currency: 'USD', total: '100.00', refunds: [{ id: 1, total: '-10.50' }, { id: 2, total: '-0.25' }] };
    expect(parse('woocommerce', JSON.stringify(order), { 'x-wc-webhook-topic': 'order.updated' }).action).toEqual({
      kind: 'refund',
      orderIds: ['9'],
      refundedTotalMinor: 1075,
    });
  });

  it('shopify: the current total, with the money its refunds returned added back (refunds/create records those)', () => {
    const order = {
      id: 2, financial_status: 'partially_refunded', total_price: '100.00', current_total_price: '60.00', currency: 'USD',
      refunds: [{ id: 9, transactions: [{ kind: 'refund', status: 'success', amount: '30.00' }, { kind: 'refund', status: 'failure', amount: '5.00' }] }],
    };
    // Edited from 100.00 to 90.00, then 30.00 refunded: Shopify says 60.00 now; the sale is 90.00.
    expect(parse('shopify', JSON.stringify(order), { 'x-shopify-topic': 'orders/paid' }).action).toMatchObject({ kind: 'sale', sale: { total: '90' } });
    expect(parse('shopify', JSON.stringify({ ...order, refunds: [] }), { 'x-shopify-topic': 'orders/paid' }).action).toMatchObject({ sale: { total: '60' } });
  });

  it('shopify: the note attribute is the visitor id only when it has the visitor id’s form', () => {
    const order = { id: 1, financial_status: 'paid', total_price: '5.00', currency: 'USD', note_attributes: [{ name: 'aff_vid', value: '<script>' }] };
    const action = parse('shopify', JSON.stringify(order), { 'x-shopify-topic': 'orders/create' }).action;
    expect(action).toMatchObject({ kind: 'sale', sale: { orderId: '1', total: '5', visitorId: undefined } });
  });

  it('an event type a provider does not use maps to ignored, whatever its body', () => {
    expect(parse('paddle', JSON.stringify({ event_id: 'evt_1', event_type: 'subscription.created', data: {} })).action.kind).toBe('ignored');
    expect(parse('shopify', '{}', { 'x-shopify-topic': 'customers/create' }).action.kind).toBe('ignored');
  });
});
