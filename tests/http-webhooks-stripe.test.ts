// /webhooks/stripe over real HTTP (TRACKING-API.md §5), with events shaped like
// Stripe's and signatures from the official stripe package.
import { describe, expect, it } from 'vitest';
import { click, expectError, line, s2sSale } from './helpers/tracking';
import {
  charge,
  checkoutSession,
  deliver,
  deliverStripe,
  ids,
  invoice,
  orderState,
  stripeEvent,
  stripeSignature,
} from './helpers/webhooks';

async function oneOffSale(amountTotal = 12050) {
  const vid = await click();
  const paymentIntent = ids.stripe('pi');
  const event = stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal, paymentIntent, clientReferenceId: vid }));
  const res = await deliverStripe(event);
  expect(res.status, res.text).toBe(200);
  return { vid, paymentIntent, event, res };
}

describe('stripe: checkout.session.completed', () => {
  it('a one-off payment with client_reference_id = the visitor id is a sale under its PaymentIntent: 10 % of 120.50', async () => {
    const { paymentIntent, res } = await oneOffSale();
    expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
    expect(res.json).toEqual({ received: true, outcome: 'attributed', conversionId: expect.any(String) });
    expect(await orderState(paymentIntent)).toMatchObject({
      conversionId: res.json.conversionId,
      status: 'duplicate',
      method: 'cookie',
      affiliate: 'demo-aff',
      commissions: [line('demo-aff', 1, 1205)],
    });
  });

  it('reads the visitor id from metadata.aff_vid too, and ignores a client_reference_id that is not one', async () => {
    const vid = await click();
    const paymentIntent = ids.stripe('pi');
    const session = checkoutSession({ mode: 'payment', amountTotal: 5000, paymentIntent, clientReferenceId: 'user_42', metadata: { aff_vid: vid } });
    const res = await deliverStripe(stripeEvent('checkout.session.completed', session));
    expect(res.json).toMatchObject({ received: true, outcome: 'attributed' });
    expect((await orderState(paymentIntent)).commissions).toEqual([line('demo-aff', 1, 500)]);
  });

  it('without a visitor id the sale is recorded unattributed', async () => {
    const paymentIntent = ids.stripe('pi');
    const res = await deliverStripe(stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 999, paymentIntent, email: `${ids.uuid()}@example.com` })));
    expect(res.json).toEqual({ received: true, outcome: 'unattributed', conversionId: expect.any(String) });
  });

  it('an unpaid session (a delayed payment method) is acknowledged and ignored until async_payment_succeeded', async () => {
    const vid = await click();
    const paymentIntent = ids.stripe('pi');
    const session = checkoutSession({ mode: 'payment', amountTotal: 4000, paymentIntent, clientReferenceId: vid, paymentStatus: 'unpaid' });
    const first = await deliverStripe(stripeEvent('checkout.session.completed', session));
    expect(first.json).toEqual({ received: true, outcome: 'ignored' });
    const paid = await deliverStripe(stripeEvent('checkout.session.async_payment_succeeded', { ...session, payment_status: 'paid' }));
    expect(paid.json).toMatchObject({ received: true, outcome: 'attributed' });
  });
});

describe('stripe: idempotency', () => {
  it('a replay of the same delivery, or the same event id signed again, changes nothing and answers 200 duplicate', async () => {
    const { event, res } = await oneOffSale();
    const again = await deliverStripe(event);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual({ received: true, outcome: 'duplicate', conversionId: res.json.conversionId });
    const resigned = await deliverStripe(event, { timestamp: Math.floor(Date.now() / 1000) - 30 });
    expect(resigned.json).toEqual({ received: true, outcome: 'duplicate', conversionId: res.json.conversionId });
  });

  it('a sale reported by webhook and by /t/sale is one conversion, whichever comes first', async () => {
    const { paymentIntent, res } = await oneOffSale();
    const viaApi = await s2sSale({ orderId: paymentIntent, total: '120.50', currency: 'USD' });
    expect(viaApi.json).toMatchObject({ status: 'duplicate', conversionId: res.json.conversionId });

    const vid = await click();
    const other = ids.stripe('pi');
    const first = await s2sSale({ orderId: other, total: '80.00', currency: 'USD', visitorId: vid });
    expect(first.json.status).toBe('attributed');
    const hook = await deliverStripe(stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 8000, paymentIntent: other, clientReferenceId: vid })));
    expect(hook.json).toEqual({ received: true, outcome: 'duplicate', conversionId: first.json.conversionId });
  });
});

