// Webhook deliveries shaped like each provider's documented examples, signed the
// way each provider signs them. Stripe's signatures come from the official
// `stripe` package's test helper, not from our own HMAC code.
import { createHmac, randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { request, s2s, type Res } from './http';

export const SECRET = 'whsec_demo';
const stripeClient = new Stripe('sk_test_unused');

const hex = (n: number) => randomBytes(n).toString('hex');
const b62 = (n: number) => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);
export const ids = {
  stripe: (prefix: string) => `${prefix}_${b62(24)}`,
  numeric: () => 5_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000_000),
  paddle: (prefix: string) => `${prefix}_01${hex(12)}`,
  uuid: () => crypto.randomUUID(),
};
const unix = () => Math.floor(Date.now() / 1000);
/** Every buyer is new, so no test's sale becomes a lifetime referral another test would meet. */
export const uniqueEmail = () => `buyer-${hex(6)}@example.com`;

/** POSTs a raw body to /webhooks/<provider>?account=<account>. */
export function deliver(provider: string, body: string, headers: Record<string, string>, account = 'demo'): Promise<Res> {
  return request(`/webhooks/${provider}?account=${encodeURIComponent(account)}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

// ——— Stripe ———

export function stripeEvent(type: string, object: Record<string, unknown>, id = ids.stripe('evt')) {
  return JSON.stringify(
    {
      id,
      object: 'event',
      api_version: '2024-06-20',
      created: unix(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    },
    null,
    2,
  );
}

/** The Stripe-Signature header, made by the stripe package. */
export function stripeSignature(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
  return stripeClient.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SECRET, timestamp: opts.timestamp });
}

export const deliverStripe = (payload: string, opts: { secret?: string; timestamp?: number; account?: string } = {}) =>
  deliver('stripe', payload, { 'stripe-signature': stripeSignature(payload, opts), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }, opts.account);

export function checkoutSession(o: {
  mode: 'payment' | 'subscription';
  amountTotal: number;
  currency?: string;
  paymentIntent?: string | null;
  invoice?: string | null;
  subscription?: string | null;
  clientReferenceId?: string | null;
  metadata?: Record<string, string>;
  email?: string;
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
}) {
  return {
    id: ids.stripe('cs_test'),
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: o.amountTotal,
    amount_total: o.amountTotal,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: 'https://shop.example/cancel',
    client_reference_id: o.clientReferenceId ?? null,
    consent: null,
    created: unix() - 60,
    currency: o.currency ?? 'usd',
    customer: ids.stripe('cus'),
    customer_creation: 'always',
    customer_details: { address: null, email: o.email ?? uniqueEmail(), name: 'Jenny Rosen', phone: null, tax_exempt: 'none', tax_ids: [] },
    customer_email: null,
    expires_at: unix() + 86_400,
    invoice: o.invoice ?? null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    metadata: o.metadata ?? {},
    mode: o.mode,
    payment_intent: o.paymentIntent ?? null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_types: ['card'],
    payment_status: o.paymentStatus ?? 'paid',
    status: 'complete',
    submit_type: null,
    subscription: o.subscription ?? null,
    success_url: 'https://shop.example/success',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: null,
  };
}

/** An invoice as API 2024-06-20 and later send it: the subscription under `parent.subscription_details`. */
export function invoice(o: { id?: string; subscription: string; billingReason: string; amountPaid: number; metadata?: Record<string, string> }) {
  return {
    id: o.id ?? ids.stripe('in'),
    object: 'invoice',
    account_country: 'US',
    amount_due: o.amountPaid,
    amount_paid: o.amountPaid,
    amount_remaining: 0,
    attempt_count: 1,
    attempted: true,
    billing_reason: o.billingReason,
    collection_method: 'charge_automatically',
    currency: 'usd',
    customer: ids.stripe('cus'),
    customer_email: uniqueEmail(),
    lines: { object: 'list', data: [], has_more: false, url: '/v1/invoices/in_x/lines' },
    livemode: false,
    metadata: {},
    parent: {
      quote_details: null,
      subscription_details: { metadata: o.metadata ?? {}, subscription: o.subscription },
      type: 'subscription_details',
    },
    status: 'paid',
    total: o.amountPaid,
  };
}

export function charge(o: { paymentIntent: string | null; invoice?: string | null; amount: number; amountRefunded: number }) {
  return {
    id: ids.stripe('ch'),
    object: 'charge',
    amount: o.amount,
    amount_captured: o.amount,
    amount_refunded: o.amountRefunded,
    captured: true,
    currency: 'usd',
    customer: null,
    invoice: o.invoice ?? null,
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: o.paymentIntent,
    refunded: o.amountRefunded >= o.amount,
    refunds: { object: 'list', data: [], has_more: false, total_count: 1, url: '/v1/charges/ch_x/refunds' },
    status: 'succeeded',
  };
}

// ——— HMAC schemes of the other providers ———

export const hmac = (secret: string, data: string, encoding: 'hex' | 'base64') => createHmac('sha256', secret).update(data).digest(encoding);

export function deliverShopify(topic: string, payload: object, o: { secret?: string; eventId?: string; account?: string } = {}) {
  const body = JSON.stringify(payload);
  return deliver(
    'shopify',
    body,
    {
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': hmac(o.secret ?? SECRET, body, 'base64'),
      'x-shopify-shop-domain': 'demo-shop.myshopify.com',
      'x-shopify-api-version': '2025-01',
      'x-shopify-webhook-id': ids.uuid(),
      'x-shopify-event-id': o.eventId ?? ids.uuid(),
      'x-shopify-triggered-at': new Date().toISOString(),
    },
    o.account,
  );
}

export function deliverWoo(topic: string, payload: object, o: { secret?: string; deliveryId?: string; account?: string } = {}) {
  const body = JSON.stringify(payload);
  const [resource, event] = topic.split('.');
  return deliver(
    'woocommerce',
    body,
    {
      'x-wc-webhook-source': 'https://shop.example/',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource!,
      'x-wc-webhook-event': event!,
      'x-wc-webhook-signature': hmac(o.secret ?? SECRET, body, 'base64'),
      'x-wc-webhook-id': '12',
      'x-wc-webhook-delivery-id': o.deliveryId ?? hex(16),
      'user-agent': 'WooCommerce/9.5.1 Hookshot (WordPress/6.7.1)',
    },
    o.account,
  );
}

export function paddleSignature(body: string, o: { secret?: string; ts?: number } = {}) {
  const ts = o.ts ?? unix();
  return `ts=${ts};h1=${hmac(o.secret ?? SECRET, `${ts}:${body}`, 'hex')}`;
}

export function deliverPaddle(payload: object, o: { secret?: string; ts?: number; account?: string } = {}) {
  const body = JSON.stringify(payload);
  return deliver('paddle', body, { 'paddle-signature': paddleSignature(body, o), 'user-agent': 'Paddle' }, o.account);
}

export function paddleEvent(eventType: string, data: object, eventId = ids.paddle('evt')) {
  return { event_id: eventId, event_type: eventType, occurred_at: new Date().toISOString(), notification_id: ids.paddle('ntf'), data };
}

export function deliverLemon(payload: { meta: { event_name: string } }, o: { secret?: string; account?: string } = {}) {
  const body = JSON.stringify(payload);
  return deliver(
    'lemonsqueezy',
    body,
    { 'x-event-name': payload.meta.event_name, 'x-signature': hmac(o.secret ?? SECRET, body, 'hex') },
    o.account,
  );
}

export function deliverGeneric(payload: object, o: { secret?: string; account?: string } = {}) {
  const body = JSON.stringify(payload);
  return deliver('generic', body, { 'x-signature': `sha256=${hmac(o.secret ?? SECRET, body, 'hex')}` }, o.account);
}

/**
 * The conversion of an order as it stands now: a server-to-server /t/sale of an
 * order id already recorded answers `duplicate` with its method, affiliate and
 * current commissions. It changes nothing of an order a verified source (a webhook)
 * reported, with no visitor id or customer of its own to complete it with.
 */
export async function orderState(orderId: string) {
  const res = await request('/t/sale', { method: 'POST', json: { orderId, total: '1.00' }, headers: s2s });
  return res.json as { conversionId: string; status: string; method: string | null; affiliate: string | null; commissions: unknown[]; test?: boolean };
}
