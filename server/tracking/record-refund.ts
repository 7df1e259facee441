// Records a refund of an order (TRACKING-API.md §4): refunds add up on the
// conversion, capped at its total; commissions shrink in proportion to what is
// left, and are declined when nothing is. A paid commission stays paid and gets a
// negative adjustment for the next payout. Idempotent on the refund id.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { commissions, conversions, refunds } from '@/db/schema';
import { commissionsOf } from '../commissions';
import { AppError } from '../errors';
import { parseAmount, prorate } from '../money';
import { emitRefundCreated } from '../outgoing-webhooks/emit';

export interface RefundRequest {
  merchantId: string;
  orderId: string;
  actionCode?: string;
  /** Major units of this refund; absent = the whole remaining total. */
  amount?: unknown;
  /** …or minor units already (webhooks). */
  amountMinor?: number;
  /** A provider's running total refunded so far, minor units (Stripe's amount_refunded). */
  refundedTotalMinor?: number;
  refundId?: string;
}

export interface RefundResult {
  orderId: string;
  conversionId: string;
  refunded: number;
  currency: string;
  changed: boolean;
  commissions: { affiliate: string; tier: number; amount: number; currency: string; status: string }[];
}

export async function recordRefund(db: Db, req: RefundRequest): Promise<RefundResult> {
  return db.transaction(async (tx) => {
    // Lock the conversion: concurrent refunds of one order apply one after the other.
    const [conv] = await tx
      .select()
      .from(conversions)
      .where(
        and(
          eq(conversions.merchantId, req.merchantId),
          eq(conversions.orderId, req.orderId),
          eq(conversions.actionCode, req.actionCode ?? ''),
        ),
      )
      .for('update');
    if (!conv) throw new AppError('unknown_order', `No order "${req.orderId}" in this account.`);

    const remainingBefore = conv.total - conv.refunded;
    let amount: number;
    if (req.refundedTotalMinor !== undefined) amount = Math.max(0, Math.min(conv.total, req.refundedTotalMinor) - conv.refunded);
    else if (req.amountMinor !== undefined) amount = req.amountMinor;
    else if (req.amount !== undefined) amount = parseAmount(req.amount, conv.currency, 'amount');
    else amount = remainingBefore;
    amount = Math.min(amount, remainingBefore);

    let refundRow: string | undefined;
    if (req.refundId) {
      const seen = await tx
        .insert(refunds)
        .values({ merchantId: req.merchantId, conversionId: conv.id, refundId: req.refundId, amount })
        .onConflictDoNothing()
        .returning({ id: refunds.id });
      if (seen.length === 0) return result(tx, conv.id, conv.refunded, false);
      refundRow = seen[0]!.id;
    }
    // Which commissions this refund declines, kept on its row: undoing it restores exactly those.
    const noteDeclined = async (declined: { id: string; from: string }[]) => {
      if (refundRow && declined.length) await tx.update(refunds).set({ declined }).where(eq(refunds.id, refundRow));
    };
    if (conv.total === 0) {
      // An action without a value (a sign-up): refunding it declines its commissions. Repeating it changes nothing.
      await noteDeclined(await adjustCommissions(tx, req.merchantId, conv.id, 0, 0));
      return result(tx, conv.id, 0, true);
    }
    if (remainingBefore <= 0 || amount <= 0) return result(tx, conv.id, conv.refunded, false);
    if (!req.refundId)
      refundRow = (await tx.insert(refunds).values({ merchantId: req.merchantId, conversionId: conv.id, amount }).returning({ id: refunds.id }))[0]!.id;
    const refunded = conv.refunded + amount;
    await tx.update(conversions).set({ refunded }).where(eq(conversions.id, conv.id));
    await noteDeclined(await adjustCommissions(tx, req.merchantId, conv.id, conv.total, conv.total - refunded));
    return result(tx, conv.id, refunded, true);

    async function result(t: Tx, conversionId: string, refunded: number, didChange: boolean): Promise<RefundResult> {
      const rows = await commissionsOf(t, req.merchantId, conversionId);
      const answer = { orderId: req.orderId, conversionId, refunded, currency: conv!.currency, changed: didChange, commissions: rows };
      if (didChange)
        await emitRefundCreated(t, req.merchantId, {
          orderId: answer.orderId,
          conversionId,
          refundId: req.refundId ?? null,
          amount: refunded - conv!.refunded,
          refunded,
          currency: answer.currency,
          commissions: rows,
        });
      return answer;
    }
  });
}

