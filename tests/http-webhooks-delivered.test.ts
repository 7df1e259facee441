// Payment gateways as they really deliver (TRACKING-API.md §5): events in any order and
// more than once, the current Stripe API (no charge.invoice, invoice_payment objects),
// Shopify's unpaid, cancelled, voided and edited orders and its ids beyond 2^53,
// WooCommerce's delivery ids shared within one second, and test orders through a live
// endpoint. The payloads are shaped on the providers' own examples (Stripe's OpenAPI
// fixtures and a captured API 2025-08-27.basil delivery, Shopify's REST order example and
// its "Send test notification" body, WooCommerce's REST order, Lemon Squeezy's documented
// order webhook), written here with fresh ids.
import { describe, expect, it } from 'vitest';
import { click, line } from './helpers/tracking';
import {
  SECRET,
  checkoutSession,
  deliver,
  deliverLemon,
  deliverShopify,
  deliverStripe,
  deliverWoo,
  hmac,
  ids,
  orderState,
  stripeEvent,
  uniqueEmail,
} from './helpers/webhooks';

/** An invoice as API 2025-08-27.basil sends it: no payment_intent, no charge, the subscription under parent. */
function basilInvoice(o: { id?: string; subscription: string; billingReason: string; amountPaid: number; currency?: string }) {
  return {
    id: o.id ?? ids.stripe('in'),
    object: 'invoice',
    account_country: 'BR',
    amount_due: o.amountPaid,
    amount_overpaid: 0,
    amount_paid: o.amountPaid,
    amount_remaining: 0,
    attempt_count: 0,
    attempted: true,
    billing_reason: o.billingReason,
    collection_method: 'charge_automatically',
    currency: o.currency ?? 'usd',
    customer: ids.stripe('cus'),
    customer_email: uniqueEmail(),
    lines: { object: 'list', data: [], has_more: false, total_count: 0, url: '/v1/invoices/in_x/lines' },
    livemode: true,
    metadata: {},
    parent: { quote_details: null, subscription_details: { metadata: {} as Record<string, string>, subscription: o.subscription }, type: 'subscription_details' },
    status: 'paid',
    total: o.amountPaid,
  };
}

/** Stripe's invoice_payment object (openapi fixtures3), paid by a PaymentIntent. */
function invoicePayment(invoiceId: string, paymentIntent: string, amount: number) {
  return {
    id: ids.stripe('inpay'),
    object: 'invoice_payment',
    amount_paid: amount,
    amount_requested: amount,
    created: Math.floor(Date.now() / 1000),
    currency: 'usd',
    invoice: invoiceId,
    is_default: true,
    livemode: true,
    payment: { type: 'payment_intent', payment_intent: paymentIntent },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: Math.floor(Date.now() / 1000) },
  };
}

function currentCharge(paymentIntent: string, amount: number, amountRefunded: number) {
  // API 2025-03-31 and later: a charge no longer names its invoice.
  return {
    id: ids.stripe('ch'),
    object: 'charge',
    amount,
    amount_captured: amount,
    amount_refunded: amountRefunded,
    captured: true,
    currency: 'usd',
    livemode: true,
    metadata: {},
    paid: true,
    payment_intent: paymentIntent,
    refunded: amountRefunded >= amount,
    status: 'succeeded',
  };
}

