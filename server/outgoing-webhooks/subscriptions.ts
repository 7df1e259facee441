// Which enabled endpoints of an account listen to which events, cached for a few seconds in
// this process: the tracker asks on every conversion, and almost always the answer is
// "none". Changes made here are seen at once; another instance's within SUBSCRIPTIONS_TTL_MS.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { webhookEndpoints, type WebhookEventType } from '@/db/schema';

const SUBSCRIPTIONS_TTL_MS = 5_000;

const g = globalThis as typeof globalThis & { __affWebhookSubs?: Map<string, { at: number; value: Promise<{ id: string; events: string[] }[]> }> };
const cache = (g.__affWebhookSubs ??= new Map());

export function forgetEndpoints(merchantId?: string): void {
  if (merchantId) cache.delete(merchantId);
  else cache.clear();
}

function enabledEndpoints(db: Db | Tx, merchantId: string): Promise<{ id: string; events: string[] }[]> {
  const hit = cache.get(merchantId);
  if (hit && Date.now() - hit.at < SUBSCRIPTIONS_TTL_MS) return hit.value;
  const value = db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.enabled, true)))
    .then((rows) => rows);
  cache.set(merchantId, { at: Date.now(), value });
  value.catch(() => cache.delete(merchantId));
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return value;
}

/** The ids of the account's enabled endpoints that receive this event. */
export async function subscribers(db: Db | Tx, merchantId: string, type: WebhookEventType): Promise<string[]> {
  return (await enabledEndpoints(db, merchantId)).filter((e) => e.events.includes(type)).map((e) => e.id);
}
