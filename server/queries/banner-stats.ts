// Banner figures for the merchant's and the affiliate's banners pages: impressions (raw and
// unique per visitor and day, from the daily rollup) and clicks over the last days, with the
// click-through rate. Tenant id first; an affiliate sees only its own.
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { clicks, impressionDailyStats } from '@/db/schema';

export const BANNER_STATS_DAYS = 30;

export interface BannerStats {
  impressions: number;
  uniqueImpressions: number;
  clicks: number;
  /** clicks / impressions, as a fraction; null without impressions. */
  ctr: number | null;
}

export async function bannerStats(db: Db, merchantId: string, bannerIds: string[], affiliateId?: string): Promise<Record<string, BannerStats>> {
  if (bannerIds.length === 0) return {};
  const since = new Date(Date.now() - BANNER_STATS_DAYS * 86_400_000);
  const sinceDay = since.toISOString().slice(0, 10);
  const [imps, clickRows] = await Promise.all([
    db
      .select({
        bannerId: impressionDailyStats.bannerId,
        impressions: sql<number>`sum(${impressionDailyStats.impressions})::int`,
        unique: sql<number>`sum(${impressionDailyStats.uniqueImpressions})::int`,
      })
      .from(impressionDailyStats)
      .where(
        and(
          eq(impressionDailyStats.merchantId, merchantId),
          inArray(impressionDailyStats.bannerId, bannerIds),
          gte(impressionDailyStats.day, sinceDay),
          affiliateId ? eq(impressionDailyStats.affiliateId, affiliateId) : undefined,
        ),
      )
      .groupBy(impressionDailyStats.bannerId),
    db
      .select({ bannerId: clicks.bannerId, n: sql<number>`count(*)::int` })
      .from(clicks)
      .where(
        and(
          eq(clicks.merchantId, merchantId),
          gte(clicks.createdAt, since),
          inArray(clicks.bannerId, bannerIds),
          affiliateId ? eq(clicks.affiliateId, affiliateId) : undefined,
          // Hand-off copies are the same click again, not a new one.
          sql`${clicks.flag} is distinct from 'handoff'`,
        ),
      )
      .groupBy(clicks.bannerId),
  ]);
  const out: Record<string, BannerStats> = {};
  for (const id of bannerIds) out[id] = { impressions: 0, uniqueImpressions: 0, clicks: 0, ctr: null };
  for (const r of imps) Object.assign(out[r.bannerId]!, { impressions: Number(r.impressions), uniqueImpressions: Number(r.unique) });
  for (const r of clickRows) if (r.bannerId) out[r.bannerId]!.clicks = Number(r.n);
  for (const s of Object.values(out)) s.ctr = s.impressions > 0 ? s.clicks / s.impressions : null;
  return out;
}

/** A click-through rate as people read it: `2.5 %`, or `—` without impressions. */
export function formatCtr(ctr: number | null): string {
  return ctr === null ? '—' : `${(ctr * 100).toFixed(ctr < 0.1 ? 2 : 1)} %`;
}
