import type { Metadata } from 'next';
import Link from 'next/link';
import { MoneyList } from '@/components/money';
import { CreatePayoutBatch, type OwedView } from '@/components/merchant/create-payout-batch';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { formatMoney } from '@/server/money';
import { payoutDetailsLine, payoutMethodLabel } from '@/server/payouts/details';
import { DEFAULT_MINIMUM, owedSchema } from '@/server/payouts/schemas';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Payouts' };

export default async function PayoutsPage({ searchParams }: { searchParams: Promise<{ minimum?: string | string[] }> }) {
  const sp = await searchParams;
  const rawMinimum = (Array.isArray(sp.minimum) ? sp.minimum[0] : sp.minimum) ?? DEFAULT_MINIMUM;
  const parsed = owedSchema.safeParse({ minimum: rawMinimum });
  const minimum = parsed.success ? parsed.data.minimum : DEFAULT_MINIMUM;
  const api = await merchantApi();
  const [owed, batches, account] = await Promise.all([api.payouts.owed({ minimum }), api.payouts.batches(), api.merchant.account()]);
  const rows: OwedView[] = owed.rows.map((r) => ({
    affiliateId: r.affiliateId,
    currency: r.currency,
    name: r.name,
    refId: r.refId,
    email: r.email,
    status: r.status,
    amount: formatMoney(r.amount, r.currency),
    commissions: r.commissions,
    method: payoutMethodLabel(r.payoutMethod),
    details: payoutDetailsLine(r.payoutMethod, r.payoutDetails),
  }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Payouts</h1>
      <Card title="Owed to affiliates">
        <p className="mb-3 text-sm text-slate-600">
          Approved commissions not yet in a payout, refund adjustments included, per affiliate and currency.
        </p>
        <form className="mb-4 flex flex-wrap items-end gap-2" aria-label="Minimum payout">
          <Field
            label="Minimum payout (in each currency)"
            name="minimum"
            inputMode="decimal"
            defaultValue={rawMinimum}
            error={parsed.success ? undefined : parsed.error.issues[0]?.message}
            hint={parsed.success ? `Balances below ${minimum} wait for the next batch.` : undefined}
            className="w-64"
          />
          <button className="mb-[22px] rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">Apply</button>
        </form>
        {owed.held > 0 ? (
          <p className="mb-3 text-sm text-amber-800" data-testid="held-for-review">
            {owed.held} approved commission{owed.held === 1 ? ' is' : 's are'} held for review (fraud flags) and not included.{' '}
            <a href="/merchant/commissions?status=approved" className="font-medium underline">
              Review under Commissions
            </a>
          </p>
        ) : null}
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">
            Nobody is owed {minimum} or more right now.
            {owed.below > 0
              ? ` ${owed.below} balance${owed.below === 1 ? ' is' : 's are'} below the minimum; lower it to pay ${owed.below === 1 ? 'it' : 'them'}.`
              : ' Approve commissions under Commissions to make them payable.'}
          </p>
        ) : (
          <>
            <WriteGuard><CreatePayoutBatch key={`${minimum}|${rows.map((r) => r.affiliateId + r.currency).join(',')}`} rows={rows} minimum={minimum} /></WriteGuard>
            {owed.below > 0 ? (
              <p className="mt-2 text-xs text-slate-500">
                {owed.below} more balance{owed.below === 1 ? ' is' : 's are'} below the minimum.
              </p>
            ) : null}
          </>
        )}
      </Card>
      <Card title="Payout batches">
        {batches.length === 0 ? (
          <p className="text-sm text-slate-500">No payout batches yet. Select affiliates above and create one; then export it and mark it paid.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="batches">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-2 pr-3">Created (UTC)</th>
                  <th className="py-2 pr-3">Payouts</th>
                  <th className="py-2 pr-3 text-right">Total</th>
                  <th className="py-2 pr-3">Status</th>
                  <th className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {batches.map((b) => (
                  <tr key={b.batchId}>
                    <td className="whitespace-nowrap py-2 pr-3 text-slate-500">{b.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                    <td className="py-2 pr-3">{b.payouts}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      <MoneyList items={b.totals} fallbackCurrency={account.defaultCurrency} />
                    </td>
                    <td className="py-2 pr-3">
                      {b.paid === b.payouts ? 'paid' : b.paid === 0 ? 'pending' : `${b.paid} of ${b.payouts} paid`}
                    </td>
                    <td className="py-2 text-right">
                      <Link href={`/merchant/payouts/${b.batchId}`} className="text-brand-600 hover:underline">
                        Open
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
