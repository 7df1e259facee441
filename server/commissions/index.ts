// The commission engine's public face: compute (pure) and credit (write) commissions.
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { affiliates, commissions, type CommissionStatus } from '@/db/schema';

export { computeCommissions, maxTier, rescale, ruleFor, type CommissionLine } from './compute';

export interface CommissionView {
  affiliate: string;
  tier: number;
  amount: number;
  currency: string;
  status: CommissionStatus;
}

/** A conversion's commissions as the contract shows them, tier order. */
export async function commissionsOf(db: Db | Tx, merchantId: string, conversionId: string): Promise<CommissionView[]> {
  return db
    .select({
      affiliate: affiliates.refId,
      tier: commissions.tier,
      amount: commissions.amount,
      currency: commissions.currency,
      status: commissions.status,
    })
    .from(commissions)
    .innerJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
    .where(and(eq(commissions.merchantId, merchantId), eq(commissions.conversionId, conversionId)))
    .orderBy(asc(commissions.tier), asc(commissions.createdAt));
}