describe('stripe: events in any order', () => {
  it('invoice.paid before checkout.session.completed: the session’s client_reference_id completes the attribution, once', async () => {
    const vid = await click();
    const subscription = ids.stripe('sub');
    const inv = basilInvoice({ subscription, billingReason: 'subscription_create', amountPaid: 4900 });
    const first = await deliverStripe(stripeEvent('invoice.paid', inv));
    expect(first.json).toMatchObject({ received: true, outcome: 'unattributed' });
    const session = checkoutSession({ mode: 'subscription', amountTotal: 4900, invoice: inv.id, subscription, clientReferenceId: vid });
    const second = await deliverStripe(stripeEvent('checkout.session.completed', session));
    expect(second.json).toEqual({ received: true, outcome: 'attributed', conversionId: first.json.conversionId });
    expect(await orderState(inv.id)).toMatchObject({ status: 'duplicate', method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 490)] });
    // The session delivered again (Stripe retries) and the invoice again change nothing.
    expect((await deliverStripe(stripeEvent('checkout.session.completed', session))).json).toMatchObject({ outcome: 'duplicate' });
    expect((await deliverStripe(stripeEvent('invoice.paid', inv))).json).toMatchObject({ outcome: 'duplicate' });
    expect((await orderState(inv.id)).commissions).toEqual([line('demo-aff', 1, 490)]);
  });

  it('the two arriving at the same time: one conversion, attributed, with one commission', async () => {
    for (let round = 0; round < 3; round++) {
      const vid = await click();
      const subscription = ids.stripe('sub');
      const inv = basilInvoice({ subscription, billingReason: 'subscription_create', amountPaid: 1000 });
      const session = checkoutSession({ mode: 'subscription', amountTotal: 1000, invoice: inv.id, subscription, clientReferenceId: vid });
      const [a, b] = await Promise.all([
        deliverStripe(stripeEvent('invoice.paid', inv)),
        deliverStripe(stripeEvent('checkout.session.completed', session)),
      ]);
      expect(a.status, a.text).toBe(200);
      expect(b.status, b.text).toBe(200);
      expect(a.json.conversionId).toBe(b.json.conversionId);
      expect([a.json.outcome, b.json.outcome]).toContain('attributed');
      expect(await orderState(inv.id)).toMatchObject({ method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 100)] });
    }
  });

  it('invoice.payment_succeeded is the same sale as invoice.paid, whichever comes first, counted once', async () => {
    const vid = await click();
    const subscription = ids.stripe('sub');
    const inv = { ...basilInvoice({ subscription, billingReason: 'subscription_create', amountPaid: 2990, currency: 'brl' }) };
    inv.parent.subscription_details.metadata = { aff_vid: vid };
    const succeeded = await deliverStripe(stripeEvent('invoice.payment_succeeded', inv));
    expect(succeeded.json).toMatchObject({ outcome: 'attributed' });
    const paid = await deliverStripe(stripeEvent('invoice.paid', inv));
    expect(paid.json).toEqual({ received: true, outcome: 'duplicate', conversionId: succeeded.json.conversionId });
    expect((await orderState(inv.id)).commissions).toEqual([line('demo-aff', 1, 299, 'pending', 'BRL')]);
  });
});

