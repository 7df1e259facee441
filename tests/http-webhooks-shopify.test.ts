// /webhooks/shopify over real HTTP (TRACKING-API.md §5): orders/create and
// refunds/create shaped like Shopify's, signed with X-Shopify-Hmac-Sha256.
import { describe, expect, it } from 'vitest';
import { click, expectError, line, s2sSale } from './helpers/tracking';
import { deliver, deliverShopify, hmac, ids, orderState, SECRET, uniqueEmail } from './helpers/webhooks';

function order(o: { id?: number; total: string; currency?: string; vid?: string; email?: string; coupon?: string }) {
  const id = o.id ?? ids.numeric();
  const email = o.email ?? uniqueEmail();
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    app_id: 580111,
    browser_ip: '203.0.113.7',
    buyer_accepts_marketing: false,
    cancel_reason: null,
    cancelled_at: null,
    confirmed: true,
    contact_email: email,
    created_at: '2025-01-14T11:45:21-05:00',
    currency: o.currency ?? 'USD',
    current_total_price: o.total,
    customer_locale: 'en',
    discount_codes: o.coupon ? [{ code: o.coupon, amount: '10.00', type: 'percentage' }] : [],
    email: email,
    financial_status: 'paid',
    fulfillment_status: null,
    name: '#1001',
    note: null,
    note_attributes: o.vid ? [{ name: 'aff_vid', value: o.vid }] : [],
    order_number: 1001,
    presentment_currency: o.currency ?? 'USD',
    processed_at: '2025-01-14T11:45:21-05:00',
    source_name: 'web',
    subtotal_price: o.total,
    tags: '',
    test: false,
    total_discounts: '0.00',
    total_price: o.total,
    total_tax: '0.00',
    customer: { id: ids.numeric(), email: email, first_name: 'Bob', last_name: 'Norman', currency: 'USD' },
    line_items: [
      { id: ids.numeric(), product_id: 632910392, variant_id: 808950810, title: 'IPod Nano - 8GB', quantity: 1, price: o.total, sku: 'IPOD2008PINK' },
    ],
    refunds: [],
  };
}

function refund(orderId: number, amounts: string[]) {
  return {
    id: ids.numeric(),
    order_id: orderId,
    created_at: '2025-01-15T10:00:00-05:00',
    note: 'Damaged in transit',
    user_id: 548380009,
    processed_at: '2025-01-15T10:00:00-05:00',
    restock: false,
    duties: [],
    admin_graphql_api_id: 'gid://shopify/Refund/1',
    refund_line_items: [],
    transactions: amounts.map((amount) => ({
      id: ids.numeric(),
      order_id: orderId,
      kind: 'refund',
      gateway: 'bogus',
      status: 'success',
      message: 'Bogus Gateway: Forced success',
      created_at: '2025-01-15T10:00:00-05:00',
      test: true,
      parent_id: ids.numeric(),
      processed_at: '2025-01-15T10:00:00-05:00',
      source_name: 'web',
      amount,
      currency: 'USD',
    })),
    order_adjustments: [],
  };
}

describe('shopify: orders/create', () => {
  it('the note attribute aff_vid attributes the order, keyed by its id: 10 % of 120.50', async () => {
    const vid = await click();
    const o = order({ total: '120.50', vid });
    const res = await deliverShopify('orders/create', o);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ received: true, outcome: 'attributed', conversionId: expect.any(String) });
    expect(await orderState(String(o.id))).toMatchObject({ status: 'duplicate', method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 1205)] });
  });

  it('a discount code assigned to an affiliate attributes by coupon; orders/paid of the same order is a duplicate', async () => {
    const o = order({ total: '100.00', coupon: 'DEMO10', email: `${ids.uuid()}@example.com` });
    const created = await deliverShopify('orders/create', o);
    expect(created.json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(o.id))).method).toBe('coupon');
    const paid = await deliverShopify('orders/paid', o);
    expect(paid.json).toEqual({ received: true, outcome: 'duplicate', conversionId: created.json.conversionId });
  });

  it('a zero-decimal currency written "1990.00" is 1990 JPY', async () => {
    const vid = await click();
    const o = order({ total: '1990.00', currency: 'JPY', vid });
    expect((await deliverShopify('orders/create', o)).json).toMatchObject({ outcome: 'attributed' });
    expect((await orderState(String(o.id))).commissions).toEqual([line('demo-aff', 1, 199, 'pending', 'JPY')]);
  });

  it('a replay (same X-Shopify-Event-Id) changes nothing; a /t/sale of the same order id is the same conversion', async () => {
    const vid = await click();
    const o = order({ total: '50.00', vid });
    const eventId = ids.uuid();
    const first = await deliverShopify('orders/create', o, { eventId });
    const again = await deliverShopify('orders/create', o, { eventId });
    expect(again.json).toEqual({ received: true, outcome: 'duplicate', conversionId: first.json.conversionId });
    const viaApi = await s2sSale({ orderId: String(o.id), total: '50.00' });
    expect(viaApi.json).toMatchObject({ status: 'duplicate', conversionId: first.json.conversionId });
  });
});

describe('shopify: refunds/create', () => {
  it('a partial then the remaining refund reduce then decline the commission', async () => {
    const vid = await click();
    const o = order({ total: '200.00', vid });
    const sale = await deliverShopify('orders/create', o);
    const partial = await deliverShopify('refunds/create', refund(o.id, ['50.00']));
    expect(partial.json).toEqual({ received: true, outcome: 'refunded', conversionId: sale.json.conversionId });
    expect((await orderState(String(o.id))).commissions).toEqual([line('demo-aff', 1, 1500)]);
    const rest = await deliverShopify('refunds/create', refund(o.id, ['100.00', '50.00']));
    expect(rest.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(String(o.id))).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('a refund that returned no money (restock only) is ignored', async () => {
    const o = order({ total: '20.00' });
    await deliverShopify('orders/create', o);
    const res = await deliverShopify('refunds/create', refund(o.id, []));
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('shopify: refused and other deliveries', () => {
  it('a wrong key is 400 invalid_signature and records nothing', async () => {
    const vid = await click();
    const o = order({ total: '10.00', vid });
    expectError(await deliverShopify('orders/create', o, { secret: 'not-the-key' }), 400, 'invalid_signature');
    expect((await orderState(String(o.id))).status).not.toBe('duplicate');
  });

  it('a topic the tracker does not use answers 200 ignored', async () => {
    const res = await deliverShopify('products/update', { id: 632910392, title: 'IPod Nano - 8GB' });
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });

  it('a signed body that is not an order, or no topic header, is 400 invalid_request', async () => {
    expectError(await deliverShopify('orders/paid', { id: ids.numeric() }), 400, 'invalid_request', 'total_price');
    const body = JSON.stringify(order({ total: '1.00' }));
    expectError(await deliver('shopify', body, { 'x-shopify-hmac-sha256': hmac(SECRET, body, 'base64') }), 400, 'invalid_request', 'X-Shopify-Topic');
    const broken = '{"id": 1,';
    expectError(await deliver('shopify', broken, { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': hmac(SECRET, broken, 'base64') }), 400, 'invalid_request');
  });

  it('an unknown account is 404 unknown_account', async () => {
    expectError(await deliverShopify('orders/create', order({ total: '1.00' }), { account: 'no-such-account' }), 404, 'unknown_account');
  });
});
