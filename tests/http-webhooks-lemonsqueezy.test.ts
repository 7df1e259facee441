// /webhooks/lemonsqueezy over real HTTP (TRACKING-API.md §5): orders and
// subscription invoices shaped like Lemon Squeezy's, signed with X-Signature.
import { describe, expect, it } from 'vitest';
import { click, expectError, line } from './helpers/tracking';
import { deliverLemon, ids, orderState, uniqueEmail } from './helpers/webhooks';

const lemonId = () => String(ids.numeric() % 1_000_000_000);

function orderEvent(eventName: string, o: { id?: string; total: number; vid?: string; refundedAmount?: number; email?: string }) {
  const refunded = (o.refundedAmount ?? 0) > 0;
  return {
    meta: { test_mode: false, event_name: eventName, webhook_id: ids.uuid(), ...(o.vid ? { custom_data: { aff_vid: o.vid } } : {}) },
    data: {
      type: 'orders',
      id: o.id ?? lemonId(),
      attributes: {
        store_id: 1,
        customer_id: Number(lemonId()),
        identifier: ids.uuid(),
        order_number: 1,
        user_name: 'John Doe',
        user_email: o.email ?? uniqueEmail(),
        currency: 'USD',
        currency_rate: '1.0000',
        subtotal: o.total,
        discount_total: 0,
        tax: 0,
        total: o.total,
        refunded_amount: o.refundedAmount ?? 0,
        status: refunded ? (o.refundedAmount! >= o.total ? 'refunded' : 'partial_refund') : 'paid',
        status_formatted: refunded ? 'Refunded' : 'Paid',
        refunded,
        refunded_at: refunded ? '2025-01-16T09:45:53.000000Z' : null,
        first_order_item: { id: 1, order_id: 1, product_id: 1, variant_id: 1, product_name: 'Pro licence', variant_name: 'Default', price: o.total },
        urls: { receipt: 'https://app.lemonsqueezy.com/my-orders/receipt' },
        created_at: '2025-01-14T09:45:53.000000Z',
        updated_at: '2025-01-14T09:45:53.000000Z',
      },
      links: { self: 'https://api.lemonsqueezy.com/v1/orders/1' },
    },
  };
}

function subscriptionCreated(orderId: string, subscriptionId: string, vid?: string) {
  return {
    meta: { test_mode: false, event_name: 'subscription_created', ...(vid ? { custom_data: { aff_vid: vid } } : {}) },
    data: {
      type: 'subscriptions',
      id: subscriptionId,
      attributes: { store_id: 1, customer_id: 1001, order_id: Number(orderId), order_item_id: 1, product_id: 1, variant_id: 1, user_email: 'johndoe@example.com', status: 'active', renews_at: '2025-02-14T09:45:53.000000Z' },
    },
  };
}

function invoiceEvent(eventName: string, o: { subscriptionId: string; total: number; billingReason: 'initial' | 'renewal'; id?: string; vid?: string }) {
  return {
    meta: { test_mode: false, event_name: eventName, ...(o.vid ? { custom_data: { aff_vid: o.vid } } : {}) },
    data: {
      type: 'subscription-invoices',
      id: o.id ?? lemonId(),
      attributes: {
        store_id: 1,
        subscription_id: Number(o.subscriptionId),
        customer_id: Number(lemonId()),
        user_name: 'John Doe',
        user_email: uniqueEmail(),
        billing_reason: o.billingReason,
        card_brand: 'visa',
        card_last_four: '4242',
        currency: 'USD',
        currency_rate: '1.00000000',
        status: 'paid',
        status_formatted: 'Paid',
        refunded: false,
        refunded_at: null,
        subtotal: o.total,
        discount_total: 0,
        tax: 0,
        total: o.total,
        created_at: '2025-02-14T09:45:53.000000Z',
      },
    },
  };
}

