// The figures on the panels' dashboards, for a period. Tenant first, always.
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { affiliates, commissions, conversions } from '@/db/schema';
import { clickFacts } from './click-counts';

/**
 * The conversions the figures count: attributed, real (tests — the live test, gateways'
 * test orders — are never in them), since the period's start. One condition for the
 * dashboards, the charts and top affiliates.
 */
export function countedConversions(merchantId: string, since: Date, affiliateId?: string) {
  return and(
    eq(conversions.merchantId, merchantId),
    eq(conversions.status, 'attributed'),
    eq(conversions.test, false),
    gte(conversions.createdAt, since),
    affiliateId ? eq(conversions.affiliateId, affiliateId) : undefined,
  );
}

export interface MoneyByCurrency {
  currency: string;
  amount: number;
}

export interface Overview {
  clicks: number;
  uniqueClicks: number;
  conversions: number;
  revenue: MoneyByCurrency[];
  commissions: Record<'pending' | 'approved' | 'paid', MoneyByCurrency[]>;
}

export async function overview(
  db: Db,
  merchantId: string,
  opts: { since: Date; affiliateId?: string },
): Promise<Overview> {
  const byAffiliate = <T extends { affiliateId: unknown }>(table: T) =>
    opts.affiliateId ? eq(table.affiliateId as typeof conversions.affiliateId, opts.affiliateId) : undefined;
  const [clickRow] = rowsOf<{ n: number; unique: number }>(
    await db.execute(
      sql`select coalesce(sum(clicks), 0)::int as n, coalesce(sum(unique_clicks), 0)::int as "unique" from ${clickFacts(merchantId, opts)}`,
    ),
  );
  const conv = await db
    .select({
      currency: conversions.currency,
      n: sql<number>`count(*)::int`,
      revenue: sql<string>`coalesce(sum(${conversions.total} - ${conversions.refunded}), 0)`,
    })
    .from(conversions)
    .where(countedConversions(merchantId, opts.since, opts.affiliateId))
    .groupBy(conversions.currency);
  const comm = await db
    .select({
      status: commissions.status,
      currency: commissions.currency,
      amount: sql<string>`coalesce(sum(${commissions.amount}), 0)`,
    })
    .from(commissions)
    .where(and(eq(commissions.merchantId, merchantId), gte(commissions.createdAt, opts.since), byAffiliate(commissions)))
    .groupBy(commissions.status, commissions.currency);
  const pick = (status: string) =>
    comm.filter((c) => c.status === status).map((c) => ({ currency: c.currency, amount: Number(c.amount) }));
  return {
    clicks: clickRow?.n ?? 0,
    uniqueClicks: clickRow?.unique ?? 0,
    conversions: conv.reduce((a, c) => a + c.n, 0),
    revenue: conv.map((c) => ({ currency: c.currency, amount: Number(c.revenue) })),
    commissions: { pending: pick('pending'), approved: pick('approved'), paid: pick('paid') },
  };
}

/** The affiliates who brought the most referred revenue in the period, with their clicks and conversions. */
export async function topAffiliates(db: Db, merchantId: string, opts: { since: Date; limit?: number }) {
  const rows = await db
    .select({
      affiliateId: conversions.affiliateId,
      refId: affiliates.refId,
      name: affiliates.name,
      currency: conversions.currency,
      conversions: sql<number>`count(*)::int`,
      revenue: sql<string>`sum(${conversions.total} - ${conversions.refunded})`,
    })
    .from(conversions)
    .innerJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
    .where(countedConversions(merchantId, opts.since))
    .groupBy(conversions.affiliateId, affiliates.refId, affiliates.name, conversions.currency)
    .orderBy(desc(sql`sum(${conversions.total} - ${conversions.refunded})`))
    .limit(opts.limit ?? 10);
  const ids = [...new Set(rows.map((r) => r.affiliateId!))];
  const clickCounts = ids.length
    ? rowsOf<{ affiliateId: string; n: number }>(
        await db.execute(
          sql`select affiliate_id as "affiliateId", sum(clicks)::int as n from ${clickFacts(merchantId, opts)}
              where affiliate_id = any(${`{${ids.join(',')}}`}::uuid[]) group by affiliate_id`,
        ),
      )
    : [];
  return rows.map((r) => ({
    ...r,
    revenue: Number(r.revenue),
    clicks: clickCounts.find((c) => c.affiliateId === r.affiliateId)?.n ?? 0,
  }));
}
