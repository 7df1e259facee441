import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { MoneyList } from '@/components/money';
import { CreatePayoutBatch, type OwedView } from '@/components/merchant/create-payout-batch';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { formatMoney } from '@/server/money';
import { payoutDetailsLine, payoutMethodLabel } from '@/server/payouts/details';
import { payoutSettingsView } from '@/server/settings/payout-settings';
import { describePayoutSchedule } from '@/server/settings/schemas';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Payouts' };

export default async function PayoutsPage() {
  const api = await merchantApi();
  const [owed, batches, { merchant }] = await Promise.all([api.payouts.owed(), api.payouts.batches(), api.settings.get()]);
  const settings = payoutSettingsView(merchant);
  const minimum = formatMoney(settings.minimumMinor, settings.currency);
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
    missingDetails: !r.payoutMethod,
  }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Payouts</h1>
      <Card title="Owed to affiliates">
        <p className="mb-3 text-sm text-slate-600">
          Approved commissions not yet in a payout, refund adjustments included, per affiliate and currency.
        </p>
        <p className="mb-4 text-sm text-slate-600" data-testid="payout-policy">
          Minimum payout <strong>{minimum}</strong> (the same amount in other currencies) · {describePayoutSchedule(settings.schedule, settings.day)} ·{' '}
          <Link href="/merchant/settings#payouts" className="text-brand-700 hover:underline">
            change in Settings
          </Link>
        </p>
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
              ? ` ${owed.below} balance${owed.below === 1 ? ' is' : 's are'} below the minimum; lower it in Settings › Payouts to pay ${owed.below === 1 ? 'it' : 'them'}.`
              : ' Approve commissions under Commissions to make them payable.'}
          </p>
        ) : (
          <>
            <WriteGuard>
              <CreatePayoutBatch key={rows.map((r) => r.affiliateId + r.currency).join(',')} rows={rows} />
            </WriteGuard>
            {owed.below > 0 ? (
              <p className="mt-2 text-xs text-slate-500">
                {owed.below} more balance{owed.below === 1 ? ' is' : 's are'} below the minimum.
              </p>
            ) : null}
          </>
        )}
      </Card>
      <Card title="Payout batches">
        <DataTable
          label="Payout batches"
          testId="batches"
          rows={batches}
          rowKey={(b) => b.batchId}
          empty="No payout batches yet. Select affiliates above and create one; then export it and mark it paid."
          columns={[
            {
              key: 'name',
              header: 'Batch',
              className: 'whitespace-nowrap font-medium',
              cell: (b) => (
                <Link href={`/merchant/payouts/${b.batchId}`} className="text-brand-700 hover:underline">
                  {b.name}
                </Link>
              ),
            },
            { key: 'payouts', header: 'Payouts', align: 'right', cell: (b) => b.payouts },
            { key: 'total', header: 'Total', align: 'right', cell: (b) => <MoneyList items={b.totals} fallbackCurrency={merchant.defaultCurrency} /> },
            {
              key: 'status',
              header: 'Status',
              cell: (b) => (
                <>
                  {b.paid === b.payouts ? 'paid' : b.paid === 0 ? 'pending' : `${b.paid} of ${b.payouts} paid`}
                  {b.missingDetails > 0 && b.paid < b.payouts ? (
                    <span className="block text-xs text-amber-800">
                      {b.missingDetails} without payout details
                    </span>
                  ) : null}
                </>
              ),
            },
          ]}
          actions={(b) => (
            <Link href={`/merchant/payouts/${b.batchId}`} aria-label={`Open batch ${b.name}`} className="rounded px-1 text-sm text-brand-700 hover:underline">
              Open
            </Link>
          )}
        />
      </Card>
    </div>
  );
}
