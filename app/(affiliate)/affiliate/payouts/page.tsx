import type { Metadata } from 'next';
import { PayoutDetailsForm } from '@/components/affiliate/payout-details-form';
import { MoneyList } from '@/components/money';
import { StatusBadge } from '@/components/status-badge';
import { Card, Stat } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { payoutMethodLabel } from '@/server/payouts/details';
import { PAYOUT_METHOD_LABELS, describePayoutSchedule } from '@/server/settings/schemas';
import { formatMoney } from '@/server/money';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Payouts' };

export default async function PayoutsPage() {
  const { history, balance, details, program } = await (await affiliateApi()).affiliate.payouts();
  const cur = balance.approved[0]?.currency ?? balance.pending[0]?.currency ?? 'USD';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Payouts</h1>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
        <Stat label="Approved, to be paid" value={<MoneyList items={balance.approved} fallbackCurrency={cur} />} sub="in your next payout" />
        <Stat label="Pending approval" value={<MoneyList items={balance.pending} fallbackCurrency={cur} />} sub="waiting for the merchant's review" />
      </div>
      <Card title="When you are paid">
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="payout-policy">
          <dt className="text-slate-500">Minimum payout</dt>
          <dd>{formatMoney(program.minimumMinor, program.currency)} (smaller balances wait for a later payout)</dd>
          <dt className="text-slate-500">Schedule</dt>
          <dd>{describePayoutSchedule(program.schedule, program.day)}</dd>
          <dt className="text-slate-500">Methods offered</dt>
          <dd>{program.methods.map((m) => PAYOUT_METHOD_LABELS[m]).join(', ')}</dd>
        </dl>
      </Card>
      <Card title="Payout history">
        <DataTable
          label="Payout history"
          testId="payout-history"
          rows={history}
          rowKey={(p) => p.id}
          empty="No payouts yet."
          columns={[
            { key: 'date', header: 'Date', className: 'whitespace-nowrap', cell: (p) => (p.paidAt ?? p.createdAt).toISOString().slice(0, 10) },
            { key: 'method', header: 'Method', cell: (p) => (p.method ? payoutMethodLabel(p.method) : '—') },
            { key: 'amount', header: 'Amount', align: 'right', cell: (p) => formatMoney(p.amount, p.currency) },
            { key: 'status', header: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
          ]}
        />
      </Card>
      <Card title="How you are paid">
        <PayoutDetailsForm method={details?.payoutMethod ?? null} details={details?.payoutDetails ?? null} offered={program.methods} />
      </Card>
    </div>
  );
}
