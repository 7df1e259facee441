// /webhooks/woocommerce over real HTTP (TRACKING-API.md §5): orders shaped like
// the WooCommerce REST API v3's, signed with X-WC-Webhook-Signature.
import { describe, expect, it } from 'vitest';
import { request } from './helpers/http';
import { click, expectError, line } from './helpers/tracking';
import { deliverWoo, ids, orderState, uniqueEmail } from './helpers/webhooks';

function order(o: { id?: number; status: string; total: string; vid?: string; coupon?: string; refunds?: string[] }) {
  return {
    id: o.id ?? ids.numeric(),
    parent_id: 0,
    number: '727',
    order_key: 'wc_order_58d2d042d1d',
    created_via: 'checkout',
    version: '9.5.1',
    status: o.status,
    currency: 'USD',
    date_created: '2025-01-14T16:28:02',
    date_created_gmt: '2025-01-14T19:28:02',
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: '10.00',
    shipping_tax: '0.00',
    cart_tax: '1.35',
    total: o.total,
    total_tax: '1.35',
    prices_include_tax: false,
    customer_id: 0,
    customer_ip_address: '203.0.113.9',
    customer_user_agent: 'Mozilla/5.0',
    customer_note: '',
    billing: { first_name: 'John', last_name: 'Doe', address_1: '969 Market', city: 'San Francisco', state: 'CA', postcode: '94103', country: 'US', email: uniqueEmail(), phone: '(555) 555-5555' },
    shipping: { first_name: 'John', last_name: 'Doe', address_1: '969 Market', city: 'San Francisco', state: 'CA', postcode: '94103', country: 'US' },
    payment_method: 'stripe',
    payment_method_title: 'Credit card',
    transaction_id: 'ch_3abc',
    date_paid: '2025-01-14T16:28:10',
    meta_data: o.vid ? [{ id: 1701, key: 'aff_vid', value: o.vid }] : [],
    line_items: [{ id: 315, name: 'Woo Single #1', product_id: 93, variation_id: 0, quantity: 2, subtotal: '6.00', total: '6.00', sku: '', price: 3 }],
    tax_lines: [],
    shipping_lines: [{ id: 317, method_title: 'Flat Rate', method_id: 'flat_rate', total: '10.00' }],
    fee_lines: [],
    coupon_lines: o.coupon ? [{ id: 318, code: o.coupon, discount: '1.00', discount_tax: '0.00' }] : [],
    refunds: (o.refunds ?? []).map((total, i) => ({ id: 726 + i, reason: '', total })),
  };
}

describe('woocommerce: orders', () => {
  it('order.created while pending is ignored; order.updated to processing is the sale, attributed by the meta aff_vid', async () => {
    const vid = await click();
    const id = ids.numeric();
    const pending = await deliverWoo('order.created', order({ id, status: 'pending', total: '120.50', vid }));
    expect(pending.json).toEqual({ received: true, outcome: 'ignored' });
    const paid = await deliverWoo('order.updated', order({ id, status: 'processing', total: '120.50', vid }));
    expect(paid.json).toEqual({ received: true, outcome: 'attributed', conversionId: expect.any(String) });
    expect(await orderState(String(id))).toMatchObject({ status: 'duplicate', method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 1205)] });
    // Later updates of the same order (completed, notes) are the same conversion.
    const completed = await deliverWoo('order.updated', order({ id, status: 'completed', total: '120.50', vid }));
    expect(completed.json).toEqual({ received: true, outcome: 'duplicate', conversionId: paid.json.conversionId });
  });

  it('a coupon line assigned to an affiliate attributes by coupon', async () => {
    const id = ids.numeric();
    const res = await deliverWoo('order.created', { ...order({ id, status: 'processing', total: '100.00', coupon: 'demo10' }), billing: { email: `${ids.uuid()}@example.com` } });
    expect(res.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(id))).method).toBe('coupon');
  });

  it('a replay (same X-WC-Webhook-Delivery-ID) changes nothing', async () => {
    const vid = await click();
    const o = order({ status: 'processing', total: '30.00', vid });
    const first = await deliverWoo('order.created', o, { deliveryId: 'd-' + o.id });
    const again = await deliverWoo('order.created', o, { deliveryId: 'd-' + o.id });
    expect(again.json).toEqual({ received: true, outcome: 'duplicate', conversionId: first.json.conversionId });
  });
});

describe('woocommerce: refunds', () => {
  it('a partial refund, then the status refunded, reduce then decline the commission', async () => {
    const vid = await click();
    const id = ids.numeric();
    const sale = await deliverWoo('order.created', order({ id, status: 'processing', total: '200.00', vid }));
    const partial = await deliverWoo('order.updated', order({ id, status: 'processing', total: '200.00', vid, refunds: ['-50.00'] }));
    expect(partial.json).toEqual({ received: true, outcome: 'refunded', conversionId: sale.json.conversionId });
    expect((await orderState(String(id))).commissions).toEqual([line('demo-aff', 1, 1500)]);
    // The same refund list again: the running total has not moved.
    const same = await deliverWoo('order.updated', order({ id, status: 'completed', total: '200.00', vid, refunds: ['-50.00'] }));
    expect(same.json).toMatchObject({ outcome: 'duplicate' });
    const full = await deliverWoo('order.updated', order({ id, status: 'refunded', total: '200.00', vid, refunds: ['-50.00', '-150.00'] }));
    expect(full.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(String(id))).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });
});

describe('woocommerce: refused and other deliveries', () => {
  it('a wrong secret is 400 invalid_signature and records nothing', async () => {
    const vid = await click();
    const o = order({ status: 'processing', total: '10.00', vid });
    expectError(await deliverWoo('order.created', o, { secret: 'wrong' }), 400, 'invalid_signature');
    expect((await orderState(String(o.id))).status).not.toBe('duplicate');
  });

  it('the unsigned ping WooCommerce sends when a webhook is saved answers 200 and records nothing', async () => {
    const res = await request('/webhooks/woocommerce?account=demo', {
      method: 'POST',
      body: 'webhook_id=12',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
    // Anything else unsigned is refused.
    const forged = await request('/webhooks/woocommerce?account=demo', { method: 'POST', body: 'webhook_id=12&status=processing' });
    expectError(forged, 400, 'invalid_signature');
  });

  it('a topic the tracker does not use answers 200 ignored', async () => {
    expect((await deliverWoo('product.updated', { id: 93, name: 'Woo Single #1' })).json).toEqual({ received: true, outcome: 'ignored' });
  });

  it('a signed body that is not an order is 400 invalid_request', async () => {
    expectError(await deliverWoo('order.created', { id: ids.numeric() }), 400, 'invalid_request', 'status');
    expectError(await deliverWoo('order.created', [1, 2, 3]), 400, 'invalid_request');
  });

  it('an unknown account is 404 unknown_account', async () => {
    expectError(await deliverWoo('order.created', order({ status: 'processing', total: '1.00' }), { account: 'nobody-here' }), 404, 'unknown_account');
  });
});
