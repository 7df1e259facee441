// What a Reports page shows (both panels, and its CSV export): the report's rows, the same
// report for the previous period of equal length (for the comparison), and the chosen
// filters' totals per day/week/month for the chart — all from buildReport, so the page, the
// CSV and the API can never disagree.
import type { Db } from '@/db';
import type { ReportGroupBy } from '@/db/schema';
import type { ReportMetric } from '@/db/enums';
import { buildReport, finish, isPeriod, type Report, type ReportFilters, type ReportRow } from './index';

export interface ReportViewRequest extends ReportFilters {
  groupBy: ReportGroupBy;
  from: string;
  to: string;
  currency?: string;
  sort?: ReportMetric | 'key';
  dir?: 'asc' | 'desc';
  /** Also the previous period (default true). */
  compare?: boolean;
}

export type Totals = Omit<ReportRow, 'key' | 'label'>;

export interface ReportView {
  report: Report;
  /** The previous period of the same length, ending the day before `from`. */
  previous: { from: string; to: string; byKey: Record<string, ReportRow>; totals: Totals } | null;
  /** Totals of the whole selection (every click, not only those with a value of the grouping). */
  totals: Totals;
  /** The selection per period, every period present (zeros where nothing happened). */
  series: ReportRow[];
  seriesBy: 'day' | 'week' | 'month';
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const len = Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
  const prevTo = Date.parse(from) - DAY;
  return { from: iso(prevTo - (len - 1) * DAY), to: iso(prevTo) };
}

/** The chart's period: the grouping's own when it is one, else days up to three months, weeks up to a year, months beyond. */
export function seriesPeriod(groupBy: ReportGroupBy, from: string, to: string): 'day' | 'week' | 'month' {
  if (groupBy === 'day' || groupBy === 'week' || groupBy === 'month') return groupBy;
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1;
  return days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** Every period key between two days, as buildReport writes them. */
function periodKeys(by: 'day' | 'week' | 'month', from: string, to: string): string[] {
  const keys: string[] = [];
  const end = Date.parse(to);
  if (by === 'month') {
    const d = new Date(Date.parse(from));
    for (let y = d.getUTCFullYear(), m = d.getUTCMonth(); Date.UTC(y, m, 1) <= end; m === 11 ? (y++, (m = 0)) : m++)
      keys.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    return keys;
  }
  let t = Date.parse(from);
  if (by === 'week') t -= ((new Date(t).getUTCDay() + 6) % 7) * DAY; // ISO weeks start on Monday (date_trunc)
  for (; t <= end; t += by === 'week' ? 7 * DAY : DAY) keys.push(iso(t));
  return keys;
}

function sum(rows: ReportRow[], currency: string, impressionsKnown: boolean): Totals {
  const t: Totals = {
    clicks: 0, uniqueClicks: 0, impressions: impressionsKnown ? 0 : null, conversions: 0, revenue: 0, refunds: 0,
    commissions: 0, currency, conversionRate: 0, epc: 0,
  };
  for (const r of rows) {
    t.clicks += r.clicks;
    t.uniqueClicks += r.uniqueClicks;
    if (t.impressions !== null) t.impressions += r.impressions ?? 0;
    t.conversions += r.conversions;
    t.revenue += r.revenue;
    t.refunds += r.refunds;
    t.commissions += r.commissions;
  }
  return finish(t);
}

async function seriesOf(db: Db, merchantId: string, req: ReportViewRequest, by: 'day' | 'week' | 'month', from: string, to: string, currency: string) {
  const r = await buildReport(db, merchantId, { ...req, groupBy: by, from, to, currency, sort: undefined });
  const byKey = new Map(r.data.map((x) => [x.key, x]));
  return periodKeys(by, from, to).map(
    (k) =>
      byKey.get(k) ?? {
        key: k, label: k, clicks: 0, uniqueClicks: 0, impressions: 0, conversions: 0, revenue: 0,
        refunds: 0, commissions: 0, currency, conversionRate: 0, epc: 0,
      },
  );
}

export async function buildReportView(db: Db, merchantId: string, req: ReportViewRequest): Promise<ReportView> {
  const report = await buildReport(db, merchantId, req);
  const currency = report.currency;
  const by = seriesPeriod(req.groupBy, req.from, req.to);
  const prev = req.compare === false ? null : previousPeriod(req.from, req.to);
  const [series, prevReport, prevSeries] = await Promise.all([
    isPeriod(req.groupBy) && req.groupBy === by ? Promise.resolve(null) : seriesOf(db, merchantId, req, by, req.from, req.to, currency),
    prev ? buildReport(db, merchantId, { ...req, ...prev, currency }) : Promise.resolve(null),
    prev && !isPeriod(req.groupBy) ? seriesOf(db, merchantId, req, by, prev.from, prev.to, currency) : Promise.resolve(null),
  ]);
  // Grouped by the chart's own period, the report is the series (filled with empty periods).
  const fullSeries =
    series ??
    (() => {
      const byKey = new Map(report.data.map((x) => [x.key, x]));
      return periodKeys(by, req.from, req.to).map(
        (k) =>
          byKey.get(k) ?? {
            key: k, label: k, clicks: 0, uniqueClicks: 0, impressions: 0, conversions: 0, revenue: 0, refunds: 0,
            commissions: 0, currency, conversionRate: 0, epc: 0,
          },
      );
    })();
  const previous =
    prev && prevReport
      ? {
          ...prev,
          byKey: Object.fromEntries(prevReport.data.map((r) => [r.key, r])),
          totals: sum(prevSeries ?? prevReport.data, currency, true),
        }
      : null;
  return { report, previous, totals: sum(fullSeries, currency, true), series: fullSeries, seriesBy: by };
}
