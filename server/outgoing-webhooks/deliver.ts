// Delivers outgoing webhooks: the outbox handler of kind 'webhook' (server/outbox runs it
// after commit, never on a request's path). Each attempt signs the stored body per Standard
// Webhooks (`standardwebhooks`: webhook-id, webhook-timestamp, webhook-signature — two
// signatures during a secret rotation's grace period), POSTs it with a timeout to the
// endpoint — connecting only to a checked public address — reads at most a few KB of the
// answer, and logs the attempt. A non-2xx answer, a timeout or a refused target is retried
// on WEBHOOK_RETRY_SCHEDULE (the same webhook-id every time); a message that fails for good
// on an endpoint that has not succeeded for three days turns the endpoint off, and the
// merchant is told (Tools › Webhooks, and a mail to the owner).
import { and, eq, gte, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { getDb, type Db } from '@/db';
import { users, webhookAttempts, webhookEndpoints, type OutboxMessage, type WebhookEndpoint } from '@/db/schema';
import { env } from '../env';
import { PermanentError, registerOutboxHandler } from '../outbox';
import { enqueueMail } from '../mail';
import { sendChecked, type AttemptResult } from './send';
import { WEBHOOK_OUTBOX_KIND, type WebhookPayload } from './events';
import { forgetEndpoints } from './subscriptions';

/** An endpoint whose messages failed for good and that had no success for this long is turned off. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;

export type { AttemptResult };

/** The Standard Webhooks headers for one attempt, signed with the secret (and the previous one during a rotation). */
export function signedHeaders(endpoint: Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, messageId: string, body: string, at = new Date()) {
  const signatures = [new Webhook(endpoint.secret).sign(messageId, at, body)];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at)
    signatures.push(new Webhook(endpoint.previousSecret).sign(messageId, at, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/** One POST of the body, with the timeout and the answer cap (server/outgoing-webhooks/send.ts); never throws. */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs?: number; allowPrivate?: boolean } = {},
): Promise<AttemptResult> {
  return sendChecked(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    userAgent: 'AffiliateTracker-Webhooks/1',
    ...opts,
  });
}

/** Milliseconds before attempt `attempt + 1`, with ±20 % jitter; null after the schedule's last retry. */
export function webhookBackoff(attempt: number): number | null {
  const schedule = env().WEBHOOK_RETRY_SCHEDULE;
  const s = schedule[attempt - 1];
  if (s === undefined) return null;
  return Math.round(s * 1000 * (0.8 + Math.random() * 0.4));
}

async function loadEndpoint(db: Db, merchantId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.id, id)));
  return row;
}

/** One attempt of a message: signed, sent, logged. Returns the result; throws nothing. */
export async function attemptDelivery(db: Db, endpoint: WebhookEndpoint, p: WebhookPayload, attempt: number, last: boolean): Promise<AttemptResult> {
  const result = await postWebhook(endpoint.url, signedHeaders(endpoint, p.messageId, p.body), p.body);
  await db.insert(webhookAttempts).values({
    merchantId: endpoint.merchantId,
    endpointId: endpoint.id,
    messageId: p.messageId,
    eventType: p.type,
    payload: p.body,
    attempt,
    outcome: result.ok ? 'succeeded' : last ? 'gave_up' : 'failed',
    responseStatus: result.status,
    responseBody: result.body,
    error: result.error,
    durationMs: result.durationMs,
  });
  if (result.ok && endpoint.failedMessages > 0)
    await db.update(webhookEndpoints).set({ failedMessages: 0 }).where(eq(webhookEndpoints.id, endpoint.id));
  return result;
}

async function deliver(row: OutboxMessage): Promise<void> {
  const db = await getDb();
  const p = row.payload as unknown as WebhookPayload;
  const endpoint = row.merchantId ? await loadEndpoint(db, row.merchantId, p.endpointId) : undefined;
  // Deleted or turned off since: nothing more is sent to it.
  if (!endpoint) throw new PermanentError('the endpoint was deleted');
  if (!endpoint.enabled) throw new PermanentError('the endpoint is turned off');
  const last = webhookBackoff(row.attempts) === null;
  const result = await attemptDelivery(db, endpoint, p, row.attempts, last);
  if (result.ok) return;
  if (last) await gaveUp(db, endpoint);
  throw new Error(result.error ?? 'delivery failed');
}

/** A message failed for good: the endpoint is turned off when nothing reached it for DISABLE_AFTER_MS, and the owner told. */
async function gaveUp(db: Db, endpoint: WebhookEndpoint): Promise<void> {
  const since = new Date(Date.now() - DISABLE_AFTER_MS);
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.endpointId, endpoint.id), eq(webhookAttempts.outcome, 'succeeded'), gte(webhookAttempts.createdAt, since)));
  await db.transaction(async (tx) => {
    const reason = `Turned off on ${new Date().toISOString().slice(0, 10)}: deliveries failed for three days (last answer in the delivery log).`;
    const disable = Number(recent?.n ?? 0) === 0;
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        failedMessages: sql`${webhookEndpoints.failedMessages} + 1`,
        ...(disable ? { enabled: false, disabledAt: new Date(), disabledReason: reason } : {}),
      })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
      .returning({ enabled: webhookEndpoints.enabled });
    if (disable && updated && !updated.enabled) await tellOwner(tx as unknown as Db, endpoint);
  });
  forgetEndpoints(endpoint.merchantId);
}

/** A mail to the program's owner (its first merchant user) that the endpoint was turned off. */
async function tellOwner(tx: Db, endpoint: WebhookEndpoint): Promise<void> {
  const [owner] = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.merchantId, endpoint.merchantId), eq(users.role, 'merchant')))
    .orderBy(users.createdAt)
    .limit(1);
  if (!owner) return;
  await enqueueMail(tx as never, {
    merchantId: endpoint.merchantId,
    kind: 'webhook_endpoint_disabled',
    to: owner.email,
    toName: owner.name,
    userId: owner.id,
    vars: { url: endpoint.url },
    dedupeKey: `webhook-disabled:${endpoint.id}:${new Date().toISOString().slice(0, 10)}`,
  });
}

export function registerWebhookHandler(): void {
  registerOutboxHandler(WEBHOOK_OUTBOX_KIND, { deliver, backoff: webhookBackoff });
}
