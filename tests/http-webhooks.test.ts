// /webhooks/[provider] over real HTTP: the generic signed webhook, and what every
// provider shares — unknown provider or account, methods, the error shape (TRACKING-API.md §5).
import { describe, expect, it } from 'vitest';
import { request, uniq } from './helpers/http';
import { click, expectError, line, s2sSale } from './helpers/tracking';
import { deliver, deliverGeneric, hmac, orderState, SECRET } from './helpers/webhooks';

describe('generic: sale and refund', () => {
  it('a signed sale with the visitor id is attributed like /t/sale: 10 % of 120.50', async () => {
    const vid = await click();
    const orderId = uniq('g');
    const res = await deliverGeneric({ type: 'sale', id: uniq('evt'), orderId, total: '120.50', currency: 'USD', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ received: true, outcome: 'attributed', conversionId: expect.any(String) });
    expect(await orderState(orderId)).toMatchObject({ status: 'duplicate', method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 1205)] });
  });

  it('the signature stands for the merchant: an explicit affiliate is allowed', async () => {
    const orderId = uniq('g');
    const res = await deliverGeneric({ type: 'sale', orderId, total: '10.00', affiliate: 'demo-sub' });
    expect(res.json).toMatchObject({ outcome: 'attributed' });
    expect(await orderState(orderId)).toMatchObject({ method: 'explicit', affiliate: 'demo-sub' });
  });

  it('a replay of the same id changes nothing; the same order without an id is still one conversion', async () => {
    const vid = await click();
    const orderId = uniq('g');
    const event = { type: 'sale', id: uniq('evt'), orderId, total: '40.00', visitorId: vid };
    const first = await deliverGeneric(event);
    expect((await deliverGeneric(event)).json).toEqual({ received: true, outcome: 'duplicate', conversionId: first.json.conversionId });
    const { id: _id, ...withoutId } = event;
    expect((await deliverGeneric(withoutId)).json).toEqual({ received: true, outcome: 'duplicate', conversionId: first.json.conversionId });
    expect((await s2sSale({ orderId, total: '40.00' })).json).toMatchObject({ status: 'duplicate', conversionId: first.json.conversionId });
  });

  it('a partial then a full refund reduce then decline the commission', async () => {
    const vid = await click();
    const orderId = uniq('g');
    await deliverGeneric({ type: 'sale', orderId, total: '100.00', visitorId: vid });
    const partial = await deliverGeneric({ type: 'refund', id: uniq('r'), orderId, amount: '25.00', refundId: uniq('rf') });
    expect(partial.json).toMatchObject({ received: true, outcome: 'refunded' });
    expect((await orderState(orderId)).commissions).toEqual([line('demo-aff', 1, 750)]);
    const full = await deliverGeneric({ type: 'refund', orderId });
    expect(full.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(orderId)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('a wrong signature, or one without the sha256= prefix, is 400 invalid_signature and records nothing', async () => {
    const orderId = uniq('g');
    expectError(await deliverGeneric({ type: 'sale', orderId, total: '5.00' }, { secret: 'nope' }), 400, 'invalid_signature');
    const body = JSON.stringify({ type: 'sale', orderId, total: '5.00' });
    expectError(await deliver('generic', body, { 'x-signature': hmac(SECRET, body, 'hex') }), 400, 'invalid_signature', 'sha256=');
    expect((await orderState(orderId)).status).not.toBe('duplicate');
  });

  it('an unknown type is 200 ignored; a body without a type or with bad fields is 400 invalid_request', async () => {
    expect((await deliverGeneric({ type: 'ping', id: uniq('evt') })).json).toEqual({ received: true, outcome: 'ignored' });
    expectError(await deliverGeneric({ orderId: '1', total: '1.00' }), 400, 'invalid_request', 'type');
    expectError(await deliverGeneric({ type: 'sale', orderId: uniq('g'), total: '-3' }), 400, 'invalid_request', 'total');
    expectError(await deliverGeneric({ type: 'sale', orderId: uniq('g') }), 400, 'invalid_request', 'total');
  });
});

describe('/webhooks/[provider]: shared rules', () => {
  it('an unknown provider is 404 unknown_provider (before anything else)', async () => {
    expectError(await deliver('paypal', '{}', {}), 404, 'unknown_provider');
    expectError(await deliver('constructor', '{}', {}, 'nobody'), 404, 'unknown_provider');
  });

  it('an unknown account is 404 unknown_account; no account is 400 naming it', async () => {
    expectError(await deliverGeneric({ type: 'sale', orderId: '1', total: '1' }, { account: uniq('nobody') }), 404, 'unknown_account');
    const res = await request('/webhooks/generic', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_request', 'account');
    expectError(await request('/webhooks/generic?account=%00', { method: 'POST', body: '{}' }), 404, 'unknown_account');
  });

  it('GET and other methods are 405 in the error shape', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await request('/webhooks/stripe?account=demo', { method });
      expectError(res, 405, 'method_not_allowed');
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('a body over 1 MiB is 413 before anything is read into the tracker', async () => {
    const big = JSON.stringify({ type: 'sale', pad: 'x'.repeat(1024 * 1024) });
    expectError(await deliverGeneric(JSON.parse(big)), 413, 'payload_too_large');
  });
});
