// Outgoing webhook endpoints (PLATFORM-API.md §3): where a merchant wants to hear of events,
// managed in Tools › Webhooks and through /api/v1/webhook-endpoints — one set of rules for
// both. A target must be a public address (server/outgoing-webhooks/target.ts); the signing
// secret is `whsec_<base64>` (Standard Webhooks), shown on creation and in the panel.
import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookAttempts, webhookEndpoints, type WebhookEndpoint } from '@/db/schema';
import { audit, type AuditActor } from '../audit';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { before, cursorTime, decodeCursor, pageOf } from '../api/cursor';
import { checkTarget } from './target';
import { webhookEndpointCreateSchema, webhookEndpointPatchSchema, type WebhookEndpointCreateInput, type WebhookEndpointPatchInput } from './schemas';
import { forgetEndpoints } from './subscriptions';
import { enqueueWebhookMessage, eventBody, newMessageId } from './events';

/** How many endpoints one account may have. */
export const MAX_ENDPOINTS = 20;
/** After a rotation the old secret keeps signing for this long, so receivers can switch over. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export const endpointView = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events as WebhookEndpointView['events'],
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  createdAt: e.createdAt.toISOString(),
});
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: import('@/db/enums').WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
}

const notFound = () => new AppError('not_found', 'No such webhook endpoint.');

export async function lockEndpoint(db: Db, merchantId: string, id: string): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw notFound();
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.id, id)));
  if (!row) throw notFound();
  return row;
}

export async function listWebhookEndpoints(db: Db, merchantId: string, opts: { limit: number; cursor?: string }) {
  const rows = await db
    .select({ e: webhookEndpoints, id: webhookEndpoints.id, cursorAt: cursorTime(webhookEndpoints.createdAt) })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), before(webhookEndpoints.createdAt, webhookEndpoints.id, decodeCursor(opts.cursor))))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, (r) => endpointView(r.e));
}

/** Every endpoint of the account with its secret, for the panel. */
export async function listEndpointsWithSecrets(db: Db, merchantId: string) {
  const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.merchantId, merchantId)).orderBy(desc(webhookEndpoints.createdAt));
  return rows.map((e) => ({ ...endpointView(e), secret: e.secret, disabledAt: e.disabledAt?.toISOString() ?? null }));
}

export async function getWebhookEndpoint(db: Db, merchantId: string, id: string) {
  return endpointView(await lockEndpoint(db, merchantId, id));
}

export async function createWebhookEndpoint(db: Db, merchantId: string, actor: AuditActor, raw: WebhookEndpointCreateInput) {
  const input = webhookEndpointCreateSchema.parse(raw);
  await checkTarget(input.url);
  const row = await db.transaction(async (tx) => {
    const existing = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.merchantId, merchantId));
    if (existing.length >= MAX_ENDPOINTS) throw new AppError('conflict', `At most ${MAX_ENDPOINTS} webhook endpoints per account.`);
    const [inserted] = await tx
      .insert(webhookEndpoints)
      .values({ merchantId, url: input.url, description: input.description, events: [...new Set(input.events)], secret: newWebhookSecret() })
      .returning();
    await audit(tx, merchantId, actor, 'webhook_endpoint.create', { type: 'webhook_endpoint', id: inserted!.id }, { url: input.url, events: input.events });
    return inserted!;
  });
  forgetEndpoints(merchantId);
  return { ...endpointView(row), secret: row.secret };
}

export async function updateWebhookEndpoint(db: Db, merchantId: string, actor: AuditActor, id: string, raw: WebhookEndpointPatchInput) {
  const input = webhookEndpointPatchSchema.parse(raw);
  const before = await lockEndpoint(db, merchantId, id);
  if (input.url !== undefined && input.url !== before.url) await checkTarget(input.url);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        // Turned on again by the merchant: a fresh start of the failure count.
        ...(input.enabled !== undefined ? { enabled: input.enabled, ...(input.enabled ? { disabledReason: null, disabledAt: null, failedMessages: 0 } : {}) } : {}),
      })
      .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.id, before.id)))
      .returning();
    if (!updated) throw notFound();
    await audit(tx, merchantId, actor, 'webhook_endpoint.update', { type: 'webhook_endpoint', id: before.id }, { ...input });
    return updated;
  });
  forgetEndpoints(merchantId);
  return endpointView(row);
}

/** A new secret; the old one keeps signing (a second signature) for ROTATION_GRACE_MS. */
export async function rotateWebhookSecret(db: Db, merchantId: string, actor: AuditActor, id: string) {
  const before = await lockEndpoint(db, merchantId, id);
  const secret = newWebhookSecret();
  await db.transaction(async (tx) => {
    await tx
      .update(webhookEndpoints)
      .set({ secret, previousSecret: before.secret, previousSecretExpiresAt: new Date(Date.now() + ROTATION_GRACE_MS) })
      .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.id, before.id)));
    await audit(tx, merchantId, actor, 'webhook_endpoint.rotate_secret', { type: 'webhook_endpoint', id: before.id });
  });
  forgetEndpoints(merchantId);
  return { id: before.id, secret };
}

