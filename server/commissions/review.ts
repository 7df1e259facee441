// The merchant's review of commissions: approve (pending → approved) and decline
// (pending or approved → declined), one or many at once, in one transaction with
// an audit record per change. Paid commissions and commissions already in a payout
// are never touched. Also the campaigns' "auto-approve after N days" rule, and the
// review of fraud flags: approving a commission, or clearing the flags, records that a
// person looked at the conversion and releases its hold (server/fraud/hold.ts).
import { and, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { auditLog, campaigns, commissions, conversions, type CommissionStatus } from '@/db/schema';
import { AppError } from '../errors';
import { awaitingReview, releasedForPayment } from '../fraud/hold';
import type { Tx } from '@/db';
import { isUuid } from '../queries/affiliates';
import { reviewSchema, type ReviewInput } from './schemas';
import { emitCommissionEvents } from '../outgoing-webhooks/emit';

export type ReviewAction = 'approve' | 'decline';

export type { AuditActor as Actor } from '../audit';
import type { AuditActor as Actor } from '../audit';

const transition: Record<ReviewAction, { from: CommissionStatus[]; to: CommissionStatus }> = {
  approve: { from: ['pending'], to: 'approved' },
  decline: { from: ['pending', 'approved'], to: 'declined' },
};

export interface ReviewResult {
  /** How many commissions changed status. */
  changed: number;
  /** How many were left as they were (already there, paid, declined, or in a payout). */
  skipped: number;
}

/**
 * Approves or declines the given commissions of this merchant. An id that is not
 * one of the merchant's commissions fails the whole request and changes nothing.
 */
export async function reviewCommissions(
  db: Db,
  merchantId: string,
  actor: Actor,
  action: ReviewAction,
  raw: ReviewInput,
): Promise<ReviewResult> {
  const ids = [...new Set(reviewSchema.parse(raw).ids.map((id) => id.toLowerCase()))];
  if (!ids.every(isUuid)) throw new AppError('not_found', 'No such commission.');
  const { from, to } = transition[action];
  return db.transaction(async (tx) => {
    // Lock the rows so a concurrent payout or review sees the outcome of this one.
    const rows = await tx
      .select({ id: commissions.id, status: commissions.status, payoutId: commissions.payoutId, conversionId: commissions.conversionId })
      .from(commissions)
      .where(and(eq(commissions.merchantId, merchantId), inArray(commissions.id, ids)))
      .for('update');
    if (rows.length !== ids.length) throw new AppError('not_found', 'No such commission.');
    const eligible = rows.filter((r) => from.includes(r.status) && r.payoutId === null);
    if (eligible.length > 0) {
      const updated = await tx
        .update(commissions)
        .set({ status: to, updatedAt: sql`now()` })
        .where(
          and(
            eq(commissions.merchantId, merchantId),
            inArray(
              commissions.id,
              eligible.map((r) => r.id),
            ),
            inArray(commissions.status, from),
            isNull(commissions.payoutId),
          ),
        )
        .returning({ id: commissions.id });
      if (updated.length !== eligible.length) throw new AppError('conflict', 'These commissions changed meanwhile; try again.');
      await tx.insert(auditLog).values(
        eligible.map((r) => ({
          merchantId,
          actorUserId: actor.userId,
          action: `commission.${action}`,
          targetType: 'commission',
          targetId: r.id,
          details: { from: r.status, to },
          ip: actor.ip,
        })),
      );
    }
    await emitCommissionEvents(tx, merchantId, action === 'approve' ? 'commission.approved' : 'commission.declined', eligible.map((r) => r.id));
    // Approving is vouching for the sale: its flags count as reviewed.
    if (action === 'approve' && eligible.length > 0)
      await markReviewed(tx, merchantId, actor, eligible.map((r) => r.conversionId));
    return { changed: eligible.length, skipped: rows.length - eligible.length };
  });
}

/**
 * "Clear flags": the merchant reviewed the flagged conversions of these commissions and
 * lets them through; their status is left as it is. Returns how many conversions it released.
 */
export async function clearFlags(db: Db, merchantId: string, actor: Actor, raw: ReviewInput): Promise<{ reviewed: number }> {
  const ids = [...new Set(reviewSchema.parse(raw).ids.map((id) => id.toLowerCase()))];
  if (!ids.every(isUuid)) throw new AppError('not_found', 'No such commission.');
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ conversionId: commissions.conversionId })
      .from(commissions)
      .where(and(eq(commissions.merchantId, merchantId), inArray(commissions.id, ids)));
    if (rows.length !== ids.length) throw new AppError('not_found', 'No such commission.');
    return { reviewed: await markReviewed(tx, merchantId, actor, rows.map((r) => r.conversionId)) };
  });
}

