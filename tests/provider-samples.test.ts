// The providers' own published payloads (../shared/provider-samples, with their sources in
// SOURCES.md: SDK test fixtures, OpenAPI fixtures, documented examples, captured
// deliveries), sent to the running app signed the provider's way. Skipped when that folder
// is absent: the project commits none of those files. Each sample gets fresh ids (so a
// rerun is no replay), the visitor id where the provider carries merchant data, and the
// state of the event; every such edit is written out below.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { click, line } from './helpers/tracking';
import { SECRET, deliver, deliverLemon, deliverShopify, deliverStripe, deliverWoo, hmac, ids, orderState, paddleSignature, uniqueEmail } from './helpers/webhooks';

const dir = path.resolve(import.meta.dirname, '../../shared/provider-samples');
const present = fs.existsSync(path.join(dir, 'SOURCES.md'));
const sample = (file: string): any => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const unix = () => Math.floor(Date.now() / 1000);

/** A Stripe event around an object, as Stripe sends it (the captured event's envelope). */
function stripeEnvelope(type: string, object: unknown, apiVersion = '2025-08-27.basil') {
  return JSON.stringify({ id: ids.stripe('evt'), object: 'event', api_version: apiVersion, created: unix(), data: { object }, livemode: true, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type });
}

describe.skipIf(!present)('provider samples: Stripe', () => {
  it('the captured invoice.payment_succeeded (API 2025-08-27.basil, BRL) is the sale; invoice.paid of the same invoice is not counted again', async () => {
    const vid = await click();
    const event = sample('stripe/real-basil-2025-08-27.invoice.payment_succeeded.json');
    const invoice = event.data.object;
    invoice.id = ids.stripe('in');
    invoice.parent.subscription_details.subscription = ids.stripe('sub');
    invoice.parent.subscription_details.metadata = { aff_vid: vid };
    Object.assign(invoice, { customer: ids.stripe('cus'), customer_email: uniqueEmail() });
    event.id = ids.stripe('evt');
    event.created = unix();
    const res = await deliverStripe(JSON.stringify(event));
    expect(res.json).toMatchObject({ received: true, outcome: 'attributed' });
    expect((await orderState(invoice.id)).commissions).toEqual([line('demo-aff', 1, 299, 'pending', 'BRL')]);
    const paid = await deliverStripe(stripeEnvelope('invoice.paid', invoice));
    expect(paid.json).toEqual({ received: true, outcome: 'duplicate', conversionId: res.json.conversionId });
  });

  it('the fixtures’ invoice (first of a subscription) before its Checkout Session: the session’s client_reference_id credits the affiliate', async () => {
    const vid = await click();
    const invoice = sample('stripe/openapi-fixtures3.invoice.json');
    // State of the event: the subscription's first invoice, paid.
    Object.assign(invoice, { id: ids.stripe('in'), customer: ids.stripe('cus'), customer_email: uniqueEmail(), billing_reason: 'subscription_create', status: 'paid', amount_paid: 1000, amount_remaining: 0 });
    invoice.parent = { quote_details: null, subscription_details: { metadata: {}, subscription: ids.stripe('sub') }, type: 'subscription_details' };
    const first = await deliverStripe(stripeEnvelope('invoice.paid', invoice));
    expect(first.json).toMatchObject({ outcome: 'unattributed' });
    const session = sample('stripe/openapi-fixtures3.checkout.session.json');
    // State of the event: a completed, paid subscription session for that invoice.
    Object.assign(session, {
      id: ids.stripe('cs_live'),
      mode: 'subscription',
      status: 'complete',
      payment_status: 'paid',
      amount_total: 1000,
      currency: 'usd',
      payment_intent: null,
      invoice: invoice.id,
      subscription: invoice.parent.subscription_details.subscription,
      client_reference_id: vid,
      customer_details: { ...session.customer_details, email: uniqueEmail() },
    });
    const second = await deliverStripe(stripeEnvelope('checkout.session.completed', session));
    expect(second.json).toEqual({ received: true, outcome: 'attributed', conversionId: first.json.conversionId });
    expect((await orderState(invoice.id)).commissions).toEqual([line('demo-aff', 1, 100)]);
  });

  it('a one-off Checkout Session, then the fixtures’ invoice_payment and charge refund it through its PaymentIntent', async () => {
    const vid = await click();
    const session = sample('stripe/openapi-fixtures3.checkout.session.json');
    const pi = ids.stripe('pi');
    Object.assign(session, {
      id: ids.stripe('cs_live'),
      status: 'complete',
      payment_status: 'paid',
      amount_total: 5000,
      currency: 'usd',
      payment_intent: pi,
      client_reference_id: vid,
      customer_details: { ...session.customer_details, email: uniqueEmail() },
    });
    const sale = await deliverStripe(stripeEnvelope('checkout.session.completed', session));
    expect(sale.json).toMatchObject({ outcome: 'attributed' });
    const charge = sample('stripe/openapi-fixtures3.charge.json');
    Object.assign(charge, { id: ids.stripe('ch'), payment_intent: pi, amount: 5000, amount_captured: 5000, amount_refunded: 5000, captured: true, refunded: true, paid: true });
    const refunded = await deliverStripe(stripeEnvelope('charge.refunded', charge));
    expect(refunded.json).toEqual({ received: true, outcome: 'refunded', conversionId: sale.json.conversionId });
    expect((await orderState(pi)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('a subscription’s first invoice refunded on the current API: the fixtures’ invoice_payment links the charge’s PaymentIntent to it', async () => {
    const vid = await click();
    const event = sample('stripe/real-basil-2025-08-27.invoice.payment_succeeded.json');
    const invoice = event.data.object;
    Object.assign(invoice, { id: ids.stripe('in'), customer: ids.stripe('cus'), customer_email: uniqueEmail() });
    invoice.parent.subscription_details = { metadata: { aff_vid: vid }, subscription: ids.stripe('sub') };
    const sale = await deliverStripe(stripeEnvelope('invoice.paid', invoice));
    expect(sale.json).toMatchObject({ outcome: 'attributed' });
    const pi = ids.stripe('pi');
    const payment = sample('stripe/openapi-fixtures3.invoice_payment.json');
    Object.assign(payment, { id: ids.stripe('inpay'), invoice: invoice.id, currency: 'brl', amount_paid: invoice.amount_paid, status: 'paid', payment: { type: 'payment_intent', payment_intent: pi } });
    expect((await deliverStripe(stripeEnvelope('invoice_payment.paid', payment))).json).toMatchObject({ outcome: 'ignored' });
    const charge = sample('stripe/openapi-fixtures3.charge.json');
    Object.assign(charge, { id: ids.stripe('ch'), payment_intent: pi, currency: 'brl', amount: 2990, amount_captured: 2990, amount_refunded: 2990, refunded: true });
    expect('invoice' in charge).toBe(false);
    const refunded = await deliverStripe(stripeEnvelope('charge.refunded', charge));
    expect(refunded.json).toEqual({ received: true, outcome: 'refunded', conversionId: sale.json.conversionId });
    expect((await orderState(invoice.id)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });
});

describe.skipIf(!present)('provider samples: Shopify', () => {
  it('the REST order example (authorized) earns nothing at orders/create; paid, it earns on its total; its refund example reduces it', async () => {
    const vid = await click();
    const order = sample('shopify/shopify-api-ruby.order.json');
    order.id = ids.numeric();
    order.note_attributes = [...order.note_attributes, { name: 'aff_vid', value: vid }];
    expect((await deliverShopify('orders/create', order)).json).toEqual({ received: true, outcome: 'ignored' });
    const paid = await deliverShopify('orders/paid', { ...order, financial_status: 'paid' });
    expect(paid.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(order.id))).commissions).toEqual([line('demo-aff', 1, 4099)]);
    const refund = sample('shopify/shopify-api-ruby.refund.json');
    Object.assign(refund, { id: ids.numeric(), order_id: order.id });
    const refunded = await deliverShopify('refunds/create', refund);
    expect(refunded.json).toEqual({ received: true, outcome: 'refunded', conversionId: paid.json.conversionId });
    // 409.94 − 209.00 = 200.94 left: 4099 × 20094 / 40994 = 2009.2 → 2009.
    expect((await orderState(String(order.id))).commissions).toEqual([line('demo-aff', 1, 2009)]);
  });

  it('"Send test notification" (id 820982911946154508, voided, test) is answered 200; as a paid order it is a test conversion under its exact id', async () => {
    const raw = fs.readFileSync(path.join(dir, 'shopify/shopify-sample-test-notification.orders_create.json'), 'utf8');
    const asCreated = await deliver('shopify', raw, { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': hmac(SECRET, raw, 'base64'), 'x-shopify-event-id': ids.uuid() });
    expect(asCreated.status, asCreated.text).toBe(200);
    expect(asCreated.json).toEqual({ received: true, outcome: 'ignored' });
    // The original id is kept on purpose: its digits must survive.
    const paid = raw.replace(/"financial_status":\s*"voided"/, '"financial_status":"paid"').replace(/"cancelled_at":\s*"[^"]*"/, '"cancelled_at":null');
    expect(paid).not.toBe(raw);
    const res = await deliver('shopify', paid, { 'x-shopify-topic': 'orders/paid', 'x-shopify-hmac-sha256': hmac(SECRET, paid, 'base64'), 'x-shopify-event-id': ids.uuid() });
    expect(res.status, res.text).toBe(200);
    expect(await orderState('820982911946154508')).toMatchObject({ conversionId: res.json.conversionId, test: true });
  });

  it('the captured dev-store orders/create (HKD, paid, current_* fields) is the sale', async () => {
    const vid = await click();
    const order = sample('shopify/real-2025-01-draft-order.orders_create.HKD.json');
    order.id = ids.numeric();
    order.note_attributes = [{ name: 'aff_vid', value: vid }];
    const res = await deliverShopify('orders/create', order);
    expect(res.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(order.id))).commissions).toEqual([line('demo-aff', 1, 1869, 'pending', 'HKD')]);
  });
});

describe.skipIf(!present)('provider samples: WooCommerce, Paddle, Lemon Squeezy', () => {
  it('WooCommerce’s order 727 (processing) is the sale, with the visitor id in its meta', async () => {
    const vid = await click();
    const order = sample('woocommerce/woocommerce-rest-api-docs.order-727.json');
    order.id = ids.numeric();
    order.meta_data = [...order.meta_data, { id: 1, key: 'aff_vid', value: vid }];
    order.billing.email = uniqueEmail();
    const res = await deliverWoo('order.created', order);
    expect(res.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(order.id))).commissions).toEqual([line('demo-aff', 1, 294)]);
  });

  it('Paddle’s transaction.completed, then its adjustment pending approval (nothing yet), then approved (refunded)', async () => {
    const vid = await click();
    const completed = sample('paddle/paddle-node-sdk.transaction-completed.json');
    const txnId = ids.paddle('txn');
    Object.assign(completed, { event_id: ids.paddle('evt'), occurred_at: new Date().toISOString() });
    Object.assign(completed.data, { id: txnId, custom_data: { aff_vid: vid } });
    const body = JSON.stringify(completed);
    const sale = await deliver('paddle', body, { 'paddle-signature': paddleSignature(body) });
    expect(sale.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(txnId)).commissions).toEqual([line('demo-aff', 1, 6522)]);
    for (const [file, outcome, amount] of [
      ['paddle/paddle-node-sdk.adjustment-created.json', 'ignored', 6522],
      // 652.15 − 1.00 refunded: 6522 × 65115 / 65215 = 6512.0 → 6512.
      ['paddle/paddle-node-sdk.adjustment-updated.json', 'refunded', 6512],
    ] as const) {
      const adj = sample(file);
      Object.assign(adj, { event_id: ids.paddle('evt'), occurred_at: new Date().toISOString() });
      adj.data.transaction_id = txnId;
      adj.data.id = `adj_${txnId.slice(4)}`;
      const b = JSON.stringify(adj);
      const res = await deliver('paddle', b, { 'paddle-signature': paddleSignature(b) });
      expect(res.json, file).toMatchObject({ received: true, outcome });
      expect((await orderState(txnId)).commissions).toEqual([line('demo-aff', 1, amount)]);
    }
  });

  it('Lemon Squeezy’s documented order_created is the sale; the captured test-mode delivery is recorded as a test, never paid', async () => {
    const vid = await click();
    const order = sample('lemonsqueezy/lemonsqueezy-docs.order_created.json');
    order.data.id = String(ids.numeric());
    order.meta.custom_data = { ...order.meta.custom_data, aff_vid: vid };
    const res = await deliverLemon(order);
    expect(res.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(order.data.id)).commissions).toEqual([line('demo-aff', 1, 120)]);

    const testVid = await click();
    const testOrder = sample('lemonsqueezy/lemonsqueezy-docs.order_created.json');
    testOrder.data.id = String(ids.numeric());
    testOrder.meta = { ...sample('lemonsqueezy/real-2025-07.subscription_payment_success.test_mode.json').meta, event_name: 'order_created', custom_data: { aff_vid: testVid } };
    expect(testOrder.meta.test_mode).toBe(true);
    expect((await deliverLemon(testOrder)).json).toMatchObject({ outcome: 'attributed' });
    expect(await orderState(testOrder.data.id)).toMatchObject({ test: true, commissions: [line('demo-aff', 1, 120, 'declined')] });
  });
});
