// Affiliate postbacks: an affiliate's URL template, fired on its own conversions — one
// postback per tier-1 commission credited to it, written to the durable outbox in the
// transaction (for the tracker's batched sales: the very statement) that credits the
// commission, and sent after commit by the outbox worker (./deliver.ts) with the outgoing
// webhooks' retries, timeout, answer cap and private-address rule.
//
// Tier 1 only: a parent's tier-2 commission is not traffic the parent sent, and the
// conversion's click, sub-ids and visitor belong to the sub-affiliate, whose tracking data
// would otherwise go to another affiliate's tracker. Test conversions never fire one;
// declined commissions neither. "Send a test postback" sends made-up values, marked test=1.
import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { affiliatePostbacks, affiliates, campaigns, postbackAttempts, type AffiliatePostback } from '@/db/schema';
import { audit, type AuditActor } from '../audit';
import { AppError } from '../errors';
import { enqueueOutbox } from '../outbox/enqueue';
import { checkTarget } from '../outgoing-webhooks/target';
import { isUuid } from '../queries/affiliates';
import { before, cursorTime, decodeCursor, pageOf } from '../api/cursor';
import { renderPostbackUrl, testMacroValues } from './render';
import { postbackSaveSchema, type PostbackSaveInput } from './schemas';
import { POSTBACK_TEST_KIND } from './kinds';

export { POSTBACK_KIND, POSTBACK_TEST_KIND, postbackKey } from './kinds';
export { notePostbacks } from './note';

export interface PostbackPayload {
  affiliateId: string;
  conversionId?: string;
  commissionId?: string;
  /** The commission's status when it was credited. */
  status?: string;
  /** A test postback: made-up values in this currency. */
  test?: boolean;
  currency?: string;
}

export interface PostbackView {
  urlTemplate: string;
  method: 'GET' | 'POST';
  enabled: boolean;
  blockedByMerchant: boolean;
  updatedAt: string;
}

const view = (p: AffiliatePostback): PostbackView => ({
  urlTemplate: p.urlTemplate,
  method: p.method,
  enabled: p.enabled,
  blockedByMerchant: p.blockedByMerchant,
  updatedAt: p.updatedAt.toISOString(),
});

const noAffiliate = () => new AppError('not_found', 'No such affiliate.');

async function affiliateOf(db: Db, merchantId: string, affiliateId: string) {
  if (!isUuid(affiliateId)) throw noAffiliate();
  const [row] = await db
    .select({ id: affiliates.id, refId: affiliates.refId })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
  if (!row) throw noAffiliate();
  return row;
}

async function postbackRow(db: Db | Tx, merchantId: string, affiliateId: string): Promise<AffiliatePostback | undefined> {
  if (!isUuid(affiliateId)) return undefined;
  const [row] = await db
    .select()
    .from(affiliatePostbacks)
    .where(and(eq(affiliatePostbacks.merchantId, merchantId), eq(affiliatePostbacks.affiliateId, affiliateId)));
  return row;
}

export async function getAffiliatePostback(db: Db, merchantId: string, affiliateId: string): Promise<PostbackView | null> {
  const row = await postbackRow(db, merchantId, affiliateId);
  return row ? view(row) : null;
}

/** Sets (or replaces) the affiliate's template; validated, and its host checked like a webhook endpoint's. */
export async function saveAffiliatePostback(db: Db, merchantId: string, affiliateId: string, raw: PostbackSaveInput): Promise<PostbackView> {
  const input = postbackSaveSchema.parse(raw);
  await affiliateOf(db, merchantId, affiliateId);
  try {
    await checkTarget(renderPostbackUrl(input.urlTemplate, testMacroValues('USD')));
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, err.message.replace(/^url:/, 'urlTemplate:'));
    throw err;
  }
  const now = new Date();
  const [row] = await db
    .insert(affiliatePostbacks)
    .values({ merchantId, affiliateId, urlTemplate: input.urlTemplate, method: input.method, enabled: input.enabled, updatedAt: now })
    .onConflictDoUpdate({
      target: [affiliatePostbacks.merchantId, affiliatePostbacks.affiliateId],
      set: { urlTemplate: input.urlTemplate, method: input.method, enabled: input.enabled, updatedAt: now },
    })
    .returning();
  return view(row!);
}

