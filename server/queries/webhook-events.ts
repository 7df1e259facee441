// The merchant's webhook deliveries, newest first, with the order each one
// recorded. Tenant first; served by the (merchant_id, provider, received_at) index.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { conversions, webhookEvents } from '@/db/schema';

export interface WebhookDelivery {
  id: string;
  provider: string;
  eventId: string | null;
  eventType: string | null;
  outcome: string;
  /** Why a delivery was refused, failed or ignored, or what it did. */
  detail: string | null;
  conversionId: string | null;
  orderId: string | null;
  receivedAt: Date;
  /** Refusals of the same reason within an hour, counted on this one row. */
  repeats: number;
}

/** The last `limit` deliveries of one provider. */
export function listWebhookDeliveries(db: Db, merchantId: string, provider: string, limit = 10): Promise<WebhookDelivery[]> {
  return db
    .select({
      id: webhookEvents.id,
      provider: webhookEvents.provider,
      eventId: webhookEvents.eventId,
      eventType: webhookEvents.eventType,
      outcome: webhookEvents.outcome,
      detail: webhookEvents.error,
      conversionId: webhookEvents.conversionId,
      orderId: conversions.orderId,
      receivedAt: webhookEvents.receivedAt,
      repeats: webhookEvents.repeats,
    })
    .from(webhookEvents)
    .leftJoin(conversions, and(eq(conversions.merchantId, merchantId), eq(conversions.id, webhookEvents.conversionId)))
    .where(and(eq(webhookEvents.merchantId, merchantId), eq(webhookEvents.provider, provider)))
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
    .limit(limit);
}

/** The last deliveries of each provider, keyed by provider. */
export async function recentWebhookDeliveries(
  db: Db,
  merchantId: string,
  providers: readonly string[],
  perProvider = 10,
): Promise<Record<string, WebhookDelivery[]>> {
  const lists = await Promise.all(providers.map((p) => listWebhookDeliveries(db, merchantId, p, perProvider)));
  return Object.fromEntries(providers.map((p, i) => [p, lists[i]!]));
}
