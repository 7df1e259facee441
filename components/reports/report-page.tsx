// One Reports page for both panels (server component): the filter form (grouping, range,
// affiliate for the merchant, campaign, sort, charted measure), the selection's totals against
// the previous period, the chart, the table (the same columns as the CSV export) and the
// export link with the same query.
import { reportGroupLabels, reportMetrics, type ReportMetric } from '@/db/enums';
import { Card, Stat } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { currencyExponent, formatMoney } from '@/server/money';
import type { ReportRow } from '@/server/reports';
import type { PanelReport } from '@/server/reports/panel';
import { reportColumns } from '@/server/reports/table';
import type { Totals } from '@/server/reports/view';
import { ReportChart } from './report-chart';

export const METRIC_LABELS: Record<ReportMetric, string> = {
  clicks: 'Clicks',
  uniqueClicks: 'Unique clicks',
  impressions: 'Impressions',
  conversions: 'Conversions',
  conversionRate: 'Conversion rate',
  revenue: 'Revenue',
  commissions: 'Commissions',
  epc: 'EPC',
  refunds: 'Refunds',
};

const MONEY = new Set<ReportMetric>(['revenue', 'commissions', 'refunds', 'epc']);

function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? 'no change' : 'new this period';
  const d = ((now - before) / before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)} % vs previous period`;
}

export interface ReportQuery {
  groupBy: string;
  from: string;
  to: string;
  affiliate?: string;
  campaign?: string;
  sort?: string;
  dir?: string;
  metric: ReportMetric;
}

export function ReportPage({
  basePath,
  data,
  query,
  groupBys,
  withAffiliateFilter,
  error,
}: {
  basePath: string;
  data: PanelReport;
  query: ReportQuery;
  groupBys: readonly (keyof typeof reportGroupLabels)[];
  withAffiliateFilter: boolean;
  error?: string;
}) {
  const { report, previous, totals, series } = data;
  const cur = report.currency;
  const exp = currencyExponent(cur) ?? 2;
  const fmt = (m: ReportMetric, t: Totals) => {
    const v = t[m];
    if (v === null) return '—';
    if (m === 'conversionRate') return `${(v * 100).toFixed(2)} %`;
    if (m === 'epc') return formatMoney(Math.round(v), cur);
    if (MONEY.has(m)) return formatMoney(v, cur);
    return v.toLocaleString('en-US');
  };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]).toString();
  const columns = reportColumns(report.groupBy, previous !== null);
  const chartValue = (r: Totals) => {
    const v = r[query.metric] ?? 0;
    return MONEY.has(query.metric) ? v / 10 ** exp : query.metric === 'conversionRate' ? v * 100 : v;
  };
  const select = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';
  const field = 'flex flex-col text-xs text-slate-600';
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold">Reports</h1>
        <p className="text-sm text-slate-600">
          UTC days {report.from} to {report.to}
          {previous ? `, compared with ${previous.from} to ${previous.to}` : ''}. Test sales are never counted; revenue is net of refunds.
        </p>
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {data.unknownAffiliate ? (
        <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          No affiliate with the referral id “{query.affiliate}” in this program.
        </p>
      ) : null}
      <form className="flex flex-wrap items-end gap-3" role="search" aria-label="Report filters" action={basePath}>
        <label className={field}>
          Group by
          <select name="groupBy" defaultValue={report.groupBy} className={select}>
            {groupBys.map((g) => (
              <option key={g} value={g}>
                {reportGroupLabels[g]}
              </option>
            ))}
          </select>
        </label>
        <label className={field}>
          From
          <input type="date" name="from" defaultValue={report.from} className={select} />
        </label>
        <label className={field}>
          To
          <input type="date" name="to" defaultValue={report.to} className={select} />
        </label>
        {withAffiliateFilter ? (
          <label className={field}>
            Affiliate
            <input name="affiliate" defaultValue={query.affiliate} placeholder="Referral id" className={`${select} w-40`} />
          </label>
        ) : null}
        <label className={field}>
          Campaign
          <select name="campaign" defaultValue={query.campaign ?? ''} className={select}>
            <option value="">All campaigns</option>
            {data.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className={field}>
          Sort by
          <select name="sort" defaultValue={query.sort ?? ''} className={select}>
            <option value="">Default</option>
            <option value="key">{reportGroupLabels[report.groupBy as keyof typeof reportGroupLabels]}</option>
            {reportMetrics.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className={field}>
          Order
          <select name="dir" defaultValue={query.dir ?? ''} className={select}>
            <option value="">Default</option>
            <option value="desc">Highest first</option>
            <option value="asc">Lowest first</option>
          </select>
        </label>
        <label className={field}>
          Chart
          <select name="metric" defaultValue={query.metric} className={select}>
            {reportMetrics.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <button className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">Show report</button>
        <a href={`${basePath}/export?${qs}`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50" data-testid="report-export">
          Export CSV
        </a>
      </form>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4" data-testid="report-totals">
        {(['clicks', 'conversions', 'revenue', 'commissions'] as const).map((m) => (
          <Stat key={m} label={METRIC_LABELS[m]} value={fmt(m, totals)} sub={previous ? `${change(totals[m], previous.totals[m])} (${fmt(m, previous.totals)})` : undefined} />
        ))}
      </div>
      <Card title={`${METRIC_LABELS[query.metric]} per ${data.seriesBy}`}>
        <ReportChart points={series.map((p) => ({ period: p.key, value: chartValue(p) }))} label={METRIC_LABELS[query.metric]} />
      </Card>
      <DataTable<ReportRow>
        label={`Report by ${reportGroupLabels[report.groupBy as keyof typeof reportGroupLabels].toLowerCase()}`}
        testId="report-table"
        rows={report.data}
        rowKey={(r) => r.key}
        empty="Nothing in this period for these filters."
        columns={columns.map((c, i) => ({
          key: c.key,
          header: c.header,
          align: i === 0 || c.key === 'id' ? 'left' : 'right',
          priority: c.key === 'id' || c.key.startsWith('prev') || c.key === 'refunds' || c.key === 'impressions' ? 'detail' : i < 2 || c.key === 'revenue' ? 'key' : 'normal',
          className: c.key === 'key' ? 'break-all' : 'tabular-nums whitespace-nowrap',
          cell: (r) => c.text(r, previous?.byKey[r.key]),
        }))}
      />
    </div>
  );
}