export async function deleteAffiliatePostback(db: Db, merchantId: string, affiliateId: string): Promise<void> {
  await affiliateOf(db, merchantId, affiliateId);
  await db.delete(affiliatePostbacks).where(and(eq(affiliatePostbacks.merchantId, merchantId), eq(affiliatePostbacks.affiliateId, affiliateId)));
}

/** The merchant turns an affiliate's postback off (or back on); the affiliate cannot undo it. Audited. */
export async function setPostbackBlocked(db: Db, merchantId: string, actor: AuditActor, affiliateId: string, blocked: boolean): Promise<PostbackView> {
  const a = await affiliateOf(db, merchantId, affiliateId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(affiliatePostbacks)
      .set({ blockedByMerchant: blocked, updatedAt: new Date() })
      .where(and(eq(affiliatePostbacks.merchantId, merchantId), eq(affiliatePostbacks.affiliateId, a.id)))
      .returning();
    if (!row) throw new AppError('not_found', 'This affiliate has no postback.');
    await audit(tx, merchantId, actor, blocked ? 'affiliate.postback_block' : 'affiliate.postback_unblock', { type: 'affiliate', id: a.id }, { refId: a.refId });
    return view(row);
  });
}

/** Whether a postback of this affiliate may be sent now (a reason when not). */
export function postbackUnusable(p: AffiliatePostback | undefined): string | undefined {
  if (!p) return 'no postback URL is set';
  if (p.blockedByMerchant) return 'the program turned this postback off';
  if (!p.enabled) return 'the postback is turned off';
  return undefined;
}

/** Queues a test postback (made-up values, `{test}` = 1), sent once and shown in the delivery log. */
export async function sendTestPostback(db: Db, merchantId: string, affiliateId: string): Promise<{ messageId: string }> {
  const p = await postbackRow(db, merchantId, affiliateId);
  const why = postbackUnusable(p);
  if (why) throw new AppError('conflict', `Cannot send a test postback: ${why}.`);
  const [cmp] = await db
    .select({ currency: campaigns.currency })
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.isDefault, true)))
    .limit(1);
  const payload: PostbackPayload = { affiliateId, test: true, currency: cmp?.currency ?? 'USD' };
  const messageId = await enqueueOutbox(db as unknown as Tx, {
    merchantId,
    kind: POSTBACK_TEST_KIND,
    payload: { ...payload },
    dedupeKey: `postback:test:${randomUUID()}`,
  });
  return { messageId };
}

export interface PostbackAttemptView {
  id: string;
  messageId: string;
  test: boolean;
  conversionId: string | null;
  method: string;
  url: string;
  attempt: number;
  outcome: string;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

/** The affiliate's postback delivery log, newest first (its own only: the affiliate id is the caller's). */
export async function listPostbackAttempts(db: Db, merchantId: string, affiliateId: string, opts: { limit: number; cursor?: string }) {
  if (!isUuid(affiliateId)) return { data: [] as PostbackAttemptView[], nextCursor: null };
  const a = postbackAttempts;
  const rows = await db
    .select({ r: a, id: a.id, cursorAt: cursorTime(a.createdAt) })
    .from(a)
    .where(and(eq(a.merchantId, merchantId), eq(a.affiliateId, affiliateId), before(a.createdAt, a.id, decodeCursor(opts.cursor), 'bigint')))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, ({ r }): PostbackAttemptView => ({
    id: String(r.id),
    messageId: r.messageId,
    test: r.test,
    conversionId: r.conversionId,
    method: r.method,
    url: r.url,
    attempt: r.attempt,
    outcome: r.outcome,
    responseStatus: r.responseStatus,
    responseBody: r.responseBody,
    error: r.error,
    durationMs: r.durationMs,
    createdAt: r.createdAt.toISOString(),
  }));
}