describe('stripe: subscriptions', () => {
  it('the session’s invoice and its first invoice.paid are one sale; a subscription_cycle invoice is a renewal credited to the same affiliate', async () => {
    const vid = await click();
    const subscription = ids.stripe('sub');
    const firstInvoice = ids.stripe('in');
    const session = checkoutSession({ mode: 'subscription', amountTotal: 2900, invoice: firstInvoice, subscription, clientReferenceId: vid });
    const sale = await deliverStripe(stripeEvent('checkout.session.completed', session));
    expect(sale.json).toMatchObject({ received: true, outcome: 'attributed' });

    const created = await deliverStripe(stripeEvent('invoice.paid', invoice({ id: firstInvoice, subscription, billingReason: 'subscription_create', amountPaid: 2900 })));
    expect(created.json).toEqual({ received: true, outcome: 'duplicate', conversionId: sale.json.conversionId });

    const renewalInvoice = ids.stripe('in');
    const renewal = await deliverStripe(stripeEvent('invoice.paid', invoice({ id: renewalInvoice, subscription, billingReason: 'subscription_cycle', amountPaid: 2900 })));
    expect(renewal.json).toMatchObject({ received: true, outcome: 'attributed' });
    expect(renewal.json.conversionId).not.toBe(sale.json.conversionId);
    expect(await orderState(renewalInvoice)).toMatchObject({ method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 290)] });
  });

  it('an invoice.paid of subscription_create alone (no session seen) is the sale, attributed from the subscription metadata', async () => {
    const vid = await click();
    const subscription = ids.stripe('sub');
    const id = ids.stripe('in');
    const res = await deliverStripe(stripeEvent('invoice.paid', invoice({ id, subscription, billingReason: 'subscription_create', amountPaid: 1000, metadata: { aff_vid: vid } })));
    expect(res.json).toMatchObject({ received: true, outcome: 'attributed' });
    expect((await orderState(id)).commissions).toEqual([line('demo-aff', 1, 100)]);
  });

  it('an invoice of no subscription is left to the checkout session that reported its payment', async () => {
    const inv = { ...invoice({ subscription: 'sub_x', billingReason: 'manual', amountPaid: 1000 }), parent: null };
    const res = await deliverStripe(stripeEvent('invoice.paid', inv));
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('stripe: charge.refunded', () => {
  it('a partial then a full refund (amount_refunded is a running total) reduce then decline the commission; a replay changes nothing', async () => {
    const { paymentIntent, res } = await oneOffSale(12050);
    const partial = await deliverStripe(stripeEvent('charge.refunded', charge({ paymentIntent, amount: 12050, amountRefunded: 6025 })));
    expect(partial.json).toEqual({ received: true, outcome: 'refunded', conversionId: res.json.conversionId });
    // 1205 × 6025 / 12050 = 602.5 → 603 (half up)
    expect((await orderState(paymentIntent)).commissions).toEqual([line('demo-aff', 1, 603)]);

    const fullEvent = stripeEvent('charge.refunded', charge({ paymentIntent, amount: 12050, amountRefunded: 12050 }));
    const full = await deliverStripe(fullEvent);
    expect(full.json).toEqual({ received: true, outcome: 'refunded', conversionId: res.json.conversionId });
    expect((await orderState(paymentIntent)).commissions).toEqual([expect.objectContaining({ affiliate: 'demo-aff', tier: 1, status: 'declined' })]);

    expect((await deliverStripe(fullEvent)).json).toMatchObject({ outcome: 'duplicate' });
  });

  it('a refund of an order the tracker never saw is acknowledged and ignored', async () => {
    const res = await deliverStripe(stripeEvent('charge.refunded', charge({ paymentIntent: ids.stripe('pi'), amount: 100, amountRefunded: 100 })));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('stripe: refused deliveries write nothing', () => {
  it('a wrong secret is 400 invalid_signature and records no conversion', async () => {
    const vid = await click();
    const paymentIntent = ids.stripe('pi');
    const event = stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 1000, paymentIntent, clientReferenceId: vid }));
    expectError(await deliverStripe(event, { secret: 'whsec_not_the_one' }), 400, 'invalid_signature');
    // The order is new to the tracker: the refused delivery left nothing behind.
    expect((await orderState(paymentIntent)).status).not.toBe('duplicate');
  });

  it('a timestamp older than five minutes is 400 invalid_signature (a replay), even correctly signed', async () => {
    const paymentIntent = ids.stripe('pi');
    const event = stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 1000, paymentIntent }));
    const res = await deliverStripe(event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expectError(res, 400, 'invalid_signature', /timestamp/);
    expect((await orderState(paymentIntent)).status).not.toBe('duplicate');
  });

  it('a missing or tampered signature is 400 invalid_signature', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 1000, paymentIntent: ids.stripe('pi') }));
    expectError(await deliver('stripe', event, {}), 400, 'invalid_signature', /Stripe-Signature/);
    const signature = stripeSignature(event);
    expectError(await deliver('stripe', event.replace('"amount_total": 1000', '"amount_total": 1'), { 'stripe-signature': signature }), 400, 'invalid_signature');
  });
});

describe('stripe: other deliveries', () => {
  it('an event type the tracker does not use answers 200 ignored', async () => {
    const res = await deliverStripe(stripeEvent('customer.created', { id: ids.stripe('cus'), object: 'customer', email: 'a@example.com' }));
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });

  it('a correctly signed body that is not a Stripe event is 400 invalid_request', async () => {
    expectError(await deliverStripe('{"not":"an event"'), 400, 'invalid_request');
    expectError(await deliverStripe(JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed' })), 400, 'invalid_request');
    const noAmount = stripeEvent('checkout.session.completed', { ...checkoutSession({ mode: 'payment', amountTotal: 1, paymentIntent: ids.stripe('pi') }), amount_total: null });
    expectError(await deliverStripe(noAmount), 400, 'invalid_request', 'amount_total');
  });

  it('a missing event id is not an error', async () => {
    const vid = await click();
    const paymentIntent = ids.stripe('pi');
    const event = JSON.parse(stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 1000, paymentIntent, clientReferenceId: vid })));
    delete event.id;
    const res = await deliverStripe(JSON.stringify(event));
    expect(res.json).toMatchObject({ received: true, outcome: 'attributed' });
  });
});
