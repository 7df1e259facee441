// Marks a batch, or one payout of it, as paid: the payouts get status `paid` and
// `paid_at`, their commissions move to `paid`. Marking twice changes nothing more.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { auditLog, commissions, payouts } from '@/db/schema';
import type { Actor } from '../commissions/review';
import { AppError } from '../errors';
import { notifyPayoutsPaid } from '../mail/notify';
import { isUuid } from '../queries/affiliates';
import { markPaidSchema, type MarkPaidInput } from './schemas';
import { emitCommissionEvents, emitPayoutsPaid } from '../outgoing-webhooks/emit';

export async function markPaid(db: Db, merchantId: string, actor: Actor, raw: MarkPaidInput) {
  const input = markPaidSchema.parse(raw);
  const id = 'batchId' in input ? input.batchId : input.payoutId;
  const what = 'batchId' in input ? 'batch' : 'payout';
  if (!isUuid(id)) throw new AppError('not_found', `No such ${what}.`);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: payouts.id, status: payouts.status, batchId: payouts.batchId })
      .from(payouts)
      .where(and(eq(payouts.merchantId, merchantId), 'batchId' in input ? eq(payouts.batchId, id) : eq(payouts.id, id)))
      .for('update');
    if (rows.length === 0) throw new AppError('not_found', `No such ${what}.`);
    const pending = rows.filter((r) => r.status === 'pending').map((r) => r.id);
    if (pending.length === 0) return { payouts: 0, commissions: 0 };
    await tx
      .update(payouts)
      .set({ status: 'paid', paidAt: sql`now()` })
      .where(and(eq(payouts.merchantId, merchantId), inArray(payouts.id, pending)));
    const paid = await tx
      .update(commissions)
      .set({ status: 'paid', updatedAt: sql`now()` })
      .where(and(eq(commissions.merchantId, merchantId), inArray(commissions.payoutId, pending), eq(commissions.status, 'approved')))
      .returning({ id: commissions.id });
    await tx.insert(auditLog).values(
      pending.map((p) => ({
        merchantId,
        actorUserId: actor.userId,
        action: 'payout.paid',
        targetType: 'payout',
        targetId: p,
        details: { batchId: rows[0]!.batchId },
        ip: actor.ip,
      })),
    );
    // Each affiliate hears of its payout with this change.
    await notifyPayoutsPaid(tx, merchantId, pending);
    await emitCommissionEvents(tx, merchantId, 'commission.paid', paid.map((c) => c.id));
    await emitPayoutsPaid(tx, merchantId, pending);
    return { payouts: pending.length, commissions: paid.length };
  });
}
