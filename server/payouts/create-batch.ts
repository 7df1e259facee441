// Creates a payout batch: one payout per selected affiliate and currency, sharing
// a batch id, with its commissions linked in the same transaction. A commission can
// be in one payout only: rows are locked, linked `where payout_id is null`, and the
// count checked, so two batches created at once never pay the same commission.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, auditLog, commissions, conversions, payouts } from '@/db/schema';
import { releasedForPayment } from '../fraud/hold';
import type { Actor } from '../commissions/review';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { programMinimum } from './owed';
import { createBatchSchema, minimumIn, type CreateBatchInput } from './schemas';

export interface BatchResult {
  batchId: string;
  payouts: { id: string; affiliateId: string; currency: string; amount: number; commissions: number }[];
}

export async function createPayoutBatch(db: Db, merchantId: string, actor: Actor, raw: CreateBatchInput): Promise<BatchResult> {
  const input = createBatchSchema.parse(raw);
  // One entry per affiliate+currency, in a fixed order so concurrent batches lock rows in the same order (no deadlock).
  const items = [...new Map(input.items.map((i) => [`${i.affiliateId.toLowerCase()}|${i.currency.toUpperCase()}`, i])).keys()]
    .sort()
    .map((k) => {
      const [affiliateId, currency] = k.split('|') as [string, string];
      return { affiliateId, currency };
    });
  if (!items.every((i) => isUuid(i.affiliateId))) throw new AppError('not_found', 'No such affiliate.');
  const minimum = input.minimum ?? (await programMinimum(db, merchantId));
  const thresholds = new Map(items.map((i) => [i.currency, minimumIn(minimum, i.currency)]));

  return db.transaction(async (tx) => {
    const ids = [...new Set(items.map((i) => i.affiliateId))];
    const known = await tx
      .select({ id: affiliates.id, payoutMethod: affiliates.payoutMethod, payoutDetails: affiliates.payoutDetails })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), inArray(affiliates.id, ids)));
    if (known.length !== ids.length) throw new AppError('not_found', 'No such affiliate.');
    // Locked with the batch: a change of details after this does not redirect this batch's money.
    const methodOf = new Map(known.map((a) => [a.id, a.payoutMethod]));
    const detailsOf = new Map(known.map((a) => [a.id, a.payoutDetails]));

    const batchId = randomUUID();
    const created: BatchResult['payouts'] = [];
    for (const item of items) {
      const owed = await tx
        .select({ id: commissions.id, amount: commissions.amount })
        .from(commissions)
        .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
        .where(
          and(
            eq(commissions.merchantId, merchantId),
            eq(commissions.affiliateId, item.affiliateId),
            eq(commissions.currency, item.currency),
            eq(commissions.status, 'approved'),
            isNull(commissions.payoutId),
            // Flagged and not yet reviewed: held until the merchant clears the flags.
            releasedForPayment,
          ),
        )
        .for('update', { of: commissions });
      const amount = owed.reduce((sum, c) => sum + c.amount, 0);
      if (owed.length === 0 || amount <= 0 || amount < thresholds.get(item.currency)!) continue;
      const [payout] = await tx
        .insert(payouts)
        .values({
          merchantId,
          affiliateId: item.affiliateId,
          batchId,
          amount,
          currency: item.currency,
          method: methodOf.get(item.affiliateId) ?? null,
          details: detailsOf.get(item.affiliateId) ?? null,
        })
        .returning({ id: payouts.id });
      const linked = await tx
        .update(commissions)
        .set({ payoutId: payout!.id, updatedAt: sql`now()` })
        .where(
          and(
            eq(commissions.merchantId, merchantId),
            inArray(
              commissions.id,
              owed.map((c) => c.id),
            ),
            eq(commissions.status, 'approved'),
            isNull(commissions.payoutId),
          ),
        )
        .returning({ id: commissions.id });
      if (linked.length !== owed.length) throw new AppError('conflict', 'These commissions changed meanwhile; refresh and try again.');
      created.push({ id: payout!.id, affiliateId: item.affiliateId, currency: item.currency, amount, commissions: owed.length });
    }
    if (created.length === 0)
      throw new AppError('conflict', 'Nothing over the minimum is owed to the selected affiliates any more; refresh the list.');
    await tx.insert(auditLog).values(
      created.map((p) => ({
        merchantId,
        actorUserId: actor.userId,
        action: 'payout.create',
        targetType: 'payout',
        targetId: p.id,
        details: { batchId, affiliateId: p.affiliateId, amount: p.amount, currency: p.currency, commissions: p.commissions },
        ip: actor.ip,
      })),
    );
    return { batchId, payouts: created };
  });
}