describe('lemonsqueezy: order_created', () => {
  it('meta.custom_data.aff_vid attributes the order, keyed by its id, total in cents', async () => {
    const vid = await click();
    const event = orderEvent('order_created', { total: 12050, vid });
    const res = await deliverLemon(event);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ received: true, outcome: 'attributed', conversionId: expect.any(String) });
    expect(await orderState(event.data.id)).toMatchObject({ status: 'duplicate', method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 1205)] });
  });

  it('a replay (same event name and order id) changes nothing', async () => {
    const vid = await click();
    const event = orderEvent('order_created', { total: 1000, vid });
    const first = await deliverLemon(event);
    const again = await deliverLemon(event);
    expect(again.json).toEqual({ received: true, outcome: 'duplicate', conversionId: first.json.conversionId });
  });
});

describe('lemonsqueezy: subscriptions', () => {
  it('subscription_payment_success of a renewal is credited to the affiliate of the order that started the subscription', async () => {
    const vid = await click();
    const orderId = lemonId();
    const subscriptionId = lemonId();
    const sale = await deliverLemon(orderEvent('order_created', { id: orderId, total: 2900, vid, email: `${ids.uuid()}@example.com` }));
    expect(sale.json).toMatchObject({ outcome: 'attributed' });
    expect((await deliverLemon(subscriptionCreated(orderId, subscriptionId, vid))).json).toMatchObject({ received: true, outcome: 'ignored' });
    // The first invoice is the order itself.
    const initial = await deliverLemon(invoiceEvent('subscription_payment_success', { subscriptionId, total: 2900, billingReason: 'initial' }));
    expect(initial.json).toEqual({ received: true, outcome: 'ignored' });

    const renewal = invoiceEvent('subscription_payment_success', { subscriptionId, total: 2900, billingReason: 'renewal' });
    const res = await deliverLemon(renewal);
    expect(res.json).toMatchObject({ received: true, outcome: 'attributed' });
    expect(res.json.conversionId).not.toBe(sale.json.conversionId);
    expect(await orderState(`subscription-invoice-${renewal.data.id}`)).toMatchObject({
      method: 'cookie',
      affiliate: 'demo-aff',
      commissions: [line('demo-aff', 1, 290)],
    });
  });
});

describe('lemonsqueezy: order_refunded', () => {
  it('a partial then a full refund (refunded_amount is a running total) reduce then decline the commission', async () => {
    const vid = await click();
    const id = lemonId();
    const sale = await deliverLemon(orderEvent('order_created', { id, total: 20000, vid }));
    const partial = await deliverLemon(orderEvent('order_refunded', { id, total: 20000, vid, refundedAmount: 5000 }));
    expect(partial.json).toEqual({ received: true, outcome: 'refunded', conversionId: sale.json.conversionId });
    expect((await orderState(id)).commissions).toEqual([line('demo-aff', 1, 1500)]);
    const full = await deliverLemon(orderEvent('order_refunded', { id, total: 20000, vid, refundedAmount: 20000 }));
    expect(full.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(id)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });
});

describe('lemonsqueezy: refused and other deliveries', () => {
  it('a wrong secret is 400 invalid_signature and records nothing', async () => {
    const vid = await click();
    const event = orderEvent('order_created', { total: 1000, vid });
    expectError(await deliverLemon(event, { secret: 'wrong-secret' }), 400, 'invalid_signature');
    expect((await orderState(event.data.id)).status).not.toBe('duplicate');
  });

  it('an event the tracker does not use answers 200 ignored', async () => {
    const res = await deliverLemon({ meta: { event_name: 'license_key_created' }, data: { type: 'license-keys', id: lemonId(), attributes: {} } } as never);
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });

  it('a signed body that is not a Lemon Squeezy event is 400 invalid_request', async () => {
    expectError(await deliverLemon({ meta: { event_name: 'order_created' } } as never), 400, 'invalid_request');
    const noTotal = orderEvent('order_created', { total: 1 });
    (noTotal.data.attributes as Record<string, unknown>).total = 'lots';
    expectError(await deliverLemon(noTotal), 400, 'invalid_request', 'attributes.total');
  });

  it('an unknown account is 404 unknown_account', async () => {
    expectError(await deliverLemon(orderEvent('order_created', { total: 1 }), { account: 'no-lemons' }), 404, 'unknown_account');
  });
});
