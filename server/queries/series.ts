// Daily figures for the dashboards' charts: clicks, conversions and commissions per day (UTC).
import { and, eq, gte, ne, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { commissions, conversions } from '@/db/schema';
import { clickFacts } from './click-counts';
import { countedConversions } from './overview';

export interface DayPoint {
  day: string;
  clicks: number;
  conversions: number;
  /** Commissions credited that day, minor units, all currencies added (the chart shows the main one). */
  commissions: number;
}

export async function dailySeries(db: Db, merchantId: string, opts: { since: Date; affiliateId?: string }): Promise<DayPoint[]> {
  const byDay = sql`date_trunc('day', created_at at time zone 'UTC')`;
  const aff = <T extends { affiliateId: unknown }>(t: T) =>
    opts.affiliateId ? eq(t.affiliateId as typeof conversions.affiliateId, opts.affiliateId) : undefined;
  const [c, v, m] = await Promise.all([
    db
      .execute(sql`select to_char(day, 'YYYY-MM-DD') as day, sum(clicks)::int as n from ${clickFacts(merchantId, opts)} group by day`)
      .then((r) => rowsOf<{ day: string; n: number }>(r)),
    db
      .select({ day: sql<string>`to_char(${byDay}, 'YYYY-MM-DD')`, n: sql<number>`count(*)::int` })
      .from(conversions)
      .where(countedConversions(merchantId, opts.since, opts.affiliateId))
      .groupBy(byDay),
    db
      .select({ day: sql<string>`to_char(${byDay}, 'YYYY-MM-DD')`, n: sql<string>`coalesce(sum(${commissions.amount}), 0)` })
      .from(commissions)
      // Earned, not declined: a test's commissions (declined from the start) and declined ones are not earnings.
      .where(and(eq(commissions.merchantId, merchantId), ne(commissions.status, 'declined'), gte(commissions.createdAt, opts.since), aff(commissions)))
      .groupBy(byDay),
  ]);
  const days: DayPoint[] = [];
  const index = new Map<string, DayPoint>();
  for (let d = new Date(Date.UTC(opts.since.getUTCFullYear(), opts.since.getUTCMonth(), opts.since.getUTCDate())); d <= new Date(); d = new Date(d.getTime() + 86_400_000)) {
    const p = { day: d.toISOString().slice(0, 10), clicks: 0, conversions: 0, commissions: 0 };
    days.push(p);
    index.set(p.day, p);
  }
  for (const r of c) if (index.has(r.day)) index.get(r.day)!.clicks = r.n;
  for (const r of v) if (index.has(r.day)) index.get(r.day)!.conversions = r.n;
  for (const r of m) if (index.has(r.day)) index.get(r.day)!.commissions = Number(r.n);
  return days;
}