/** Marks the flagged, unreviewed ones of these conversions reviewed, one audit record each. */
async function markReviewed(tx: Tx, merchantId: string, actor: Actor, conversionIds: string[]): Promise<number> {
  const reviewed = await tx
    .update(conversions)
    .set({ reviewedAt: sql`now()`, reviewedBy: actor.userId })
    .where(and(eq(conversions.merchantId, merchantId), inArray(conversions.id, [...new Set(conversionIds)]), awaitingReview))
    .returning({ id: conversions.id, flags: conversions.flags, orderId: conversions.orderId });
  if (reviewed.length > 0)
    await tx.insert(auditLog).values(
      reviewed.map((c) => ({
        merchantId,
        actorUserId: actor.userId,
        action: 'conversion.review',
        targetType: 'conversion',
        targetId: c.id,
        details: { flags: c.flags, orderId: c.orderId },
        ip: actor.ip,
      })),
    );
  return reviewed.length;
}

/**
 * Approves pending commissions whose conversion is older than its campaign's
 * `autoApproveAfterDays`, unless the conversion carries fraud flags nobody has
 * reviewed yet (those wait for a person). There is no scheduler: the panel calls this when the merchant
 * opens Commissions or Payouts. Returns how many it approved.
 */
export async function autoApproveDue(db: Db, merchantId: string | undefined, now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: commissions.id, merchantId: commissions.merchantId })
      .from(commissions)
      .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
      .innerJoin(campaigns, eq(campaigns.id, conversions.campaignId))
      .where(
        and(
          merchantId ? eq(commissions.merchantId, merchantId) : undefined,
          eq(commissions.status, 'pending'),
          isNull(commissions.payoutId),
          isNotNull(campaigns.autoApproveAfterDays),
          eq(campaigns.merchantId, conversions.merchantId),
          lte(conversions.createdAt, sql`${now.toISOString()}::timestamptz - make_interval(days => ${campaigns.autoApproveAfterDays})`),
          releasedForPayment,
        ),
      )
      .for('update', { of: commissions, skipLocked: true });
    if (due.length === 0) return 0;
    const updated = await tx
      .update(commissions)
      .set({ status: 'approved', updatedAt: sql`now()` })
      .where(
        and(
          inArray(
            commissions.id,
            due.map((d) => d.id),
          ),
          eq(commissions.status, 'pending'),
        ),
      )
      .returning({ id: commissions.id, merchantId: commissions.merchantId });
    for (const u of updated) await emitCommissionEvents(tx, u.merchantId, 'commission.approved', [u.id]);
    const byMerchant = new Map<string, string[]>();
    for (const u of updated) byMerchant.set(u.merchantId, [...(byMerchant.get(u.merchantId) ?? []), u.id]);
    if (byMerchant.size > 0)
      await tx.insert(auditLog).values(
        [...byMerchant].map(([m, ids]) => ({
          merchantId: m,
          actorUserId: null,
          action: 'commission.auto_approve',
          targetType: 'commission',
          details: { count: ids.length, ids: ids.slice(0, 1000) },
        })),
      );
    return updated.length;
  });
}
