// Shopify: `X-Shopify-Hmac-Sha256`, the base64 HMAC-SHA256 of the raw body
// (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook).
// The topic and the event id travel in headers; amounts are decimal strings.
import { AppError } from '../errors';
import {
  at,
  currencyAt,
  decimalAt,
  emailOf,
  isObject,
  pairValue,
  parseJsonObject,
  requiredTextAt,
  sumDecimals,
  text,
  textAt,
  visitorIdOf,
  type JsonObject,
} from './payload';
import { headerOf, verifyBodyHmac } from './signatures';
import type { WebhookAction, WebhookProviderModule } from './types';

/** Financial statuses of an order whose money was taken (a refund of part or all of it comes as refunds/create). */
const PAID = new Set(['paid', 'partially_refunded', 'refunded']);
/** A payment that will never be taken: an authorization voided. */
const VOIDED = 'voided';

/** orders/create: a sale once paid. An order paid later (pending, authorized) is reported by orders/paid. */
function orderCreated(order: JsonObject): WebhookAction {
  requiredTextAt(order, 'id');
  const status = textAt(order, 'financial_status', 64) ?? 'unknown';
  if (order.cancelled_at) return { kind: 'ignored', reason: 'The order was cancelled.' };
  if (!PAID.has(status))
    return { kind: 'ignored', reason: `Not paid yet (financial status ${status}): orders/paid reports the sale once it is.` };
  return orderPaid(order);
}

/** orders/updated: a payment taken (paid) or voided (reversed); other changes do not concern the tracker. */
function orderUpdated(order: JsonObject): WebhookAction {
  requiredTextAt(order, 'id');
  const status = textAt(order, 'financial_status', 64) ?? 'unknown';
  if (status === VOIDED) return orderCancelled(order);
  if (PAID.has(status) && !order.cancelled_at) return orderPaid(order);
  return { kind: 'ignored', reason: `Financial status ${status}: nothing to record.` };
}

/** orders/cancelled (or a voided payment): whatever the order earned is taken back. */
function orderCancelled(order: JsonObject): WebhookAction {
  const id = requiredTextAt(order, 'id');
  const voided = textAt(order, 'financial_status', 64) === VOIDED;
  return {
    kind: 'refund',
    orderIds: [id],
    refundId: `shopify:${voided ? 'void' : 'cancel'}:${id}`,
    reason: voided ? 'The payment was voided.' : 'The order was cancelled.',
  };
}

/**
 * What the buyer pays now: an edited order's `current_total_price`, not the total it was
 * placed with. Shopify also takes refunds off that figure; the refunds are recorded by
 * refunds/create, so the money they returned is added back here rather than counted twice.
 */
function currentTotal(order: JsonObject): string {
  if (order.current_total_price == null) return decimalAt(order, 'total_price');
  const refunded: string[] = [];
  (Array.isArray(order.refunds) ? order.refunds : []).forEach((r, i) => {
    const transactions = isObject(r) && Array.isArray(r.transactions) ? r.transactions : [];
    transactions.forEach((t, j) => {
      if (isObject(t) && t.kind === 'refund' && t.status === 'success') refunded.push(decimalAt(order, `refunds.${i}.transactions.${j}.amount`));
    });
  });
  return sumDecimals([decimalAt(order, 'current_total_price'), ...refunded]);
}

function orderPaid(order: JsonObject): WebhookAction {
  const lineItems = Array.isArray(order.line_items) ? order.line_items : [];
  return {
    kind: 'sale',
    sale: {
      orderId: requiredTextAt(order, 'id'),
      total: currentTotal(order),
      currency: currencyAt(order, 'currency'),
      visitorId: visitorIdOf(pairValue(order.note_attributes, ['aff_vid', '_aff_vid'], 'name')),
      customerId: textAt(order, 'customer.id'),
      customerEmail: emailOf(order.email, order.contact_email, at(order, 'customer.email')),
      coupon: textAt(order, 'discount_codes.0.code', 64),
      // A product rule can only apply to an order of one product.
      productId: lineItems.length === 1 ? textAt(order, 'line_items.0.product_id') : undefined,
      // A test order (the Bogus gateway, a test notification) through the live endpoint: recorded, never paid.
      test: order.test === true,
    },
  };
}

function refundCreated(refund: JsonObject): WebhookAction {
  const transactions = Array.isArray(refund.transactions) ? refund.transactions : [];
  // The money that actually went back: successful refund transactions (not restock-only refunds).
  const amounts = transactions
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => isObject(t) && t.kind === 'refund' && t.status === 'success')
    .map(({ i }) => decimalAt(refund, `transactions.${i}.amount`));
  if (amounts.length === 0) return { kind: 'ignored', reason: 'The refund returned no money (no successful refund transaction).' };
  return {
    kind: 'refund',
    orderIds: [requiredTextAt(refund, 'order_id')],
    amount: sumDecimals(amounts),
    refundId: `shopify:${requiredTextAt(refund, 'id')}`,
  };
}

export const shopify: WebhookProviderModule = {
  label: 'Shopify',
  verify: (rawBody, headers, secret) => verifyBodyHmac(rawBody, headers, secret, 'X-Shopify-Hmac-Sha256', 'base64'),
  envelope(body, headers) {
    const topic = headerOf(headers, 'x-shopify-topic');
    if (!topic) throw new AppError('invalid_request', 'X-Shopify-Topic: required header.');
    return {
      eventId: text(headers.get('x-shopify-event-id')) ?? text(headers.get('x-shopify-webhook-id')),
      eventType: topic.slice(0, 100),
      payload: parseJsonObject(body),
    };
  },
  handlers: {
    'orders/create': orderCreated,
    // Same order id: whichever of the two arrives second is a duplicate (or completes the first).
    'orders/paid': orderPaid,
    'orders/updated': orderUpdated,
    'orders/cancelled': orderCancelled,
    'refunds/create': refundCreated,
  },
  guide: {
    setup:
      'In your Shopify admin open Settings → Notifications → Webhooks → Create webhook, once per event below, format JSON, with the URL below. The signing key is the one Shopify shows under the webhook list (“Your webhooks will be signed with …”); for a custom app it is the app’s client secret.',
    secret: { label: 'Webhook signing key', placeholder: 'the key shown under your webhooks', source: 'provider' },
    visitorId:
      'Store the visitor id in the cart as the attribute aff_vid: Shopify copies cart attributes to the order’s note attributes. Add this to theme.liquid, after the tracking script.',
    snippet: {
      language: 'html',
      code: `<script>
  window.affq = window.affq || [];
  window.affq.push(function (aff) {
    var visitorId = aff.visitorId();
    if (!visitorId) return;
    fetch('/cart/update.js', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ attributes: { aff_vid: visitorId } }),
    });
  });
</script>`,
    },
    docsUrl: 'https://shopify.dev/docs/apps/build/webhooks',
  },
};
