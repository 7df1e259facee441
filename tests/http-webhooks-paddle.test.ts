// /webhooks/paddle over real HTTP (TRACKING-API.md §5): Paddle Billing
// notifications shaped like Paddle's, signed `ts=…;h1=…`.
import { describe, expect, it } from 'vitest';
import { click, expectError, line } from './helpers/tracking';
import { deliver, deliverPaddle, ids, orderState, paddleEvent, paddleSignature } from './helpers/webhooks';

function transaction(o: { id?: string; grandTotal: string; vid?: string; subscriptionId?: string | null; origin?: string }) {
  return {
    id: o.id ?? ids.paddle('txn'),
    status: 'completed',
    customer_id: ids.paddle('ctm'),
    address_id: ids.paddle('add'),
    business_id: null,
    custom_data: o.vid ? { aff_vid: o.vid } : null,
    currency_code: 'USD',
    origin: o.origin ?? 'web',
    subscription_id: o.subscriptionId ?? null,
    invoice_id: null,
    invoice_number: null,
    collection_mode: 'automatic',
    discount_id: null,
    billing_details: null,
    billing_period: null,
    items: [{ price: { id: 'pri_01gsz8x8sawmvhz1pv30nge1ke', product_id: 'pro_01gsz4t5hdjse780zja8vvr7jg', unit_price: { amount: o.grandTotal, currency_code: 'USD' } }, quantity: 1 }],
    details: {
      totals: { subtotal: o.grandTotal, tax: '0', discount: '0', total: o.grandTotal, credit: '0', balance: '0', grand_total: o.grandTotal, fee: '0', earnings: o.grandTotal, currency_code: 'USD' },
      line_items: [],
    },
    payments: [{ amount: o.grandTotal, status: 'captured', method_details: { type: 'card' } }],
    checkout: { url: 'https://shop.example/checkout?_ptxn=txn' },
    created_at: '2025-01-14T07:15:37.09387Z',
    updated_at: '2025-01-14T07:15:44.296867Z',
    billed_at: '2025-01-14T07:15:44.296865Z',
  };
}

function adjustment(transactionId: string, total: string, o: { type?: 'full' | 'partial'; status?: string; id?: string } = {}) {
  return {
    id: o.id ?? ids.paddle('adj'),
    action: 'refund',
    type: o.type ?? 'partial',
    transaction_id: transactionId,
    subscription_id: null,
    customer_id: ids.paddle('ctm'),
    reason: 'error',
    credit_applied_to_balance: null,
    currency_code: 'USD',
    status: o.status ?? 'approved',
    items: [{ id: ids.paddle('adjitm'), item_id: ids.paddle('txnitm'), type: o.type ?? 'partial', amount: total, totals: { subtotal: total, tax: '0', total } }],
    totals: { subtotal: total, tax: '0', total, fee: '0', earnings: total, currency_code: 'USD' },
    created_at: '2025-01-15T14:08:43.297512Z',
    updated_at: '2025-01-15T14:08:43.297512Z',
  };
}

describe('paddle: transaction.completed', () => {
  it('custom_data.aff_vid attributes the transaction, keyed by its id, total from details.totals.grand_total', async () => {
    const vid = await click();
    const txn = transaction({ grandTotal: '12050', vid });
    const res = await deliverPaddle(paddleEvent('transaction.completed', txn));
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ received: true, outcome: 'attributed', conversionId: expect.any(String) });
    expect(await orderState(txn.id)).toMatchObject({ status: 'duplicate', method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 1205)] });
  });

  it('a subscription_recurring transaction is a renewal credited to the first payment’s affiliate', async () => {
    const vid = await click();
    const sub = ids.paddle('sub');
    const first = await deliverPaddle(paddleEvent('transaction.completed', transaction({ grandTotal: '3000', vid, subscriptionId: sub })));
    expect(first.json).toMatchObject({ outcome: 'attributed' });
    const renewalTxn = transaction({ grandTotal: '3000', subscriptionId: sub, origin: 'subscription_recurring' });
    const renewal = await deliverPaddle(paddleEvent('transaction.completed', renewalTxn));
    expect(renewal.json).toMatchObject({ received: true, outcome: 'attributed' });
    expect(renewal.json.conversionId).not.toBe(first.json.conversionId);
    expect(await orderState(renewalTxn.id)).toMatchObject({ method: 'cookie', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 300)] });
  });

  it('a replay (same event_id) changes nothing', async () => {
    const vid = await click();
    const event = paddleEvent('transaction.completed', transaction({ grandTotal: '500', vid }));
    const first = await deliverPaddle(event);
    const again = await deliverPaddle(event);
    expect(again.json).toEqual({ received: true, outcome: 'duplicate', conversionId: first.json.conversionId });
  });
});

