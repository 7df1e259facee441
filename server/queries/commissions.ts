// Read models about commissions. Tenant first; the affiliate's own view never
// includes the customer's personal data.
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, commissions, conversions, type CommissionStatus } from '@/db/schema';
import { isUuid } from './affiliates';

const affiliateColumns = {
  id: commissions.id,
  tier: commissions.tier,
  amount: commissions.amount,
  currency: commissions.currency,
  status: commissions.status,
  createdAt: commissions.createdAt,
  orderId: conversions.orderId,
  actionCode: conversions.actionCode,
  orderTotal: conversions.total,
  orderCurrency: conversions.currency,
};

export interface Cursor {
  createdAt: Date;
  id: string;
}

/** One affiliate's own commissions, newest first, keyset-paginated. */
export function listAffiliateCommissions(
  db: Db,
  merchantId: string,
  affiliateId: string,
  opts: { status?: CommissionStatus; limit?: number; cursor?: Cursor } = {},
) {
  return db
    .select(affiliateColumns)
    .from(commissions)
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.affiliateId, affiliateId),
        opts.status ? eq(commissions.status, opts.status) : undefined,
        opts.cursor
          ? or(
              lt(commissions.createdAt, opts.cursor.createdAt),
              and(eq(commissions.createdAt, opts.cursor.createdAt), lt(commissions.id, opts.cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(commissions.createdAt), desc(commissions.id))
    .limit(opts.limit ?? 50);
}

export async function getAffiliateCommission(db: Db, merchantId: string, affiliateId: string, commissionId: string) {
  if (!isUuid(commissionId)) return undefined;
  const [row] = await db
    .select(affiliateColumns)
    .from(commissions)
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.affiliateId, affiliateId),
        eq(commissions.id, commissionId),
      ),
    );
  return row;
}

/** The merchant's commissions with their conversion and affiliate, newest first, keyset-paginated. */
export function listMerchantCommissions(
  db: Db,
  merchantId: string,
  opts: { status?: CommissionStatus; affiliateId?: string; limit?: number; cursor?: Cursor } = {},
) {
  return db
    .select({
      ...affiliateColumns,
      method: conversions.method,
      conversionId: conversions.id,
      affiliateRefId: affiliates.refId,
      affiliateName: affiliates.name,
    })
    .from(commissions)
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .innerJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        opts.status ? eq(commissions.status, opts.status) : undefined,
        opts.affiliateId ? eq(commissions.affiliateId, opts.affiliateId) : undefined,
        opts.cursor
          ? or(
              lt(commissions.createdAt, opts.cursor.createdAt),
              and(eq(commissions.createdAt, opts.cursor.createdAt), lt(commissions.id, opts.cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(commissions.createdAt), desc(commissions.id))
    .limit(opts.limit ?? 50);
}
