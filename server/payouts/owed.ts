// What is owed: per affiliate and currency, the approved commissions not yet in a
// payout (negative adjustments from refunds of paid commissions included), less those
// whose conversion's fraud flags wait for review.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { affiliates, commissions, conversions, merchants } from '@/db/schema';
import { toMajorString } from '../money';
import { releasedForPayment } from '../fraud/hold';
import { minimumIn, owedSchema } from './schemas';
import type { z } from 'zod';

export interface OwedRow {
  affiliateId: string;
  refId: string;
  name: string;
  email: string;
  status: string;
  payoutMethod: 'paypal' | 'bank_transfer' | null;
  payoutDetails: Record<string, string> | null;
  currency: string;
  amount: number;
  commissions: number;
}

/** Every affiliate's unpaid approved balance per currency, whatever its size. */
export async function owedBalances(db: Db | Tx, merchantId: string): Promise<OwedRow[]> {
  const rows = await db
    .select({
      affiliateId: commissions.affiliateId,
      currency: commissions.currency,
      amount: sql<string>`sum(${commissions.amount})`,
      commissions: sql<number>`count(*)::int`,
      refId: affiliates.refId,
      name: affiliates.name,
      email: affiliates.email,
      status: affiliates.status,
      payoutMethod: affiliates.payoutMethod,
      payoutDetails: affiliates.payoutDetails,
    })
    .from(commissions)
    .innerJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .where(
      and(eq(commissions.merchantId, merchantId), eq(commissions.status, 'approved'), isNull(commissions.payoutId), releasedForPayment),
    )
    .groupBy(commissions.affiliateId, commissions.currency, affiliates.merchantId, affiliates.id)
    .orderBy(asc(affiliates.name), asc(commissions.currency));
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** How many approved, unpaid commissions wait for the merchant's review of their fraud flags. */
export async function heldForReview(db: Db | Tx, merchantId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(commissions)
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.status, 'approved'),
        isNull(commissions.payoutId),
        sql`not ${releasedForPayment}`,
      ),
    );
  return Number(row?.n ?? 0);
}

/** The balances at or over the minimum (in each currency), how many are below it, and how many commissions are held for review. */
export async function owedOverMinimum(db: Db, merchantId: string, raw: z.input<typeof owedSchema> = {}) {
  const minimum = owedSchema.parse(raw).minimum ?? (await programMinimum(db, merchantId));
  const [all, held] = await Promise.all([owedBalances(db, merchantId), heldForReview(db, merchantId)]);
  const rows = all.filter((r) => r.amount > 0 && r.amount >= minimumIn(minimum, r.currency));
  return { minimum, rows, below: all.length - rows.length, held };
}

/** The program's minimum payout (Settings › Payouts) in major units of its default currency, e.g. "50.00". */
export async function programMinimum(db: Db | Tx, merchantId: string): Promise<string> {
  const [m] = await db.select({ minimum: merchants.payoutMinimum, currency: merchants.defaultCurrency }).from(merchants).where(eq(merchants.id, merchantId));
  return m ? toMajorString(m.minimum, m.currency) : '0';
}
