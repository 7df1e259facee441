// Reports (PLATFORM-API.md §2, GET /api/v1/reports): clicks, unique clicks, conversions,
// revenue and commissions per affiliate, campaign, banner, channel, sub-id (data1…data5)
// or day, for whole UTC days. Clicks come from the daily rollups the click writer keeps in
// the same statement as the clicks (click_daily_stats by affiliate, click_daily_dims by
// the other dimensions), so a report costs a few rows per day however many clicks there
// were. Conversions are the ones the dashboards count (attributed, never a test) in the
// report's currency; commissions are those of such conversions paid in that currency,
// declined ones left out. Banner, channel and sub-ids of a conversion are its click's
// (a sub-id the sale itself carried counts when the click had none).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { campaigns, merchants, type ReportGroupBy } from '@/db/schema';

export interface ReportRequest {
  groupBy: ReportGroupBy;
  /** First and last UTC day, both included, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Default: the default campaign's currency (else the account's). */
  currency?: string;
}

export interface ReportRow {
  key: string;
  clicks: number;
  uniqueClicks: number;
  conversions: number;
  revenue: number;
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

export async function buildReport(db: Db, merchantId: string, req: ReportRequest): Promise<Report> {
  const currency = req.currency ?? (await reportCurrency(db, merchantId));
  const start = sql`${req.from}::date`;
  const end = sql`${req.to}::date`;
  const startTs = sql`(${req.from}::date)::timestamp at time zone 'UTC'`;
  const endTs = sql`((${req.to}::date) + 1)::timestamp at time zone 'UTC'`;

  const clickRows = rowsOf<{ key: string; clicks: number; unique: number }>(await db.execute(clickQuery(merchantId, req.groupBy, start, end)));

  const key = conversionKey(req.groupBy);
  const counted = sql`c.merchant_id = ${merchantId} and c.status = 'attributed' and not c.test and c.created_at >= ${startTs} and c.created_at < ${endTs}`;
  const joins = sql`left join affiliates a on a.id = c.affiliate_id
    left join clicks k on ${needsClick(req.groupBy) ? sql`k.merchant_id = c.merchant_id and k.id = c.click_id` : sql`false`}`;
  const convRows = rowsOf<{ key: string; n: number; revenue: string }>(
    await db.execute(sql`
      select key, count(*)::int as n, coalesce(sum(total - refunded), 0)::text as revenue
      from (select ${key} as key, c.total, c.refunded from conversions c ${joins} where ${counted} and c.currency = ${currency}) x
      where key is not null group by key`),
  );
  const commRows = rowsOf<{ key: string; amount: string }>(
    await db.execute(sql`
      select key, coalesce(sum(amount), 0)::text as amount
      from (select ${key} as key, m.amount from conversions c ${joins}
            join commissions m on m.merchant_id = c.merchant_id and m.conversion_id = c.id
            where ${counted} and m.currency = ${currency} and m.status <> 'declined') x
      where key is not null group by key`),
  );

  const rows = new Map<string, ReportRow>();
  const row = (k: string) => {
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { key: k, clicks: 0, uniqueClicks: 0, conversions: 0, revenue: 0, commissions: 0, currency, conversionRate: 0, epc: 0 }));
    return r;
  };
  for (const c of clickRows) Object.assign(row(c.key), { clicks: Number(c.clicks), uniqueClicks: Number(c.unique) });
  for (const c of convRows) Object.assign(row(c.key), { conversions: Number(c.n), revenue: Number(c.revenue) });
  for (const c of commRows) row(c.key).commissions = Number(c.amount);
  for (const r of rows.values()) {
    r.conversionRate = r.uniqueClicks > 0 ? round(r.conversions / r.uniqueClicks, 6) : 0;
    r.epc = r.clicks > 0 ? round(r.commissions / r.clicks, 2) : 0;
  }
  const data = [...rows.values()].sort(
    req.groupBy === 'day' ? (a, b) => a.key.localeCompare(b.key) : (a, b) => b.revenue - a.revenue || b.clicks - a.clicks || a.key.localeCompare(b.key),
  );
  return { groupBy: req.groupBy, from: req.from, to: req.to, currency, data };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The clicks of the period by the report's key, from the rollups. */
function clickQuery(merchantId: string, groupBy: ReportGroupBy, start: SQL, end: SQL): SQL {
  if (groupBy === 'affiliate')
    return sql`select a.ref_id as key, sum(s.clicks)::int as clicks, sum(s.unique_clicks)::int as "unique"
      from click_daily_stats s join affiliates a on a.id = s.affiliate_id
      where s.merchant_id = ${merchantId} and s.day >= ${start} and s.day <= ${end} group by a.ref_id`;
  if (groupBy === 'day')
    return sql`select to_char(s.day, 'YYYY-MM-DD') as key, sum(s.clicks)::int as clicks, sum(s.unique_clicks)::int as "unique"
      from click_daily_stats s where s.merchant_id = ${merchantId} and s.day >= ${start} and s.day <= ${end} group by s.day`;
  return sql`select s.value as key, sum(s.clicks)::int as clicks, sum(s.unique_clicks)::int as "unique"
    from click_daily_dims s where s.merchant_id = ${merchantId} and s.dim = ${groupBy} and s.day >= ${start} and s.day <= ${end} group by s.value`;
}

const needsClick = (g: ReportGroupBy) => g === 'banner' || g === 'channel' || g.startsWith('data');

/** A conversion's value of the report's key (`c` the conversion, `k` its click, `a` its affiliate). */
function conversionKey(g: ReportGroupBy): SQL {
  switch (g) {
    case 'affiliate':
      return sql`a.ref_id`;
    case 'campaign':
      return sql`c.campaign_id`;
    case 'day':
      return sql`to_char((c.created_at at time zone 'UTC')::date, 'YYYY-MM-DD')`;
    case 'banner':
      return sql`k.banner_id`;
    case 'channel':
      return sql`k.channel`;
    default:
      return sql`coalesce(k.${sql.identifier(g)}, c.${sql.identifier(g)})`;
  }
}

async function reportCurrency(db: Db, merchantId: string): Promise<string> {
  const [c] = await db
    .select({ currency: campaigns.currency })
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.isDefault, true)));
  if (c) return c.currency;
  const [m] = await db.select({ currency: merchants.defaultCurrency }).from(merchants).where(eq(merchants.id, merchantId));
  return m?.currency ?? 'USD';
}
