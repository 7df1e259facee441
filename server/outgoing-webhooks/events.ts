// Outgoing webhook events (PLATFORM-API.md §3), written to the durable outbox in the
// transaction of the change that causes them: a message exists if and only if the change
// committed, and the outbox worker sends it after that (server/outgoing-webhooks/deliver.ts).
// One message per subscribed endpoint, each with its own `webhook-id` that every retry keeps.
import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '@/db';
import type { WebhookEventType } from '@/db/schema';
import { enqueueOutbox } from '../outbox';
import { subscribers } from './subscriptions';

export const WEBHOOK_OUTBOX_KIND = 'webhook';

export interface WebhookPayload {
  endpointId: string;
  /** The `webhook-id` header: the same on every attempt and on "send again". */
  messageId: string;
  type: WebhookEventType | 'webhook.test';
  /** The exact body signed and sent: `{"type", "timestamp", "data"}`. */
  body: string;
}

export const newMessageId = () => `msg_${randomBytes(16).toString('base64url')}`;

export function eventBody(type: string, data: unknown, at = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** Queues one message for one endpoint in `tx`. */
export async function enqueueWebhookMessage(tx: Tx | Db, merchantId: string, payload: WebhookPayload, dedupeKey = `webhook:${payload.messageId}`): Promise<void> {
  await enqueueOutbox(tx as Tx, { merchantId, kind: WEBHOOK_OUTBOX_KIND, payload: { ...payload }, dedupeKey });
}

/**
 * Queues `type` with `data` (the resource as the REST API shows it, or a function making it
 * — called only when some endpoint listens) for every enabled endpoint of the account
 * subscribed to it. Call it with the transaction that makes the change.
 */
export async function emitWebhookEvent(tx: Tx, merchantId: string, type: WebhookEventType, data: unknown | (() => Promise<unknown>)): Promise<number> {
  const endpoints = await subscribers(tx, merchantId, type);
  if (endpoints.length === 0) return 0;
  const resolved = typeof data === 'function' ? await (data as () => Promise<unknown>)() : data;
  const body = eventBody(type, resolved);
  for (const endpointId of endpoints) await enqueueWebhookMessage(tx, merchantId, { endpointId, messageId: newMessageId(), type, body });
  return endpoints.length;
}

/** Whether any endpoint of the account listens to one of these events (so the caller can skip building data). */
export async function anySubscriber(db: Tx | Db, merchantId: string, types: WebhookEventType[]): Promise<boolean> {
  for (const t of types) if ((await subscribers(db, merchantId, t)).length > 0) return true;
  return false;
}
