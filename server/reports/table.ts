// The Reports table as cells: one list of columns, used by the page (DataTable) and by the
// CSV export, so the file holds exactly the rows and columns the page shows.
import { reportGroupLabels } from '@/db/enums';
import type { ReportGroupBy } from '@/db/schema';
import { currencyExponent, toMajorString } from '../money';
import { toCsv } from '../csv';
import type { ReportRow } from './index';
import type { ReportView } from './view';

export interface ReportColumn {
  key: string;
  header: string;
  /** The cell as text (money in major units, the rate in percent). */
  text: (r: ReportRow, prev: ReportRow | undefined) => string;
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const money = (minor: number, currency: string) => toMajorString(minor, currency);
/** EPC is a fraction of a minor unit: shown in major units to two more places. */
const epc = (minorPerClick: number, currency: string) => (minorPerClick / 10 ** (currencyExponent(currency) ?? 2)).toFixed((currencyExponent(currency) ?? 2) + 2);

export function reportColumns(groupBy: ReportGroupBy, compare: boolean): ReportColumn[] {
  const cols: ReportColumn[] = [{ key: 'key', header: reportGroupLabels[groupBy], text: (r) => r.label }];
  if (groupBy === 'affiliate' || groupBy === 'campaign' || groupBy === 'banner') cols.push({ key: 'id', header: 'Id', text: (r) => r.key });
  cols.push(
    { key: 'clicks', header: 'Clicks', text: (r) => int(r.clicks) },
    { key: 'uniqueClicks', header: 'Unique clicks', text: (r) => int(r.uniqueClicks) },
    { key: 'impressions', header: 'Impressions', text: (r) => (r.impressions === null ? '' : int(r.impressions)) },
    { key: 'conversions', header: 'Conversions', text: (r) => int(r.conversions) },
    { key: 'conversionRate', header: 'Conversion rate', text: (r) => pct(r.conversionRate) },
    { key: 'revenue', header: 'Revenue', text: (r) => money(r.revenue, r.currency) },
    { key: 'refunds', header: 'Refunds', text: (r) => money(r.refunds, r.currency) },
    { key: 'commissions', header: 'Commissions', text: (r) => money(r.commissions, r.currency) },
    { key: 'epc', header: 'EPC', text: (r) => epc(r.epc, r.currency) },
  );
  if (compare)
    cols.push(
      { key: 'prevClicks', header: 'Clicks (previous period)', text: (_r, p) => int(p?.clicks ?? 0) },
      { key: 'prevConversions', header: 'Conversions (previous period)', text: (_r, p) => int(p?.conversions ?? 0) },
      { key: 'prevRevenue', header: 'Revenue (previous period)', text: (r, p) => money(p?.revenue ?? 0, r.currency) },
    );
  return cols;
}

/** The report as CSV: the page's columns (numbers without thousands separators), its rows in its order. */
export function reportCsv(view: ReportView, groupBy: ReportGroupBy): string {
  const cols = reportColumns(groupBy, view.previous !== null);
  const plain = (s: string) => (/^[\d,]+$/.test(s) ? s.replace(/,/g, '') : s);
  return toCsv(
    [...cols.map((c) => c.header), 'Currency'],
    view.report.data.map((r) => [...cols.map((c) => (c.key === 'key' || c.key === 'id' ? c.text(r, view.previous?.byKey[r.key]) : plain(c.text(r, view.previous?.byKey[r.key])))), r.currency]),
  );
}
