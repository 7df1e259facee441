// Lemon Squeezy: `X-Signature`, the hex HMAC-SHA256 of the raw body with the
// webhook's signing secret (https://docs.lemonsqueezy.com/help/webhooks/signing-requests).
// Events carry no id of their own: the event name and the object id stand in for one.
import { AppError } from '../errors';
import {
  at,
  currencyAt,
  emailOf,
  isObject,
  minorUnitsAt,
  objectAt,
  parseJsonObject,
  requiredTextAt,
  textAt,
  visitorIdOf,
  type JsonObject,
} from './payload';
import { verifyBodyHmac } from './signatures';
import type { WebhookAction, WebhookProviderModule, WebhookSale } from './types';

/** A renewal has no order of its own: its subscription invoice is the order. */
const invoiceOrderId = (invoiceId: string) => `subscription-invoice-${invoiceId}`;

function saleOf(d: JsonObject, orderId: string): WebhookSale {
  return {
    orderId,
    totalMinor: minorUnitsAt(d, 'attributes.total'),
    currency: currencyAt(d, 'attributes.currency'),
    visitorId: visitorIdOf(at(d, 'custom_data.aff_vid')),
    customerId: textAt(d, 'attributes.customer_id'),
    customerEmail: emailOf(at(d, 'attributes.user_email')),
    // A test-mode order through the live endpoint: recorded as a test, never paid.
    test: d.test_mode === true || at(d, 'attributes.test_mode') === true,
  };
}

/** Refunds are reported as the running total refunded, or just `refunded: true` when it is all of it. */
function refundOf(d: JsonObject, orderId: string): WebhookAction {
  const running = at(d, 'attributes.refunded_amount');
  if (typeof running === 'number' && running > 0)
    return { kind: 'refund', orderIds: [orderId], refundedTotalMinor: minorUnitsAt(d, 'attributes.refunded_amount') };
  if (at(d, 'attributes.refunded') === true) return { kind: 'refund', orderIds: [orderId] };
  return { kind: 'ignored', reason: 'Nothing was refunded.' };
}

export const lemonsqueezy: WebhookProviderModule = {
  label: 'Lemon Squeezy',
  verify: (rawBody, headers, secret) => verifyBodyHmac(rawBody, headers, secret, 'X-Signature', 'hex'),
  envelope(body) {
    const event = parseJsonObject(body);
    const name = textAt(event, 'meta.event_name', 100);
    if (!name || !isObject(event.data)) throw new AppError('invalid_request', 'body: not a Lemon Squeezy event (needs "meta.event_name" and "data").');
    const data = objectAt(event, 'data');
    const id = requiredTextAt(data, 'id');
    // A second partial refund of one order is a new event with the same name and id: its running total tells them apart.
    const refunded = name.endsWith('_refunded') ? `:${String(at(data, 'attributes.refunded_amount') ?? '')}` : '';
    return {
      eventId: `${name}:${id}${refunded}`,
      eventType: name,
      // Handlers get the resource with the checkout's custom data beside it.
      payload: { ...data, custom_data: at(event, 'meta.custom_data'), test_mode: at(event, 'meta.test_mode') },
    };
  },
  handlers: {
    order_created(d: JsonObject) {
      const status = textAt(d, 'attributes.status');
      if (status !== 'paid') return { kind: 'ignored', reason: `The order is not paid (status ${status ?? 'unknown'}).` };
      return {
        kind: 'sale',
        sale: { ...saleOf(d, requiredTextAt(d, 'id')), productId: textAt(d, 'attributes.first_order_item.product_id') },
      };
    },
    order_refunded: (d: JsonObject) => refundOf(d, requiredTextAt(d, 'id')),
    // Tells which order started the subscription, so its renewals find their referrer.
    subscription_created: (d: JsonObject) => ({
      kind: 'subscription',
      orderId: requiredTextAt(d, 'attributes.order_id'),
      subscriptionId: requiredTextAt(d, 'id'),
    }),
    subscription_payment_success(d: JsonObject) {
      // The first payment is the order order_created reported.
      if (textAt(d, 'attributes.billing_reason') === 'initial')
        return { kind: 'ignored', reason: 'The first payment of a subscription is reported by order_created.' };
      const subscriptionId = requiredTextAt(d, 'attributes.subscription_id');
      return {
        kind: 'renewal',
        subscriptionId,
        sale: { ...saleOf(d, invoiceOrderId(requiredTextAt(d, 'id'))), subscriptionId },
      };
    },
    subscription_payment_refunded: (d: JsonObject) => refundOf(d, invoiceOrderId(requiredTextAt(d, 'id'))),
  },
  guide: {
    setup:
      'In Lemon Squeezy open Settings → Webhooks → +: the URL below as callback URL, a signing secret of your choice (6 to 40 characters, the same as here) and the events below.',
    secret: { label: 'Signing secret', placeholder: 'the secret you entered in Lemon Squeezy', source: 'merchant' },
    visitorId:
      'Pass the visitor id as checkout custom data: checkout[custom][aff_vid] on a checkout link, or checkout_data.custom.aff_vid when you create the checkout through the API. Lemon Squeezy returns it with the order and the subscription’s payments.',
    snippet: {
      language: 'js',
      code: `window.affq = window.affq || [];
window.affq.push(function (aff) {
  var visitorId = aff.visitorId();
  if (!visitorId) return;
  document.querySelectorAll('a[href*=".lemonsqueezy.com/checkout/"]').forEach(function (a) {
    var url = new URL(a.href);
    url.searchParams.set('checkout[custom][aff_vid]', visitorId);
    a.href = url.toString();
  });
});`,
    },
    docsUrl: 'https://docs.lemonsqueezy.com/help/webhooks',
  },
};
