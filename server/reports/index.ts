// Reports — one query layer for GET /api/v1/reports (PLATFORM-API.md §2) and the Reports
// pages of both panels: clicks, unique clicks, impressions (where known), conversions,
// revenue, refunds and commissions per affiliate, campaign, banner, channel, sub-id
// (data1…data5), landing page, referrer domain, country, device, browser, OS or
// day/week/month, for whole UTC days, filtered by affiliate and/or campaign.
//
// Clicks come from click_daily_dims, which the click writer keeps in the same statement as
// the clicks (server/tracking/click-stats.ts), keyed by day, affiliate, campaign and one
// dimension: a report adds up a few rows per day however many clicks there were.
// Impressions come from impression_daily_stats (by affiliate and banner, so only for those
// groupings, campaign and periods). Conversions are the ones the dashboards count
// (attributed, never a test) in the report's currency; revenue is net of refunds, `refunds`
// what was refunded of them; commissions are those of such conversions paid in that
// currency, declined ones left out. A conversion's banner, channel, sub-ids, landing page,
// referrer, country and device are its click's (a sub-id the sale itself carried counts
// when the click had none); it is counted on the day it was made. They come from
// conversion_daily_dims, the same kind of rollup, which triggers on conversions and
// commissions keep in the statement that changes them (migration 0023_conversion_rollup).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { isTransaction, rowsOf, type Db } from '@/db';
import { affiliates, banners, campaigns, merchants, type ReportGroupBy } from '@/db/schema';
import type { ReportMetric } from '@/db/enums';
import { ALL_AFFILIATES } from '../tracking/click-stats';

export interface ReportFilters {
  /** Only this affiliate's traffic and conversions (internal id). */
  affiliateId?: string;
  /** Only this campaign's. */
  campaignId?: string;
  /**
   * Count only the commissions credited to this affiliate (an affiliate's own report: not the
   * tier commissions its conversions earn its parent).
   */
  commissionsOf?: string;
}

export interface ReportRequest extends ReportFilters {
  groupBy: ReportGroupBy;
  /** First and last UTC day, both included, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Default: the default campaign's currency (else the account's). */
  currency?: string;
  sort?: ReportMetric | 'key';
  dir?: 'asc' | 'desc';
}

export interface ReportRow {
  key: string;
  /** What a person reads for the key: the affiliate's, campaign's or banner's name. */
  label: string;
  clicks: number;
  uniqueClicks: number;
  /** Null when the grouping or the filters are not ones impressions are counted by. */
  impressions: number | null;
  conversions: number;
  revenue: number;
  refunds: number;
  commissions: number;
  currency: string;
  conversionRate: number;
  epc: number;
}

export interface Report {
  groupBy: ReportGroupBy;
  from: string;
  to: string;
  currency: string;
  data: ReportRow[];
}

const PERIODS = new Set<ReportGroupBy>(['day', 'week', 'month']);
export const isPeriod = (g: ReportGroupBy) => PERIODS.has(g);

export async function buildReport(db: Db, merchantId: string, req: ReportRequest): Promise<Report> {
  const currency = req.currency ?? (await reportCurrency(db, merchantId));
  const g = req.groupBy;
  if (req.affiliateId === ALL_AFFILIATES) throw new Error('not an affiliate id');
  if (req.commissionsOf && req.commissionsOf !== req.affiliateId) throw new Error('commissionsOf is only counted for the affiliate the report is of');

  const imp = impressionQuery(merchantId, req);
  const [clickRows, impRows, convRows] = await Promise.all([
    rollupQuery<{ key: string; clicks: number; unique: number }>(db, clickQuery(merchantId, req)),
    imp ? rollupQuery<{ key: string; n: number }>(db, imp) : Promise.resolve(null),
    rollupQuery<{ key: string; n: number; revenue: string; refunds: string; amount: string; lines: number }>(db, conversionQuery(merchantId, req, currency)),
  ]);
  const rows = new Map<string, ReportRow>();
  const row = (k: string) => {
    let r = rows.get(k);
    if (!r)
      rows.set(
        k,
        (r = {
          key: k, label: k, clicks: 0, uniqueClicks: 0, impressions: impRows ? 0 : null, conversions: 0,
          revenue: 0, refunds: 0, commissions: 0, currency, conversionRate: 0, epc: 0,
        }),
      );
    return r;
  };
  for (const c of clickRows) Object.assign(row(c.key), { clicks: Number(c.clicks), uniqueClicks: Number(c.unique) });
  for (const c of impRows ?? []) row(c.key).impressions = Number(c.n);
  for (const c of convRows) {
    // A key has conversions in this currency, or commissions paid in it (of conversions in another).
    if (Number(c.n) > 0) Object.assign(row(c.key), { conversions: Number(c.n), revenue: Number(c.revenue), refunds: Number(c.refunds) });
    if (Number(c.lines) > 0) row(c.key).commissions = Number(c.amount);
  }
  for (const r of rows.values()) finish(r);
  const data = [...rows.values()];
  await label(db, merchantId, g, data);
  return { groupBy: g, from: req.from, to: req.to, currency, data: sortRows(data, g, req.sort, req.dir) };
}