describe('stripe: refunds of subscription payments on the current API', () => {
  it('invoice_payment.paid links the PaymentIntent to the invoice, so charge.refunded (no charge.invoice) reverses the commission', async () => {
    const vid = await click();
    const subscription = ids.stripe('sub');
    const inv = basilInvoice({ subscription, billingReason: 'subscription_create', amountPaid: 10000 });
    inv.parent.subscription_details.metadata = { aff_vid: vid };
    const sale = await deliverStripe(stripeEvent('invoice.paid', inv));
    expect(sale.json).toMatchObject({ outcome: 'attributed' });
    const pi = ids.stripe('pi');
    const link = await deliverStripe(stripeEvent('invoice_payment.paid', invoicePayment(inv.id, pi, 10000)));
    expect(link.json).toEqual({ received: true, outcome: 'ignored' });
    const partial = await deliverStripe(stripeEvent('charge.refunded', currentCharge(pi, 10000, 2500)));
    expect(partial.json).toEqual({ received: true, outcome: 'refunded', conversionId: sale.json.conversionId });
    expect((await orderState(inv.id)).commissions).toEqual([line('demo-aff', 1, 750)]);
    const full = await deliverStripe(stripeEvent('charge.refunded', currentCharge(pi, 10000, 10000)));
    expect(full.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(inv.id)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('the link may arrive before the invoice itself', async () => {
    const vid = await click();
    const inv = basilInvoice({ subscription: ids.stripe('sub'), billingReason: 'subscription_create', amountPaid: 5000 });
    inv.parent.subscription_details.metadata = { aff_vid: vid };
    const pi = ids.stripe('pi');
    await deliverStripe(stripeEvent('invoice_payment.paid', invoicePayment(inv.id, pi, 5000)));
    await deliverStripe(stripeEvent('invoice.paid', inv));
    expect((await deliverStripe(stripeEvent('charge.refunded', currentCharge(pi, 5000, 5000)))).json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(inv.id)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });
});

describe('refunds that arrive before their order', () => {
  it('stripe: charge.refunded before the invoice_payment link is kept, and applied when the link arrives', async () => {
    const vid = await click();
    const inv = basilInvoice({ subscription: ids.stripe('sub'), billingReason: 'subscription_create', amountPaid: 8000 });
    inv.parent.subscription_details.metadata = { aff_vid: vid };
    await deliverStripe(stripeEvent('invoice.paid', inv));
    const pi = ids.stripe('pi');
    const early = await deliverStripe(stripeEvent('charge.refunded', currentCharge(pi, 8000, 8000)));
    expect(early.json).toEqual({ received: true, outcome: 'ignored' });
    expect((await orderState(inv.id)).commissions).toEqual([line('demo-aff', 1, 800)]);
    const link = await deliverStripe(stripeEvent('invoice_payment.paid', invoicePayment(inv.id, pi, 8000)));
    expect(link.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(inv.id)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('shopify: orders/cancelled before orders/paid: the sale is recorded and at once reversed', async () => {
    const vid = await click();
    const order = shopifyOrder({ vid, financialStatus: 'paid', total: '60.00' });
    expect((await deliverShopify('orders/cancelled', { ...order, cancelled_at: new Date().toISOString() })).json).toEqual({ received: true, outcome: 'ignored' });
    const paid = await deliverShopify('orders/paid', order);
    expect(paid.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(order.id))).commissions).toEqual([expect.objectContaining({ affiliate: 'demo-aff', status: 'declined' })]);
    // Applied once: the order delivered again changes nothing more.
    expect((await deliverShopify('orders/paid', order)).json).toMatchObject({ outcome: 'duplicate' });
  });
});

/** Shopify's REST Order example (450789469), with fresh ids and the state of the event. */
function shopifyOrder(o: { vid?: string; financialStatus: string; total: string; currentTotal?: string; test?: boolean; cancelledAt?: string | null }) {
  return {
    id: ids.numeric(),
    admin_graphql_api_id: 'gid://shopify/Order/450789469',
    app_id: null,
    browser_ip: '0.0.0.0',
    buyer_accepts_marketing: false,
    cancel_reason: o.cancelledAt ? 'customer' : null,
    cancelled_at: o.cancelledAt ?? null,
    contact_email: 'bob.norman@mail.example.com',
    created_at: '2008-01-10T11:00:00-05:00',
    currency: 'USD',
    current_total_price: o.currentTotal ?? o.total,
    current_subtotal_price: o.currentTotal ?? o.total,
    discount_codes: [],
    email: uniqueEmail(),
    financial_status: o.financialStatus,
    landing_site: 'http://www.example.com?source=abc',
    line_items: [{ id: 466157049, product_id: 632910392, quantity: 1, price: o.total, title: 'IPod Nano - 8gb' }],
    name: '#1001',
    note_attributes: o.vid ? [{ name: 'custom engraving', value: 'Happy Birthday' }, { name: 'aff_vid', value: o.vid }] : [],
    order_number: 1001,
    subtotal_price: o.total,
    test: o.test ?? false,
    total_price: o.total,
  };
}

describe('shopify: only a paid order earns, a cancelled or voided one gives it back', () => {
  it('orders/create of an authorized (unpaid) order earns nothing; orders/paid then credits it', async () => {
    const vid = await click();
    const order = shopifyOrder({ vid, financialStatus: 'authorized', total: '409.94' });
    const created = await deliverShopify('orders/create', order);
    expect(created.json).toEqual({ received: true, outcome: 'ignored' });
    // Nothing was recorded at orders/create: orders/paid is the new sale, not a duplicate.
    const paid = await deliverShopify('orders/paid', { ...order, financial_status: 'paid' });
    expect(paid.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(order.id))).commissions).toEqual([line('demo-aff', 1, 4099)]);
  });

  it('orders/create already paid is the sale; orders/paid after it is the same one', async () => {
    const vid = await click();
    const order = shopifyOrder({ vid, financialStatus: 'paid', total: '100.00' });
    const created = await deliverShopify('orders/create', order);
    expect(created.json).toMatchObject({ outcome: 'attributed' });
    expect((await deliverShopify('orders/paid', order)).json).toEqual({ received: true, outcome: 'duplicate', conversionId: created.json.conversionId });
  });

  it('orders/cancelled declines what the order earned', async () => {
    const vid = await click();
    const order = shopifyOrder({ vid, financialStatus: 'paid', total: '50.00' });
    await deliverShopify('orders/paid', order);
    const cancelled = await deliverShopify('orders/cancelled', { ...order, cancelled_at: new Date().toISOString(), cancel_reason: 'customer' });
    expect(cancelled.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(String(order.id))).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('a voided payment (orders/updated, financial status voided) declines it too', async () => {
    const vid = await click();
    const order = shopifyOrder({ vid, financialStatus: 'paid', total: '80.00' });
    await deliverShopify('orders/paid', order);
    const voided = await deliverShopify('orders/updated', { ...order, financial_status: 'voided' });
    expect(voided.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(String(order.id))).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('a cancellation of an order never paid (never recorded) is ignored', async () => {
    const order = shopifyOrder({ financialStatus: 'voided', total: '10.00', cancelledAt: new Date().toISOString() });
    expect((await deliverShopify('orders/cancelled', order)).json).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('shopify: edited orders and exact ids', () => {
  it('an edited order pays on current_total_price (what the buyer pays now), not total_price', async () => {
    const vid = await click();
    const order = shopifyOrder({ vid, financialStatus: 'paid', total: '409.94', currentTotal: '199.00' });
    await deliverShopify('orders/paid', order);
    expect((await orderState(String(order.id))).commissions).toEqual([line('demo-aff', 1, 1990)]);
  });

  it('Shopify’s own "Send test notification" body (id 820982911946154508) is accepted, its id kept to the digit, and recorded as a test', async () => {
    const digits = `82098291194615${String(Date.now()).slice(-4)}`;
    const order = { ...shopifyOrder({ financialStatus: 'paid', total: '403.00', test: true }), id: '__ID__' };
    const body = JSON.stringify(order).replace('"__ID__"', digits);
    expect(Number(digits) > Number.MAX_SAFE_INTEGER).toBe(true);
    const res = await deliver('shopify', body, {
      'x-shopify-topic': 'orders/paid',
      'x-shopify-hmac-sha256': hmac(SECRET, body, 'base64'),
      'x-shopify-event-id': ids.uuid(),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ received: true, outcome: 'unattributed' });
    const state = await orderState(digits);
    expect(state).toMatchObject({ status: 'duplicate', conversionId: res.json.conversionId, test: true });
    // The id JSON.parse would have rounded to is another order.
    expect((await orderState(String(Number(digits)))).conversionId).not.toBe(res.json.conversionId);
  });

  it('a body that is not JSON says what is wrong', async () => {
    const broken = '{"id": 820982911946154508, "total_price": }';
    const res = await deliver('shopify', broken, { 'x-shopify-topic': 'orders/paid', 'x-shopify-hmac-sha256': hmac(SECRET, broken, 'base64') });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^body: not valid JSON \(.+\)\.$/) });
  });
});

describe('test orders through a live endpoint', () => {
  it('a Shopify test order (Bogus gateway, test: true) is a test conversion: labelled, never payable', async () => {
    const vid = await click();
    const order = shopifyOrder({ vid, financialStatus: 'paid', total: '100.00', test: true });
    expect((await deliverShopify('orders/paid', order)).json).toMatchObject({ outcome: 'attributed' });
    expect(await orderState(String(order.id))).toMatchObject({ test: true, commissions: [line('demo-aff', 1, 1000, 'declined')] });
  });

  it('a Lemon Squeezy order with meta.test_mode is a test conversion', async () => {
    const vid = await click();
    const id = String(ids.numeric());
    const payload = {
      meta: { test_mode: true, event_name: 'order_created', webhook_id: ids.uuid(), custom_data: { aff_vid: vid } },
      data: {
        type: 'orders',
        id,
        attributes: { store_id: 1, customer_id: 1, identifier: ids.uuid(), order_number: 1, user_name: 'Darlene Daugherty', user_email: uniqueEmail(), currency: 'USD', subtotal: 999, total: 999, status: 'paid', refunded: false, test_mode: true },
      },
    };
    expect((await deliverLemon(payload)).json).toMatchObject({ outcome: 'attributed' });
    expect(await orderState(id)).toMatchObject({ test: true, commissions: [line('demo-aff', 1, 100, 'declined')] });
  });
});

describe('woocommerce: two orders paid in the same second', () => {
  it('share X-WC-Webhook-Delivery-ID, and both are recorded', async () => {
    const deliveryId = `${Math.floor(Date.now() / 1000)}12`.slice(-16);
    const orders = await Promise.all(
      [1, 2].map(async () => {
        const vid = await click();
        return {
          id: ids.numeric(),
          status: 'processing',
          currency: 'USD',
          date_modified_gmt: new Date().toISOString().slice(0, 19),
          total: '29.35',
          customer_id: 0,
          billing: { email: uniqueEmail() },
          meta_data: [{ id: 1, key: 'aff_vid', value: vid }],
          line_items: [{ id: 315, product_id: 93, quantity: 2, total: '6.00' }],
          refunds: [],
        };
      }),
    );
    const results = [];
    for (const o of orders) results.push(await deliverWoo('order.updated', o, { deliveryId }));
    for (const r of results) expect(r.json).toMatchObject({ outcome: 'attributed' });
    expect(new Set(results.map((r) => r.json.conversionId)).size).toBe(2);
    // The same delivery retried (same body) is a duplicate of its own event.
    expect((await deliverWoo('order.updated', orders[0]!, { deliveryId })).json).toMatchObject({ outcome: 'duplicate', conversionId: results[0]!.json.conversionId });
  });
});
