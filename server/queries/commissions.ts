// Read models about commissions. Tenant first; the affiliate's own view never
// includes the customer's personal data.
import { and, desc, eq, gte, ilike, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, commissions, conversions, type CommissionStatus } from '@/db/schema';
import type { CommissionFilter } from '../commissions/schemas';
import { awaitingReview } from '../fraud/hold';
import { escapeLike, isUuid } from './affiliates';

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
  /** A test conversion's commission (declined from the start, never payable). */
  test: conversions.test,
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
        // The merchant's tests are not the affiliate's business.
        eq(conversions.test, false),
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
        eq(conversions.test, false),
        eq(commissions.id, commissionId),
      ),
    );
  return row;
}

/** The merchant's commissions with their conversion and affiliate, newest first, keyset-paginated. */
export function listMerchantCommissions(
  db: Db,
  merchantId: string,
  opts: CommissionFilter & { affiliateId?: string; limit?: number; cursor?: MerchantCursor } = {},
) {
  return db
    .select({
      ...affiliateColumns,
      /** created_at to the microsecond: a Date would lose the microseconds the keyset needs. */
      cursorTs: sql<string>`to_char(${commissions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      kind: commissions.kind,
      payoutId: commissions.payoutId,
      method: conversions.method,
      flags: conversions.flags,
      /** Flagged and not reviewed yet: held out of auto-approval and payouts. */
      awaitingReview,
      reviewedAt: conversions.reviewedAt,
      conversionId: conversions.id,
      affiliateId: commissions.affiliateId,
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
        opts.affiliate ? and(eq(affiliates.merchantId, merchantId), eq(affiliates.refId, opts.affiliate)) : undefined,
        opts.method ? eq(conversions.method, opts.method) : undefined,
        opts.order ? ilike(conversions.orderId, `%${escapeLike(opts.order)}%`) : undefined,
        opts.from ? gte(commissions.createdAt, startOfDay(opts.from)) : undefined,
        opts.to ? lt(commissions.createdAt, new Date(startOfDay(opts.to).getTime() + 86_400_000)) : undefined,
        opts.cursor
          ? or(
              sql`${commissions.createdAt} < ${opts.cursor.ts}::timestamptz`,
              and(sql`${commissions.createdAt} = ${opts.cursor.ts}::timestamptz`, lt(commissions.id, opts.cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(commissions.createdAt), desc(commissions.id))
    .limit(opts.limit ?? 50);
}

/** Keyset position: created_at as text with microseconds, and the id. */
export interface MerchantCursor {
  ts: string;
  id: string;
}

export type MerchantCommissionRow = Awaited<ReturnType<typeof listMerchantCommissions>>[number];

function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function encodeCommissionCursor(c: { cursorTs: string; id: string }): string {
  return `${c.cursorTs}_${c.id}`;
}

export function decodeCommissionCursor(s: string | undefined): MerchantCursor | undefined {
  const m = s ? /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)_([0-9a-f-]{36})$/i.exec(s) : null;
  if (!m || !isUuid(m[2]!) || Number.isNaN(Date.parse(m[1]!))) return undefined;
  return { ts: m[1]!, id: m[2]!.toLowerCase() };
}

/** One page of the merchant's filtered commissions and the cursor of the next page. */
export async function pageMerchantCommissions(
  db: Db,
  merchantId: string,
  filter: CommissionFilter,
  opts: { cursor?: string; limit?: number } = {},
) {
  const limit = opts.limit ?? 50;
  const rows = await listMerchantCommissions(db, merchantId, { ...filter, cursor: decodeCommissionCursor(opts.cursor), limit: limit + 1 });
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { rows: rows.slice(0, limit), next: last ? encodeCommissionCursor(last) : undefined };
}

/** Every commission the filter matches, page by page (for the CSV export: memory stays flat). */
export async function* eachMerchantCommission(db: Db, merchantId: string, filter: CommissionFilter, pageSize = 1000) {
  let cursor: MerchantCursor | undefined;
  for (;;) {
    const rows = await listMerchantCommissions(db, merchantId, { ...filter, cursor, limit: pageSize });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { ts: last.cursorTs, id: last.id };
  }
}
