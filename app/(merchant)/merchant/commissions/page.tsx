import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { CommissionReviewTable, type ReviewRow } from '@/components/merchant/commission-review-table';
import { attributionMethods, commissionStatuses } from '@/db/schema';
import { commissionFilterSchema, filterToSearch, type CommissionFilter } from '@/server/commissions/schemas';
import { formatMoney } from '@/server/money';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Commissions' };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const inputClass = 'rounded-md border px-2 py-1.5 text-sm';

export default async function MerchantCommissionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const raw = {
    status: first(sp.status),
    affiliate: first(sp.affiliate),
    method: first(sp.method),
    order: first(sp.order),
    from: first(sp.from),
    to: first(sp.to),
  };
  const parsed = commissionFilterSchema.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const filter: CommissionFilter = parsed.success ? parsed.data : {};
  const before = first(sp.before).slice(0, 100) || undefined;
  const { rows, next } = parsed.success ? await (await merchantApi()).reviews.list({ filter, cursor: before }) : { rows: [], next: undefined };
  const query = filterToSearch(filter);
  const filtered = query.size > 0;
  const link = (extra: Record<string, string>) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const s = q.toString();
    return s ? `?${s}` : '';
  };
  const view: ReviewRow[] = rows.map((c) => ({
    id: c.id,
    date: c.createdAt.toISOString().slice(0, 16).replace('T', ' '),
    affiliateName: c.affiliateName,
    affiliateRefId: c.affiliateRefId,
    orderId: c.orderId,
    type: c.actionCode || 'sale',
    orderTotal: c.actionCode ? '—' : formatMoney(c.orderTotal, c.orderCurrency),
    method: c.method,
    tier: c.tier,
    amount: formatMoney(c.amount, c.currency),
    status: c.status,
    kind: c.kind,
    flags: c.flags,
    awaitingReview: c.awaitingReview,
    inPayout: c.payoutId !== null,
    test: c.test,
  }));
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`f-${name}-error`} role="alert" className="text-xs text-red-600">
        {errors[name]}
      </p>
    ) : null;
  const border = (name: string) => (errors[name] ? 'border-red-400' : 'border-slate-300');

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Commissions</h1>
        {parsed.success ? (
          <a href={`/merchant/commissions/export${link({})}`} className="text-sm text-brand-600 hover:underline" download>
            Export CSV{filtered ? ' (filtered)' : ''}
          </a>
        ) : null}
      </div>
      <form className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter commissions">
        <div className="space-y-1 text-xs text-slate-600">
          <label htmlFor="f-status" className="block">
            Status
          </label>
          <select id="f-status" name="status" aria-describedby={errors.status ? 'f-status-error' : undefined} defaultValue={raw.status} className={`${inputClass} ${border('status')}`}>
            <option value="">All</option>
            {commissionStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {fieldError('status')}
        </div>
        <div className="space-y-1 text-xs text-slate-600">
          <label htmlFor="f-affiliate" className="block">
            Affiliate (referral id)
          </label>
          <input id="f-affiliate" name="affiliate" aria-describedby={errors.affiliate ? 'f-affiliate-error' : undefined} defaultValue={raw.affiliate} aria-invalid={errors.affiliate ? true : undefined} className={`${inputClass} w-40 ${border('affiliate')}`} />
          {fieldError('affiliate')}
        </div>
        <div className="space-y-1 text-xs text-slate-600">
          <label htmlFor="f-method" className="block">
            Attribution
          </label>
          <select id="f-method" name="method" aria-describedby={errors.method ? 'f-method-error' : undefined} defaultValue={raw.method} className={`${inputClass} ${border('method')}`}>
            <option value="">Any</option>
            {attributionMethods.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          {fieldError('method')}
        </div>
        <div className="space-y-1 text-xs text-slate-600">
          <label htmlFor="f-order" className="block">
            Order id
          </label>
          <input id="f-order" name="order" aria-describedby={errors.order ? 'f-order-error' : undefined} defaultValue={raw.order} aria-invalid={errors.order ? true : undefined} className={`${inputClass} w-40 ${border('order')}`} />
          {fieldError('order')}
        </div>
        <div className="space-y-1 text-xs text-slate-600">
          <label htmlFor="f-from" className="block">
            From
          </label>
          <input type="date" id="f-from" name="from" aria-describedby={errors.from ? 'f-from-error' : undefined} defaultValue={raw.from} aria-invalid={errors.from ? true : undefined} className={`${inputClass} ${border('from')}`} />
          {fieldError('from')}
        </div>
        <div className="space-y-1 text-xs text-slate-600">
          <label htmlFor="f-to" className="block">
            To
          </label>
          <input type="date" id="f-to" name="to" aria-describedby={errors.to ? 'f-to-error' : undefined} defaultValue={raw.to} aria-invalid={errors.to ? true : undefined} className={`${inputClass} ${border('to')}`} />
          {fieldError('to')}
        </div>
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">Filter</button>
        {filtered || !parsed.success ? (
          <Link href="/merchant/commissions" className="px-1 py-1.5 text-sm text-slate-600 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>
      <WriteGuard><CommissionReviewTable
        rows={view}
        emptyText={
          !parsed.success
            ? 'Fix the filter above to see commissions.'
            : filtered || before
              ? 'No commissions match these filters. Widen the dates or clear the filters.'
              : 'No commissions yet. They appear here as soon as a tracked sale or action is attributed to an affiliate.'
        }
      /></WriteGuard>
      <div className="flex justify-between text-sm">
        {before ? (
          <Link href={`/merchant/commissions${link({})}`} className="text-brand-600 hover:underline">
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link href={`/merchant/commissions${link({ before: next })}`} className="text-brand-600 hover:underline">
            Older →
          </Link>
        ) : null}
      </div>
    </div>
  );
}
