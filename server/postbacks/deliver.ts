// Sends affiliate postbacks: the outbox handlers of kinds 'postback' (a commission's,
// retried on WEBHOOK_RETRY_SCHEDULE like an outgoing webhook) and 'postback.test' (sent
// once). Each attempt renders the affiliate's current template with the commission's values,
// sends it through the outgoing webhooks' checked sender (public addresses only unless
// WEBHOOK_ALLOW_PRIVATE=1, the timeout, the answer cap) and logs it for the affiliate.
import { and, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { affiliatePostbacks, postbackAttempts, type OutboxMessage } from '@/db/schema';
import { PermanentError, registerOutboxHandler } from '../outbox';
import { webhookBackoff } from '../outgoing-webhooks/deliver';
import { sendChecked } from '../outgoing-webhooks/send';
import { macroValuesOf, renderPostbackUrl, testMacroValues } from './render';
import { POSTBACK_KIND, POSTBACK_TEST_KIND, postbackUnusable, type PostbackPayload } from './postbacks';

const USER_AGENT = 'AffiliateTracker-Postback/1';

async function deliver(row: OutboxMessage, last: boolean): Promise<void> {
  const p = row.payload as unknown as PostbackPayload;
  const merchantId = row.merchantId;
  if (!merchantId || typeof p.affiliateId !== 'string') throw new PermanentError('malformed postback');
  const db: Db = await getDb();
  const [postback] = await db
    .select()
    .from(affiliatePostbacks)
    .where(and(eq(affiliatePostbacks.merchantId, merchantId), eq(affiliatePostbacks.affiliateId, p.affiliateId)));
  const why = postbackUnusable(postback);
  if (why) throw new PermanentError(`not sent: ${why}`);
  const values = p.test ? testMacroValues(p.currency ?? 'USD', row.createdAt) : p.conversionId ? await macroValuesOf(db, merchantId, { conversionId: p.conversionId, affiliateId: p.affiliateId, status: p.status }) : undefined;
  // The conversion lost its commission meanwhile (credited to another affiliate, or deleted): nothing to report.
  if (!values) throw new PermanentError('not sent: the commission is gone');
  const url = renderPostbackUrl(postback!.urlTemplate, values);
  const post = postback!.method === 'POST';
  const result = await sendChecked(url, {
    method: postback!.method,
    userAgent: USER_AGENT,
    // A POST carries the query's fields as a form too, for receivers that read the body.
    ...(post ? { body: new URL(url).searchParams.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  await db.insert(postbackAttempts).values({
    merchantId,
    affiliateId: p.affiliateId,
    messageId: row.id,
    commissionId: p.commissionId ?? null,
    conversionId: p.test ? null : (p.conversionId ?? null),
    test: Boolean(p.test),
    method: postback!.method,
    url,
    attempt: row.attempts,
    outcome: result.ok ? 'succeeded' : last ? 'gave_up' : 'failed',
    responseStatus: result.status,
    responseBody: result.body,
    error: result.error,
    durationMs: result.durationMs,
  });
  if (!result.ok) throw (last ? new PermanentError(result.error ?? 'postback failed') : new Error(result.error ?? 'postback failed'));
}

export function registerPostbackHandlers(): void {
  registerOutboxHandler(POSTBACK_KIND, { deliver: (row) => deliver(row, webhookBackoff(row.attempts) === null), backoff: webhookBackoff });
  // A test is sent once: the affiliate sees its answer and tries again by hand.
  registerOutboxHandler(POSTBACK_TEST_KIND, { deliver: (row) => deliver(row, true), backoff: () => null });
}
