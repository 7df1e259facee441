// The Reports pages' query string (also their CSV export's, so the file is exactly what the
// page shows): grouping, range, filters, sort and the charted measure. Shared by both
// panels; an affiliate's panel allows fewer groupings and no affiliate filter.
import { z } from 'zod';
import { affiliateReportGroupBys, reportGroupBys, reportMetrics } from '@/db/enums';
import { calendarDay } from '../input';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * DAY).toISOString().slice(0, 10);

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

const base = {
  from: opt(calendarDay),
  to: opt(calendarDay),
  campaign: opt(z.string().trim().max(64)),
  sort: opt(z.enum(['key', ...reportMetrics])),
  dir: opt(z.enum(['asc', 'desc'])),
  metric: opt(z.enum(reportMetrics)),
};

function withRange<T extends { from?: string; to?: string }>(q: T, ctx: z.RefinementCtx) {
  const to = q.to ?? today();
  const from = q.from ?? daysBefore(to, 29);
  if (from > to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date is before the start date.' });
  if ((Date.parse(to) - Date.parse(from)) / DAY > 3660) ctx.addIssue({ code: 'custom', path: ['to'], message: 'At most ten years at once.' });
  return { ...q, from, to };
}

export const merchantReportParams = z
  .object({ ...base, groupBy: opt(z.enum(reportGroupBys)), affiliate: opt(z.string().trim().max(64)) })
  .transform((q, ctx) => withRange({ ...q, groupBy: q.groupBy ?? 'day', metric: q.metric ?? 'clicks' }, ctx));
export type MerchantReportParams = z.output<typeof merchantReportParams>;

export const affiliateReportParams = z
  .object({ ...base, groupBy: opt(z.enum(affiliateReportGroupBys)) })
  .transform((q, ctx) => withRange({ ...q, groupBy: q.groupBy ?? 'day', metric: q.metric ?? 'clicks' }, ctx));
export type AffiliateReportParams = z.output<typeof affiliateReportParams>;

/** URLSearchParams (or a page's searchParams) as a plain object of strings. */
export function paramsObject(sp: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (sp instanceof URLSearchParams) for (const [k, v] of sp) out[k] = v;
  else for (const [k, v] of Object.entries(sp)) if (typeof v === 'string') out[k] = v;
  return out;
}
