// Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, five
// minutes of tolerance (https://docs.stripe.com/webhooks#verify-manually).
// One-off payments are keyed by their PaymentIntent, subscriptions by invoice, so
// the Checkout Session of a subscription and its first `invoice.paid` (or
// `invoice.payment_succeeded`) are one sale, whichever arrives first. On current API
// versions an invoice no longer names its PaymentIntent nor a charge its invoice: the
// `invoice_payment.paid` event links them, so a refund of a subscription payment finds it.
import { AppError } from '../errors';
import {
  at,
  currencyAt,
  emailOf,
  idAt,
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

/** The invoice's subscription: API 2024-06-20 has `subscription`, later versions `parent.subscription_details`. */
function subscriptionOfInvoice(invoice: JsonObject): string | undefined {
  return idAt(invoice, 'parent.subscription_details.subscription') ?? idAt(invoice, 'subscription');
}

function checkoutSessionPaid(session: JsonObject): WebhookAction {
  if (session.object !== 'checkout.session') throw new AppError('invalid_request', 'data.object: must be a Checkout Session.');
  const mode = textAt(session, 'mode');
  if (mode === 'setup') return { kind: 'ignored', reason: 'A setup-mode session collects no payment.' };
  const paymentStatus = textAt(session, 'payment_status');
  if (paymentStatus === 'unpaid')
    return { kind: 'ignored', reason: 'Not paid yet: the payment is confirmed by checkout.session.async_payment_succeeded.' };
  const subscriptionId = idAt(session, 'subscription');
  const id = requiredTextAt(session, 'id');
  // The order id a sale is known by whichever event reports it first.
  const orderId = (mode === 'subscription' ? idAt(session, 'invoice') : idAt(session, 'payment_intent')) ?? id;
  const sale: WebhookSale = {
    orderId,
    totalMinor: minorUnitsAt(session, 'amount_total'),
    currency: currencyAt(session, 'currency'),
    visitorId: visitorIdOf(at(session, 'metadata.aff_vid'), session.client_reference_id),
    customerId: idAt(session, 'customer'),
    customerEmail: emailOf(at(session, 'customer_details.email'), session.customer_email),
    coupon: textAt(session, 'metadata.coupon', 64),
    subscriptionId,
  };
  return { kind: 'sale', sale };
}

/** The PaymentIntents and charges that paid an invoice: named on it up to API 2025-03-31, in its expanded `payments` after. */
function paymentsOfInvoice(invoice: JsonObject): string[] {
  const ids = [idAt(invoice, 'payment_intent'), idAt(invoice, 'charge')];
  const payments = at(invoice, 'payments.data');
  if (Array.isArray(payments))
    payments.forEach((_, i) => ids.push(idAt(invoice, `payments.data.${i}.payment.payment_intent`), idAt(invoice, `payments.data.${i}.payment.charge`)));
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** An invoice paid (in full or in part) by a payment: its PaymentIntent or charge refunds the invoice's order. */
function invoicePaymentPaid(payment: JsonObject): WebhookAction {
  if (payment.object !== 'invoice_payment') throw new AppError('invalid_request', 'data.object: must be an invoice payment.');
  const invoice = idAt(payment, 'invoice');
  if (!invoice) return { kind: 'ignored', reason: 'The invoice payment names no invoice.' };
  const aliases = [idAt(payment, 'payment.payment_intent'), idAt(payment, 'payment.charge')].filter((id): id is string => !!id);
  if (aliases.length === 0) return { kind: 'ignored', reason: 'The invoice payment names no PaymentIntent or charge.' };
  return { kind: 'alias', orderId: invoice, aliases };
}

function invoicePaid(invoice: JsonObject): WebhookAction {
  if (invoice.object !== 'invoice') throw new AppError('invalid_request', 'data.object: must be an invoice.');
  const subscriptionId = subscriptionOfInvoice(invoice);
  // One-off invoices (Checkout's invoice_creation, manual invoices) belong to a
  // payment that checkout.session.completed reports under its PaymentIntent.
  if (!subscriptionId) return { kind: 'ignored', reason: 'Not a subscription invoice.' };
  const sale: WebhookSale = {
    orderId: requiredTextAt(invoice, 'id'),
    totalMinor: minorUnitsAt(invoice, 'amount_paid'),
    currency: currencyAt(invoice, 'currency'),
    visitorId: visitorIdOf(
      at(invoice, 'parent.subscription_details.metadata.aff_vid'),
      at(invoice, 'subscription_details.metadata.aff_vid'),
      at(invoice, 'metadata.aff_vid'),
    ),
    customerId: idAt(invoice, 'customer'),
    customerEmail: emailOf(invoice.customer_email),
    subscriptionId,
  };
  const aliases = paymentsOfInvoice(invoice);
  // The first invoice is the subscription's sale; every later one (cycle, upgrade, usage threshold) a renewal.
  if (textAt(invoice, 'billing_reason') === 'subscription_create') return { kind: 'sale', sale, aliases };
  return { kind: 'renewal', subscriptionId, sale, aliases };
}

function chargeRefunded(charge: JsonObject): WebhookAction {
  if (charge.object !== 'charge') throw new AppError('invalid_request', 'data.object: must be a charge.');
  // A one-off payment is known by its PaymentIntent, a subscription payment by its invoice:
  // named on the charge up to API 2025-03-31, found through the invoice_payment's link after.
  const orderIds = [idAt(charge, 'payment_intent'), idAt(charge, 'invoice'), idAt(charge, 'id')].filter((id): id is string => !!id);
  if (orderIds.length === 0) return { kind: 'ignored', reason: 'The charge names no PaymentIntent or invoice.' };
  // `amount_refunded` is the running total: replays and out-of-order deliveries add nothing twice.
  return { kind: 'refund', orderIds, refundedTotalMinor: minorUnitsAt(charge, 'amount_refunded') };
}

export const stripe: WebhookProviderModule = {
  label: 'Stripe',
  verify(rawBody, headers, secret, now) {
    const header = headerOf(headers, 'stripe-signature');
    if (!header) return fail('the Stripe-Signature header is missing');
    const parts = signatureParts(header, ',');
    const signatures = parts.get('v1') ?? [];
    if (signatures.length === 0) return fail('the Stripe-Signature header has no v1 signature');
    const timestamp = parts.get('t')?.[0];
    const fresh = checkTimestamp(timestamp, now, TOLERANCE_S);
    if (!fresh.ok) return fresh;
    const expected = hmacSha256(secret, `${timestamp}.`, rawBody).toString('hex');
    return anyMatches(expected, signatures.map((s) => s.toLowerCase()))
      ? ok
      : fail("the Stripe-Signature does not match this account's signing secret");
  },
  envelope(body) {
    const event = parseJsonObject(body);
    const type = textAt(event, 'type', 100);
    if (!type || !isObject(at(event, 'data.object')))
      throw new AppError('invalid_request', 'body: not a Stripe event (needs "type" and "data.object").');
    return { eventId: textAt(event, 'id'), eventType: type, payload: objectAt(event, 'data.object') };
  },
  handlers: {
    'checkout.session.completed': checkoutSessionPaid,
    // Delayed payment methods (bank debits) complete the session unpaid and confirm it later.
    'checkout.session.async_payment_succeeded': checkoutSessionPaid,
    'invoice.paid': invoicePaid,
    // The same invoice as invoice.paid: whichever of the two a merchant subscribes to, or both, it is one sale.
    'invoice.payment_succeeded': invoicePaid,
    'invoice_payment.paid': invoicePaymentPaid,
    'charge.refunded': chargeRefunded,
  },
  guide: {
    setup:
      'In the Stripe Dashboard open Developers → Webhooks → Add destination, choose the events below and paste the URL. Then reveal the destination’s signing secret and paste it here.',
    secret: { label: 'Signing secret', placeholder: 'whsec_…', source: 'provider' },
    visitorId:
      'When your server creates the Checkout Session, pass the visitor id the page read with aff.visitorId() as client_reference_id (or metadata.aff_vid); for subscriptions also set subscription_data.metadata.aff_vid so renewals carry it. Payment Links need no server code: aff.decorate() adds client_reference_id to the link. Stripe’s events do not carry promotion codes: to credit an affiliate’s coupon, add it as metadata.coupon.',
    snippet: {
      language: 'js',
      code: `// In the page: send the visitor id with the checkout request
const visitorId = window.aff?.visitorId() ?? null;

// On your server
const session = await stripe.checkout.sessions.create({
  mode: 'payment',
  line_items,
  success_url,
  ...(visitorId && { client_reference_id: visitorId, metadata: { aff_vid: visitorId } }),
});

// Payment Links: decorate them once the tracking script has loaded
window.affq = window.affq || [];
window.affq.push(['decorate', 'a[href^="https://buy.stripe.com/"]']);`,
    },
    docsUrl: 'https://docs.stripe.com/webhooks',
  },
};
