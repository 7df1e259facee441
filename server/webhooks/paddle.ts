// Paddle Billing: `Paddle-Signature: ts=<unix>;h1=<hex HMAC-SHA256 of "ts:body">`
// (https://developer.paddle.com/webhooks/signature-verification), five minutes of
// tolerance. Amounts are strings of minor units; a subscription's renewals are
// transactions of origin `subscription_recurring`.
import { AppError } from '../errors';
import {
  at,
  currencyAt,
  isObject,
  minorUnitsAt,
  objectAt,
  parseJsonObject,
  requiredTextAt,
  textAt,
  visitorIdOf,
  type JsonObject,
} from './payload';
import { anyMatches, checkTimestamp, fail, headerOf, hmacSha256, ok, signatureParts } from './signatures';
import type { WebhookAction, WebhookProviderModule, WebhookSale } from './types';

const TOLERANCE_S = 300;
/** Charges a subscription makes on its own: the recurring bill, and upgrades or one-off charges billed to it. */
const RECURRING_ORIGINS = new Set(['subscription_recurring', 'subscription_update', 'subscription_charge']);

function transactionCompleted(txn: JsonObject): WebhookAction {
  const items = Array.isArray(txn.items) ? txn.items : [];
  const subscriptionId = textAt(txn, 'subscription_id');
  const sale: WebhookSale = {
    orderId: requiredTextAt(txn, 'id'),
    totalMinor: minorUnitsAt(txn, 'details.totals.grand_total'),
    currency: currencyAt(txn, 'currency_code'),
    visitorId: visitorIdOf(at(txn, 'custom_data.aff_vid')),
    customerId: textAt(txn, 'customer_id'),
    customerEmail: textAt(txn, 'custom_data.email', 254),
    coupon: textAt(txn, 'custom_data.coupon', 64),
    productId: items.length === 1 ? textAt(txn, 'items.0.price.product_id') : undefined,
    subscriptionId,
  };
  const origin = textAt(txn, 'origin');
  if (subscriptionId && origin && RECURRING_ORIGINS.has(origin)) return { kind: 'renewal', subscriptionId, sale };
  return { kind: 'sale', sale };
}

/**
 * A refund or chargeback adjustment. Live refunds start `pending_approval`: nothing is
 * taken back until Paddle approves (adjustment.updated, or adjustment.created already
 * approved). One Paddle rejects returned nothing: anything applied for it is undone.
 */
function adjustment(adj: JsonObject): WebhookAction {
  const action = textAt(adj, 'action');
  // Credits lower what a customer owes on an invoice: no money goes back.
  if (action !== 'refund' && action !== 'chargeback' && action !== 'chargeback_warning')
    return { kind: 'ignored', reason: `An adjustment of action ${action ?? 'unknown'} returns no money.` };
  const id = requiredTextAt(adj, 'id');
  const orderIds = [requiredTextAt(adj, 'transaction_id')];
  // adjustment.created and its later adjustment.updated are one refund.
  const refundId = `paddle:${id}`;
  const status = textAt(adj, 'status') ?? 'unknown';
  if (status === 'rejected' || status === 'reversed')
    return { kind: 'refund_reversal', orderIds, refundId, reason: `Paddle ${status} refund ${id}.` };
  if (status !== 'approved')
    return { kind: 'ignored', reason: `Refund ${id} is ${status.replace(/_/g, ' ')}: it is applied once Paddle approves it.` };
  if (action === 'chargeback_warning') return { kind: 'ignored', reason: 'A chargeback warning returns no money yet.' };
  return { kind: 'refund', orderIds, amountMinor: minorUnitsAt(adj, 'totals.total'), refundId };
}

export const paddle: WebhookProviderModule = {
  label: 'Paddle',
  verify(rawBody, headers, secret, now) {
    const header = headerOf(headers, 'paddle-signature');
    if (!header) return fail('the Paddle-Signature header is missing');
    const parts = signatureParts(header, ';');
    const signatures = parts.get('h1') ?? [];
    if (signatures.length === 0) return fail('the Paddle-Signature header has no h1 signature');
    const timestamp = parts.get('ts')?.[0];
    const fresh = checkTimestamp(timestamp, now, TOLERANCE_S);
    if (!fresh.ok) return fresh;
    const expected = hmacSha256(secret, `${timestamp}:`, rawBody).toString('hex');
    return anyMatches(expected, signatures.map((s) => s.toLowerCase()))
      ? ok
      : fail("the Paddle-Signature does not match this account's secret key");
  },
  envelope(body) {
    const event = parseJsonObject(body);
    const type = textAt(event, 'event_type', 100);
    if (!type || !isObject(event.data))
      throw new AppError('invalid_request', 'body: not a Paddle notification (needs "event_type" and "data").');
    return { eventId: textAt(event, 'event_id'), eventType: type, payload: objectAt(event, 'data') };
  },
  handlers: {
    'transaction.completed': transactionCompleted,
    'adjustment.created': adjustment,
    'adjustment.updated': adjustment,
  },
  guide: {
    setup:
      'In Paddle open Developer tools → Notifications → New destination: type Webhook, the URL below and the events below. Then copy the destination’s secret key and paste it here.',
    secret: { label: 'Secret key', placeholder: 'pdl_ntfset_…', source: 'provider' },
    visitorId:
      'Open Paddle Checkout with the visitor id in customData: Paddle keeps it on the transaction and on the renewals of the subscription it starts. Add coupon and email to customData as well to credit coupon codes and lifetime referrals.',
    snippet: {
      language: 'js',
      code: `window.affq = window.affq || [];
window.affq.push(function (aff) {
  Paddle.Checkout.open({
    items: [{ priceId: 'pri_…', quantity: 1 }],
    customData: { aff_vid: aff.visitorId() },
  });
});`,
    },
    docsUrl: 'https://developer.paddle.com/webhooks/overview',
  },
};
