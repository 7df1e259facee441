// Transactions › Tracking log: every /t/sale, /t/refund and webhook delivery, what it
// brought, each attribution method tried and why it matched or not, and the outcome.
import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { methodLabel } from '@/components/attribution-methods';
import { CreditForm } from '@/components/merchant/tracking-log/credit-form';
import { Pager } from '@/components/ui/data-table';
import { formatMoney } from '@/server/money';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Tracking log' };

type Search = { before?: string; order?: string; visitor?: string; affiliate?: string };

const OUTCOME_TONE: Record<string, string> = {
  attributed: 'bg-emerald-50 text-emerald-800',
  unattributed: 'bg-amber-50 text-amber-800',
  duplicate: 'bg-slate-100 text-slate-600',
  refunded: 'bg-sky-50 text-sky-800',
  ignored: 'bg-slate-100 text-slate-600',
  rejected: 'bg-red-50 text-red-700',
  error: 'bg-red-50 text-red-700',
};

export default async function TrackingLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const before = sp.before?.slice(0, 64);
  const filters = {
    order: sp.order?.trim().slice(0, 255) || undefined,
    visitor: sp.visitor?.trim().slice(0, 255) || undefined,
    affiliate: sp.affiliate?.trim().slice(0, 255) || undefined,
  };
  const caller = await merchantApi();
  const [{ rows, next, retentionDays }, affiliates] = await Promise.all([
    caller.trackingLog.list({ cursor: before, orderId: filters.order, visitorId: filters.visitor, affiliate: filters.affiliate }),
    caller.trackingLog.affiliates(),
  ]);
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...extra } as Record<string, string>).toString();
  const searching = Object.values(filters).some(Boolean);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Tracking log</h1>
        <p className="text-sm text-slate-500">
          Every sale, refund and webhook delivery of the last {retentionDays} days, and why it was or was not credited (
          <Link href="/merchant/settings#tracking-log" className="text-brand-600 hover:underline">
            change
          </Link>
          ).
        </p>
      </div>
      <form className="flex flex-wrap items-end gap-2 text-sm" role="search">
        <input name="order" defaultValue={filters.order} placeholder="Order id" aria-label="Order id" className="w-44 rounded-md border border-slate-300 px-2 py-1.5" />
        <input name="visitor" defaultValue={filters.visitor} placeholder="Visitor id" aria-label="Visitor id" className="w-72 rounded-md border border-slate-300 px-2 py-1.5 font-mono" />
        <input name="affiliate" defaultValue={filters.affiliate} placeholder="Affiliate referral id" aria-label="Affiliate" className="w-44 rounded-md border border-slate-300 px-2 py-1.5" />
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Search</button>
        {searching ? (
          <Link href="/merchant/tracking-log" className="px-2 py-1.5 text-slate-500 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>

      <ol className="space-y-3" data-testid="tracking-log">
        {rows.length === 0 ? (
          <li className="rounded-lg border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">
            {searching ? 'Nothing matches this search.' : 'Nothing tracked yet. Sales, refunds and webhook deliveries appear here as they arrive.'}
          </li>
        ) : (
          rows.map((e) => (
            <li key={e.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="tracking-log-entry" data-outcome={e.outcome}>
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${OUTCOME_TONE[e.outcome] ?? 'bg-slate-100'}`}>{e.outcome}</span>
                <span className="font-medium">
                  {e.kind === 'webhook' ? `Webhook${e.eventType ? ` ${e.eventType}` : ''}` : e.kind === 'action' ? `Action ${e.actionCode ?? ''}` : e.kind === 'refund' ? 'Refund' : 'Sale'}
                </span>
                {e.orderId ? <span className="font-mono text-xs">order {e.orderId}</span> : null}
                {e.amount != null && e.currency ? <span>{formatMoney(e.amount, e.currency)}</span> : null}
                <span className="text-xs text-slate-500">via {e.source}</span>
                <span className="ml-auto whitespace-nowrap text-xs text-slate-500">{e.createdAt.toISOString().slice(0, 19).replace('T', ' ')} UTC</span>
              </div>

              <dl className="mt-2 grid gap-x-4 gap-y-0.5 text-xs text-slate-600 sm:grid-cols-[max-content_1fr]">
                <dt className="text-slate-500">Visitor id</dt>
                <dd className="break-all font-mono">{e.visitorId ?? '—'}</dd>
                <dt className="text-slate-500">Coupon</dt>
                <dd>{e.coupon ?? '—'}</dd>
                <dt className="text-slate-500">Customer</dt>
                <dd className="break-all">{[e.customerId, e.customerEmail].filter(Boolean).join(' · ') || '—'}</dd>
                {e.affiliateRefId ? (
                  <>
                    <dt className="text-slate-500">Credited to</dt>
                    <dd>
                      {e.affiliateRefId} ({methodLabel(e.method)})
                    </dd>
                  </>
                ) : null}
                {e.message ? (
                  <>
                    <dt className="text-slate-500">Note</dt>
                    <dd>{e.message}</dd>
                  </>
                ) : null}
              </dl>

              {e.steps.length ? (
                <div className="mt-3">
                  <p className="text-xs font-medium text-slate-500">Why: the attribution methods tried, in order</p>
                  <ol className="mt-1 space-y-0.5 text-xs" data-testid="trace">
                    {e.steps.map((s, i) => (
                      <li key={i} className="flex gap-2" data-method={s.method} data-result={s.result}>
                        <span className={s.result === 'match' ? 'text-emerald-700' : 'text-slate-500'} aria-label={s.result === 'match' ? 'matched' : 'no match'}>
                          {s.result === 'match' ? '✓' : '✗'}
                        </span>
                        <span className="w-36 shrink-0 font-medium">{methodLabel(s.method)}</span>
                        <span className="text-slate-700">{s.reason}</span>
                      </li>
                    ))}
                  </ol>
                </div>
              ) : null}

              {e.conversion ? (
                <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-2 text-xs">
                  <span>
                    Conversion now:{' '}
                    {e.conversion.status === 'attributed' ? (
                      <strong>
                        credited to {e.conversion.affiliate ?? 'an affiliate'} ({methodLabel(e.conversion.method)})
                      </strong>
                    ) : (
                      <strong>unattributed</strong>
                    )}
                  </span>
                  {e.conversion.orderId ? (
                    <Link href={`/merchant/commissions?${new URLSearchParams({ order: e.conversion.orderId })}`} className="text-brand-600 hover:underline">
                      Its commissions →
                    </Link>
                  ) : null}
                  {/* Rendered for every conversion so that its confirmation outlives the refresh that ends the credit. */}
                  <CreditForm conversionId={e.conversion.id} creditable={e.creditable} affiliates={affiliates} />
                  {e.conversion.status === 'unattributed' && e.conversion.source === 'test' ? (
                    <span className="text-slate-500">A test conversion: it cannot be credited.</span>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))
        )}
      </ol>

      <Pager
        label="Older and newer entries"
        prevText="← Newest"
        nextText="Older →"
        prev={before ? `/merchant/tracking-log?${query({})}` : undefined}
        next={next ? `/merchant/tracking-log?${query({ before: next })}` : undefined}
      />
    </div>
  );
}