/**
 * Undoes a refund the provider took back (Paddle rejected it): the refund is removed,
 * the order's refunded total and its commissions are what they were without it, and a
 * commission that refund had declined is pending again. Paid commissions get a positive
 * adjustment for what the refund's negative one took. `changed` is false when no such
 * refund was applied (it was never approved): nothing to undo.
 */
export async function reverseRefund(
  db: Db,
  req: { merchantId: string; orderId: string; actionCode?: string; refundId: string },
): Promise<RefundResult> {
  return db.transaction(async (tx) => {
    const [conv] = await tx
      .select()
      .from(conversions)
      .where(
        and(eq(conversions.merchantId, req.merchantId), eq(conversions.orderId, req.orderId), eq(conversions.actionCode, req.actionCode ?? '')),
      )
      .for('update');
    if (!conv) throw new AppError('unknown_order', `No order "${req.orderId}" in this account.`);
    const [removed] = await tx
      .delete(refunds)
      .where(and(eq(refunds.merchantId, req.merchantId), eq(refunds.conversionId, conv.id), eq(refunds.refundId, req.refundId)))
      .returning();
    const view = async (refunded: number, changed: boolean): Promise<RefundResult> => ({
      orderId: req.orderId,
      conversionId: conv.id,
      refunded,
      currency: conv.currency,
      changed,
      commissions: await commissionsOf(tx, req.merchantId, conv.id),
    });
    if (!removed) return view(conv.refunded, false);
    const refunded = Math.max(0, conv.refunded - removed.amount);
    await tx.update(conversions).set({ refunded }).where(eq(conversions.id, conv.id));
    await adjustCommissions(tx, req.merchantId, conv.id, conv.total, conv.total - refunded, {
      restore: new Map(removed.declined.map((d) => [d.id, d.from])),
    });
    return view(refunded, true);
  });
}

async function adjustCommissions(
  tx: Tx,
  merchantId: string,
  conversionId: string,
  total: number,
  remaining: number,
  /** Reversing a refund: the commissions it declined, back to the status they had. */
  opts: { restore?: Map<string, string> } = {},
): Promise<{ id: string; from: string }[]> {
  // Locked: a payout batch taking them waits for this, or has taken them and is seen here.
  const rows = await tx
    .select()
    .from(commissions)
    .where(and(eq(commissions.merchantId, merchantId), eq(commissions.conversionId, conversionId)))
    .orderBy(asc(commissions.createdAt))
    .for('update');
  const declined: { id: string; from: string }[] = [];
  const adjustments = rows.filter((r) => r.kind === 'adjustment');
  for (const c of rows.filter((r) => r.kind === 'commission')) {
    const due = remaining <= 0 ? 0 : prorate(c.originalAmount, remaining, total);
    if (c.status === 'paid' || c.payoutId) {
      // Paid out, or already in a payout batch: that amount stands; what is due now minus it comes off the next payout.
      const adjusted = adjustments
        .filter((a) => a.affiliateId === c.affiliateId && a.tier === c.tier)
        .reduce((sum, a) => sum + a.amount, 0);
      const delta = due - (c.amount + adjusted);
      if (delta !== 0)
        await tx.insert(commissions).values({
          merchantId,
          conversionId,
          affiliateId: c.affiliateId,
          tier: c.tier,
          amount: delta,
          originalAmount: delta,
          currency: c.currency,
          status: 'approved',
          kind: 'adjustment',
        });
    } else if (c.status !== 'declined') {
      if (remaining <= 0) declined.push({ id: c.id, from: c.status });
      await tx
        .update(commissions)
        .set(remaining <= 0 ? { status: 'declined', updatedAt: sql`now()` } : { amount: due, updatedAt: sql`now()` })
        .where(eq(commissions.id, c.id));
    } else if (opts.restore?.has(c.id) && remaining > 0) {
      const from = opts.restore.get(c.id) === 'approved' ? 'approved' : 'pending';
      await tx.update(commissions).set({ status: from, amount: due, updatedAt: sql`now()` }).where(eq(commissions.id, c.id));
    }
  }
  return declined;
}