export async function deleteWebhookEndpoint(db: Db, merchantId: string, actor: AuditActor, id: string) {
  const before = await lockEndpoint(db, merchantId, id);
  await db.transaction(async (tx) => {
    await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.id, before.id)));
    await audit(tx, merchantId, actor, 'webhook_endpoint.delete', { type: 'webhook_endpoint', id: before.id }, { url: before.url });
  });
  forgetEndpoints(merchantId);
}

/** Queues a `webhook.test` event to the endpoint (delivered, signed and logged like any other). */
export async function sendTestEvent(db: Db, merchantId: string, actor: AuditActor, id: string) {
  const endpoint = await lockEndpoint(db, merchantId, id);
  if (!endpoint.enabled) throw new AppError('conflict', 'This endpoint is turned off: turn it on to send it events.');
  const messageId = newMessageId();
  const body = eventBody('webhook.test', { endpoint: endpoint.id, message: 'A test event: your endpoint receives and verifies webhooks.' });
  await db.transaction(async (tx) => {
    await enqueueWebhookMessage(tx, merchantId, { endpointId: endpoint.id, messageId, type: 'webhook.test', body });
    await audit(tx, merchantId, actor, 'webhook_endpoint.test', { type: 'webhook_endpoint', id: endpoint.id }, { messageId });
  });
  return { messageId };
}

/** "Send again": the message as first sent (same webhook-id and body), queued once more. */
export async function resendWebhookMessage(db: Db, merchantId: string, actor: AuditActor, endpointId: string, messageId: string) {
  const endpoint = await lockEndpoint(db, merchantId, endpointId);
  if (!endpoint.enabled) throw new AppError('conflict', 'This endpoint is turned off: turn it on to send it events.');
  const [attempt] = await db
    .select({ eventType: webhookAttempts.eventType, payload: webhookAttempts.payload })
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.merchantId, merchantId), eq(webhookAttempts.endpointId, endpoint.id), eq(webhookAttempts.messageId, messageId)))
    .limit(1);
  if (!attempt) throw new AppError('not_found', 'No such delivery.');
  await db.transaction(async (tx) => {
    await enqueueWebhookMessage(
      tx,
      merchantId,
      { endpointId: endpoint.id, messageId, type: attempt.eventType as 'webhook.test', body: attempt.payload },
      `webhook:${messageId}:again:${newMessageId()}`,
    );
    await audit(tx, merchantId, actor, 'webhook_endpoint.resend', { type: 'webhook_endpoint', id: endpoint.id }, { messageId });
  });
  return { messageId };
}

/** The endpoint's delivery log, newest first: every attempt with its answer and timing. */
export async function listWebhookAttempts(db: Db, merchantId: string, endpointId: string, limit = 50) {
  const endpoint = await lockEndpoint(db, merchantId, endpointId);
  return db
    .select({
      id: webhookAttempts.id,
      messageId: webhookAttempts.messageId,
      eventType: webhookAttempts.eventType,
      attempt: webhookAttempts.attempt,
      outcome: webhookAttempts.outcome,
      responseStatus: webhookAttempts.responseStatus,
      responseBody: webhookAttempts.responseBody,
      error: webhookAttempts.error,
      durationMs: webhookAttempts.durationMs,
      createdAt: webhookAttempts.createdAt,
    })
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.merchantId, merchantId), eq(webhookAttempts.endpointId, endpoint.id)))
    .orderBy(desc(webhookAttempts.createdAt), desc(webhookAttempts.id))
    .limit(limit);
}

export interface WebhookAttemptView {
  id: string;
  messageId: string;
  eventType: string;
  attempt: number;
  outcome: string;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

/** The delivery log as GET /api/v1/webhook-endpoints/{id}/attempts pages it: newest first, keyset on (time, id). */
export async function listWebhookAttemptsPage(db: Db, merchantId: string, endpointId: string, opts: { limit: number; cursor?: string }) {
  const endpoint = await lockEndpoint(db, merchantId, endpointId);
  const a = webhookAttempts;
  const rows = await db
    .select({ r: a, id: a.id, cursorAt: cursorTime(a.createdAt) })
    .from(a)
    .where(and(eq(a.merchantId, merchantId), eq(a.endpointId, endpoint.id), before(a.createdAt, a.id, decodeCursor(opts.cursor), 'bigint')))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, ({ r }): WebhookAttemptView => ({
    id: String(r.id),
    messageId: r.messageId,
    eventType: r.eventType,
    attempt: r.attempt,
    outcome: r.outcome,
    responseStatus: r.responseStatus,
    responseBody: r.responseBody,
    error: r.error,
    durationMs: r.durationMs,
    createdAt: r.createdAt.toISOString(),
  }));
}