/**
 * One of a report's rollup queries, without PostgreSQL's parallel workers. A report page runs
 * several at once (its rows, the previous period, the chart's series), each a scan of some
 * ten thousand rollup rows: parallel workers for each, on top, fight over the same few cores
 * and cost more than they save (bench, 12 months by affiliate on 100,000 conversions, 2 cores:
 * p95 ~600 ms with them, under 200 ms without). SET LOCAL: this query's transaction only.
 */
async function rollupQuery<T>(db: Db, query: SQL): Promise<T[]> {
  if (isTransaction(db)) return rowsOf<T>(await db.execute(query));
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return rowsOf<T>(await tx.execute(query));
  });
}

/** Conversion rate (conversions ÷ unique clicks) and EPC (commissions ÷ clicks, minor units). */
export function finish<R extends Pick<ReportRow, 'conversions' | 'uniqueClicks' | 'commissions' | 'clicks' | 'conversionRate' | 'epc'>>(r: R): R {
  r.conversionRate = r.uniqueClicks > 0 ? round(r.conversions / r.uniqueClicks, 6) : 0;
  r.epc = r.clicks > 0 ? round(r.commissions / r.clicks, 2) : 0;
  return r;
}

/** Periods in time order; otherwise by revenue, then clicks (the API's order), unless a sort is asked for. */
export function sortRows(data: ReportRow[], g: ReportGroupBy, sort?: ReportMetric | 'key', dir?: 'asc' | 'desc'): ReportRow[] {
  if (!sort) {
    return data.sort(
      isPeriod(g) ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.revenue - a.revenue || b.clicks - a.clicks || a.key.localeCompare(b.key),
    );
  }
  const sign = (dir ?? (sort === 'key' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
  return data.sort((a, b) => {
    const d = sort === 'key' ? a.label.localeCompare(b.label) : (a[sort] ?? -1) - (b[sort] ?? -1);
    return d * sign || a.key.localeCompare(b.key);
  });
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A rollup day as the key of a period grouping. */
function periodKey(g: ReportGroupBy, day: SQL): SQL {
  if (g === 'week') return sql`to_char(date_trunc('week', ${day}), 'YYYY-MM-DD')`;
  if (g === 'month') return sql`to_char(${day}, 'YYYY-MM')`;
  return sql`to_char(${day}, 'YYYY-MM-DD')`;
}

/** The clicks of the period by the report's key, from the rollup. */
function clickQuery(merchantId: string, req: ReportRequest): SQL {
  const g = req.groupBy;
  const dim = g === 'affiliate' || g === 'campaign' || isPeriod(g) ? 'total' : g;
  const key = g === 'affiliate' ? sql`a.ref_id` : g === 'campaign' ? sql`s.campaign_id` : isPeriod(g) ? periodKey(g, sql`s.day`) : sql`s.value`;
  return sql`select ${key} as key, sum(s.clicks)::int as clicks, sum(s.unique_clicks)::int as "unique"
    from click_daily_dims s ${g === 'affiliate' ? sql`join affiliates a on a.id = s.affiliate_id` : sql``}
    where s.merchant_id = ${merchantId} and s.dim = ${dim} and s.day >= ${req.from}::date and s.day <= ${req.to}::date
      ${
        // One affiliate's rows; by affiliate every affiliate's own; otherwise the all-affiliates rows.
        req.affiliateId
          ? sql`and s.affiliate_id = ${req.affiliateId}`
          : g === 'affiliate'
            ? sql`and s.affiliate_id <> ${ALL_AFFILIATES}`
            : sql`and s.affiliate_id = ${ALL_AFFILIATES}`
      }
      ${req.campaignId ? sql`and s.campaign_id = ${req.campaignId}` : sql``}
    group by 1`;
}

/** Impressions by the report's key, when the grouping is one they are counted by (affiliate, banner, its campaign, period). */
function impressionQuery(merchantId: string, req: ReportRequest): SQL | null {
  const g = req.groupBy;
  if (!(g === 'affiliate' || g === 'banner' || g === 'campaign' || isPeriod(g))) return null;
  const key =
    g === 'affiliate' ? sql`a.ref_id` : g === 'banner' ? sql`nullif(i.banner_id, '')` : g === 'campaign' ? sql`b.campaign_id` : periodKey(g, sql`i.day`);
  return sql`select key, sum(n)::int as n from (
      select ${key} as key, i.impressions as n
      from impression_daily_stats i
      left join banners b on b.merchant_id = i.merchant_id and b.id = i.banner_id
      ${g === 'affiliate' ? sql`join affiliates a on a.id = i.affiliate_id` : sql``}
      where i.merchant_id = ${merchantId} and i.day >= ${req.from}::date and i.day <= ${req.to}::date
        ${req.affiliateId ? sql`and i.affiliate_id = ${req.affiliateId}` : sql``}
        ${req.campaignId ? sql`and b.campaign_id = ${req.campaignId}` : sql``}
    ) x where key is not null group by key`;
}

/**
 * Conversions, revenue, refunds and commissions by the report's key, from the conversion
 * rollup (its rows of the grouping's dimension, for all affiliates, every affiliate or the
 * one filtered by, as for clicks).
 */
function conversionQuery(merchantId: string, req: ReportRequest, currency: string): SQL {
  const g = req.groupBy;
  const dim = g === 'affiliate' || g === 'campaign' || isPeriod(g) ? 'total' : g;
  const key = g === 'affiliate' ? sql`a.ref_id` : g === 'campaign' ? sql`r.campaign_id` : isPeriod(g) ? periodKey(g, sql`r.day`) : sql`r.value`;
  const amount = req.commissionsOf ? sql`r.own_commissions` : sql`r.commissions`;
  return sql`select ${key} as key, sum(r.conversions)::int as n, sum(r.revenue)::text as revenue, sum(r.refunds)::text as refunds,
      sum(${amount})::text as amount, sum(r.commission_lines)::int as lines
    from conversion_daily_dims r ${g === 'affiliate' ? sql`join affiliates a on a.id = r.affiliate_id` : sql``}
    where r.merchant_id = ${merchantId} and r.dim = ${dim} and r.day >= ${req.from}::date and r.day <= ${req.to}::date
      and r.currency = ${currency}
      ${
        req.affiliateId
          ? sql`and r.affiliate_id = ${req.affiliateId}`
          : g === 'affiliate'
            ? sql`and r.affiliate_id <> ${ALL_AFFILIATES}`
            : sql`and r.affiliate_id = ${ALL_AFFILIATES}`
      }
      ${req.campaignId ? sql`and r.campaign_id = ${req.campaignId}` : sql``}
    group by 1`;
}

/** Names for affiliate, campaign and banner keys (in this account only). */
async function label(db: Db, merchantId: string, g: ReportGroupBy, data: ReportRow[]): Promise<void> {
  const keys = data.map((r) => r.key);
  if (keys.length === 0) return;
  let names: { key: string; name: string }[] = [];
  if (g === 'affiliate')
    names = await db
      .select({ key: affiliates.refId, name: affiliates.name })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), inArray(affiliates.refId, keys)));
  else if (g === 'campaign')
    names = await db
      .select({ key: campaigns.id, name: campaigns.name })
      .from(campaigns)
      .where(and(eq(campaigns.merchantId, merchantId), inArray(campaigns.id, keys)));
  else if (g === 'banner')
    names = await db.select({ key: banners.id, name: banners.name }).from(banners).where(and(eq(banners.merchantId, merchantId), inArray(banners.id, keys)));
  const byKey = new Map(names.map((n) => [n.key, n.name]));
  for (const r of data) r.label = byKey.get(r.key) ?? r.key;
}

export async function reportCurrency(db: Db, merchantId: string): Promise<string> {
  const [c] = await db
    .select({ currency: campaigns.currency })
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.isDefault, true)));
  if (c) return c.currency;
  const [m] = await db.select({ currency: merchants.defaultCurrency }).from(merchants).where(eq(merchants.id, merchantId));
  return m?.currency ?? 'USD';
}
