import type { Metadata } from 'next';
import { PayoutDetailsForm } from '@/components/affiliate/payout-details-form';
import { MoneyList } from '@/components/money';
import { StatusBadge } from '@/components/status-badge';
import { Card, Stat } from '@/components/ui/card';
import { formatMoney } from '@/server/money';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Payouts' };

export default async function PayoutsPage() {
  const { history, balance, details } = await (await affiliateApi()).affiliate.payouts();
  const cur = balance.approved[0]?.currency ?? balance.pending[0]?.currency ?? 'USD';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Payouts</h1>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
        <Stat label="Approved, to be paid" value={<MoneyList items={balance.approved} fallbackCurrency={cur} />} sub="in your next payout" />
        <Stat label="Pending approval" value={<MoneyList items={balance.pending} fallbackCurrency={cur} />} sub="waiting for the merchant's review" />
      </div>
      <Card title="Payout history">
        {history.length === 0 ? (
          <p className="text-sm text-slate-500">No payouts yet.</p>
        ) : (
          <table className="min-w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2">Date</th>
                <th className="py-2">Method</th>
                <th className="py-2 text-right">Amount</th>
                <th className="py-2">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {history.map((p) => (
                <tr key={p.id}>
                  <td className="py-2">{(p.paidAt ?? p.createdAt).toISOString().slice(0, 10)}</td>
                  <td className="py-2">{p.method === 'bank_transfer' ? 'Bank transfer' : p.method === 'paypal' ? 'PayPal' : (p.method ?? '—')}</td>
                  <td className="py-2 text-right tabular-nums">{formatMoney(p.amount, p.currency)}</td>
                  <td className="py-2"><StatusBadge status={p.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="How you are paid">
        <PayoutDetailsForm method={details?.payoutMethod ?? null} details={details?.payoutDetails ?? null} />
      </Card>
    </div>
  );
}
