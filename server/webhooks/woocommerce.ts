// WooCommerce: `X-WC-Webhook-Signature`, the base64 HMAC-SHA256 of the raw body
// with the webhook's secret (https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks).
// Orders arrive whole on every change: a paid status is the sale, the `refunds`
// list (or the `refunded` status) the running total refunded.
import { AppError } from '../errors';
import { parseAmount } from '../money';
import {
  at,
  currencyAt,
  decimalAt,
  emailOf,
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

const PAID = new Set(['processing', 'completed']);

function orderChanged(order: JsonObject): WebhookAction {
  const orderId = requiredTextAt(order, 'id');
  const status = requiredTextAt(order, 'status', 64);
  const refunds = Array.isArray(order.refunds) ? order.refunds : [];
  if (status === 'refunded') return { kind: 'refund', orderIds: [orderId] };
  // Cancelled after it was paid (a processing order the shop could not fulfil): what it earned is taken back.
  if (status === 'cancelled')
    return { kind: 'refund', orderIds: [orderId], refundId: `woocommerce:cancel:${orderId}`, reason: 'The order was cancelled.' };
  if (refunds.length > 0) {
    const amounts = refunds.map((_, i) => decimalAt(order, `refunds.${i}.total`, { absolute: true }));
    const currency = currencyAt(order, 'currency');
    return { kind: 'refund', orderIds: [orderId], refundedTotalMinor: parseAmount(sumDecimals(amounts), currency, 'refunds') };
  }
  if (!PAID.has(status)) return { kind: 'ignored', reason: `The order is not paid yet (status ${status}).` };

  const lineItems = Array.isArray(order.line_items) ? order.line_items : [];
  const customerId = textAt(order, 'customer_id');
  return {
    kind: 'sale',
    sale: {
      orderId,
      total: decimalAt(order, 'total'),
      currency: currencyAt(order, 'currency'),
      visitorId: visitorIdOf(pairValue(order.meta_data, ['aff_vid', '_aff_vid'], 'key')),
      // 0 is a guest checkout, not a customer.
      customerId: customerId === '0' ? undefined : customerId,
      customerEmail: emailOf(at(order, 'billing.email')),
      coupon: textAt(order, 'coupon_lines.0.code', 64),
      productId: lineItems.length === 1 ? textAt(order, 'line_items.0.product_id') : undefined,
    },
  };
}

/**
 * What identifies one event: the topic, the order and what changed (its modification time,
 * status and refunds). Not X-WC-Webhook-Delivery-ID alone: WooCommerce builds that from the
 * webhook id and the current second, so two orders paid in the same second share it.
 * A retry of one delivery sends the same order state, so it has the same key.
 */
function eventKey(topic: string, order: JsonObject): string | undefined {
  const id = text(order.id);
  if (!id) return undefined;
  const modified = text(order.date_modified_gmt, 64) ?? text(order.date_modified, 64) ?? '';
  const refunds = Array.isArray(order.refunds) ? order.refunds.map((r) => text(at(r, 'id')) ?? '').join(',') : '';
  return `${topic.slice(0, 64)}:${id}:${modified}:${text(order.status, 64) ?? ''}:${refunds}`.slice(0, 255);
}

export const woocommerce: WebhookProviderModule = {
  label: 'WooCommerce',
  verify: (rawBody, headers, secret) => verifyBodyHmac(rawBody, headers, secret, 'X-WC-Webhook-Signature', 'base64'),
  envelope(body, headers) {
    const topic = headerOf(headers, 'x-wc-webhook-topic');
    if (!topic) throw new AppError('invalid_request', 'X-WC-Webhook-Topic: required header.');
    const payload = parseJsonObject(body);
    return { eventId: eventKey(topic, payload), eventType: topic.slice(0, 100), payload };
  },
  handlers: {
    'order.created': orderChanged,
    'order.updated': orderChanged,
  },
  // Saving an active webhook makes WooCommerce POST `webhook_id=<id>`, unsigned, and expect a 200.
  isPing: (rawBody) => rawBody.byteLength < 64 && /^webhook_id=\d+$/.test(rawBody.toString('latin1')),
  guide: {
    setup:
      'In WordPress open WooCommerce → Settings → Advanced → Webhooks → Add webhook: status Active, topic “Order created”, the URL below, API version WP REST API Integration v3. Add a second webhook with the topic “Order updated”: it reports payments made after checkout and refunds. Use the same secret for both.',
    secret: { label: 'Secret', placeholder: 'the secret you entered in WooCommerce', source: 'merchant' },
    visitorId:
      'Save the visitor id as the order meta aff_vid at checkout. The tracking script keeps it in the _aff_vid cookie on your domain; add this to your theme’s functions.php (it covers the classic and the block checkout).',
    snippet: {
      language: 'php',
      code: `function aff_save_visitor_id( $order ) {
    $vid = isset( $_COOKIE['_aff_vid'] ) ? sanitize_text_field( wp_unslash( $_COOKIE['_aff_vid'] ) ) : '';
    if ( preg_match( '/^[0-9a-f]{32}$/', $vid ) ) {
        $order->update_meta_data( 'aff_vid', $vid );
    }
}
add_action( 'woocommerce_checkout_create_order', 'aff_save_visitor_id' );
add_action( 'woocommerce_store_api_checkout_update_order_meta', 'aff_save_visitor_id' );`,
    },
    docsUrl: 'https://woocommerce.com/document/webhooks/',
  },
};