describe('paddle: adjustment.created', () => {
  it('a refund pending approval changes nothing until Paddle approves it; then a partial, then a full one, reduce then decline the commission', async () => {
    const vid = await click();
    const txn = transaction({ grandTotal: '20000', vid });
    const sale = await deliverPaddle(paddleEvent('transaction.completed', txn));
    const partial = adjustment(txn.id, '5000', { status: 'pending_approval' });
    const pending = await deliverPaddle(paddleEvent('adjustment.created', partial));
    expect(pending.json).toEqual({ received: true, outcome: 'ignored' });
    expect((await orderState(txn.id)).commissions).toEqual([line('demo-aff', 1, 2000)]);
    // Paddle approves it: adjustment.updated applies it.
    const approved = await deliverPaddle(paddleEvent('adjustment.updated', { ...partial, status: 'approved' }));
    expect(approved.json).toEqual({ received: true, outcome: 'refunded', conversionId: sale.json.conversionId });
    expect((await orderState(txn.id)).commissions).toEqual([line('demo-aff', 1, 1500)]);
    // The same approval delivered again (a new event id) is the same refund.
    const again = await deliverPaddle(paddleEvent('adjustment.updated', { ...partial, status: 'approved' }));
    expect(again.json).toMatchObject({ outcome: 'duplicate' });
    expect((await orderState(txn.id)).commissions).toEqual([line('demo-aff', 1, 1500)]);

    const full = await deliverPaddle(paddleEvent('adjustment.created', adjustment(txn.id, '15000', { type: 'full' })));
    expect(full.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(txn.id)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
  });

  it('a refund Paddle rejects leaves the commission whole; one rejected after it was applied is undone', async () => {
    const vid = await click();
    const txn = transaction({ grandTotal: '10000', vid });
    await deliverPaddle(paddleEvent('transaction.completed', txn));
    const never = adjustment(txn.id, '10000', { status: 'pending_approval', type: 'full' });
    await deliverPaddle(paddleEvent('adjustment.created', never));
    const rejected = await deliverPaddle(paddleEvent('adjustment.updated', { ...never, status: 'rejected' }));
    expect(rejected.json).toMatchObject({ received: true, outcome: 'ignored' });
    expect((await orderState(txn.id)).commissions).toEqual([line('demo-aff', 1, 1000)]);

    // Approved (so applied: the commission is declined), then reversed by Paddle: the commission comes back.
    const applied = adjustment(txn.id, '10000', { type: 'full' });
    expect((await deliverPaddle(paddleEvent('adjustment.created', applied))).json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(txn.id)).commissions).toEqual([expect.objectContaining({ status: 'declined' })]);
    const undone = await deliverPaddle(paddleEvent('adjustment.updated', { ...applied, status: 'rejected' }));
    expect(undone.json).toMatchObject({ outcome: 'refunded' });
    expect((await orderState(txn.id)).commissions).toEqual([line('demo-aff', 1, 1000)]);
    // Undoing it again changes nothing.
    expect((await deliverPaddle(paddleEvent('adjustment.updated', { ...applied, status: 'rejected' }))).json).toMatchObject({ outcome: 'ignored' });
  });

  it('a credit adjustment returns no money and is ignored', async () => {
    const res = await deliverPaddle(paddleEvent('adjustment.created', { ...adjustment(ids.paddle('txn'), '100'), action: 'credit' }));
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('paddle: refused and other deliveries', () => {
  it('a wrong secret is 400 invalid_signature and records nothing', async () => {
    const vid = await click();
    const txn = transaction({ grandTotal: '1000', vid });
    expectError(await deliverPaddle(paddleEvent('transaction.completed', txn), { secret: 'pdl_ntfset_wrong' }), 400, 'invalid_signature');
    expect((await orderState(txn.id)).status).not.toBe('duplicate');
  });

  it('a timestamp more than five minutes old is 400 invalid_signature', async () => {
    const txn = transaction({ grandTotal: '1000' });
    const res = await deliverPaddle(paddleEvent('transaction.completed', txn), { ts: Math.floor(Date.now() / 1000) - 301 });
    expectError(res, 400, 'invalid_signature', /timestamp/);
    expect((await orderState(txn.id)).status).not.toBe('duplicate');
  });

  it('several h1 signatures (a secret being rotated): one matching is enough', async () => {
    const vid = await click();
    const body = JSON.stringify(paddleEvent('transaction.completed', transaction({ grandTotal: '700', vid })));
    const signature = paddleSignature(body);
    const res = await deliver('paddle', body, { 'paddle-signature': `${signature};h1=${'0'.repeat(64)}` });
    expect(res.json).toMatchObject({ outcome: 'attributed' });
  });

  it('an event type the tracker does not use answers 200 ignored', async () => {
    const res = await deliverPaddle(paddleEvent('customer.created', { id: ids.paddle('ctm'), email: 'weloveyourproduct@paddle.com' }));
    expect(res.json).toEqual({ received: true, outcome: 'ignored' });
  });

  it('a signed body that is not a Paddle notification is 400 invalid_request', async () => {
    expectError(await deliverPaddle({ hello: 'world' }), 400, 'invalid_request');
    expectError(await deliverPaddle(paddleEvent('transaction.completed', { id: ids.paddle('txn'), currency_code: 'USD' })), 400, 'invalid_request', 'grand_total');
  });

  it('an unknown account is 404 unknown_account', async () => {
    expectError(await deliverPaddle(paddleEvent('transaction.completed', transaction({ grandTotal: '1' })), { account: 'ghost-account' }), 404, 'unknown_account');
  });
});
