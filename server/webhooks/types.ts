// The one small interface every payment provider implements (TRACKING-API.md §5):
// verify the delivery's signature over the raw body, read its envelope, and map
// each event type it uses to a sale, a renewal, a refund or nothing.
import type { ConversionRequest } from '../tracking/record-conversion';
import type { RefundRequest } from '../tracking/record-refund';

/** What a sale hands to recordConversion; the account and the source are added by the handler. */
export type WebhookSale = Omit<ConversionRequest, 'merchantId' | 'source' | 'renewalOf'>;

export type WebhookAction =
  /**
   * A first payment: attributed like /t/sale and keyed by the provider's order id.
   * `aliases` are other ids the provider knows this payment by (a Stripe PaymentIntent or charge).
   */
  | { kind: 'sale'; sale: WebhookSale; aliases?: string[] }
  /** A recurring payment, credited to the referrer of the subscription's first payment. */
  | { kind: 'renewal'; subscriptionId: string; sale: WebhookSale; aliases?: string[] }
  /**
   * A full (no amount) or partial refund of the first of `orderIds` this account knows
   * (by order id, or by an alias). `reason` says why, for the delivery log (a cancellation, a void).
   */
  | ({ kind: 'refund'; orderIds: string[]; reason?: string } & Omit<RefundRequest, 'merchantId' | 'orderId'>)
  /** A refund the provider took back (Paddle rejected it): what was applied for `refundId` is undone. */
  | { kind: 'refund_reversal'; orderIds: string[]; refundId: string; reason: string }
  /** Other ids an order is known by, learnt after or before the order (Stripe's invoice_payment). */
  | { kind: 'alias'; orderId: string; aliases: string[] }
  /** The subscription an order started, learnt after the order (Lemon Squeezy). */
  | { kind: 'subscription'; orderId: string; subscriptionId: string }
  | { kind: 'ignored'; reason: string };

/** Which event a delivery carries, read before anything is done with it. */
export interface WebhookEnvelope {
  /** The provider's id of this event: a replay of it changes nothing. Absent when the provider sends none. */
  eventId?: string;
  eventType: string;
  payload: Record<string, unknown>;
}

export type Verification = { ok: true } | { ok: false; reason: string };

/** Shown to the merchant in Tools > Webhooks. */
export interface ProviderGuide {
  /** Where in the provider's dashboard the endpoint is added. */
  setup: string;
  secret: {
    label: string;
    placeholder: string;
    /** `provider`: the provider shows it, paste it here; `merchant`: you choose it and enter it in both places. */
    source: 'provider' | 'merchant';
  };
  /** How the visitor id travels from the browser to the provider's order. */
  visitorId: string;
  snippet?: { language: string; code: string };
  /** The provider's own documentation of its webhooks. */
  docsUrl?: string;
}

export interface WebhookProviderModule {
  label: string;
  /** Checks the provider's signature over the exact bytes received, in constant time. */
  verify(rawBody: Buffer, headers: Headers, secret: string, now: Date): Verification;
  /** The event id, type and payload; throws `invalid_request` when the body is not this provider's format. */
  envelope(body: string, headers: Headers): WebhookEnvelope;
  /**
   * One small handler per event type used: this is the allow-list, and what the
   * merchant enables in the provider's dashboard. Any other type is acknowledged
   * and recorded as ignored.
   */
  handlers: Record<string, (payload: Record<string, unknown>, headers: Headers) => WebhookAction>;
  /**
   * The unsigned request some providers send to test a new endpoint (WooCommerce's
   * ping): answered 200 and acted on in no way, so setting up the endpoint succeeds.
   */
  isPing?(rawBody: Buffer, headers: Headers): boolean;
  guide: ProviderGuide;
}
