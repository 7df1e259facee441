import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { MarkPaidButton } from '@/components/merchant/mark-paid-button';
import { StatusBadge } from '@/components/status-badge';
import { formatMoney } from '@/server/money';
import { payoutDetailsLine, payoutMethodLabel } from '@/server/payouts/details';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Payout batch' };

export default async function PayoutBatchPage({ params }: { params: Promise<{ batchId: string }> }) {
  const { batchId } = await params;
  const api = await merchantApi();
  const batch = await api.payouts.batch({ batchId: batchId.slice(0, 64) }).catch((err) => {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  });
  const pending = batch.payouts.filter((p) => p.status === 'pending').length;
  const base = `/merchant/payouts/${batch.batchId}`;
  return (
    <div className="space-y-4">
      <Link href="/merchant/payouts" className="text-sm text-brand-600 hover:underline">
        ← Payouts
      </Link>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Payout batch</h1>
        <span className="font-mono text-xs text-slate-500">{batch.batchId}</span>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {pending > 0 ? <WriteGuard><MarkPaidButton target={{ batchId: batch.batchId }} label="Mark batch paid" /></WriteGuard> : <span className="text-emerald-700">Every payout of this batch is paid.</span>}
        <a href={`${base}/export`} download className="text-brand-600 hover:underline">
          Download CSV
        </a>
        {batch.paypalCurrencies.map((c) => (
          <a key={c} href={`${base}/paypal?currency=${c}`} download className="text-brand-600 hover:underline">
            PayPal payouts file ({c})
          </a>
        ))}
      </div>
      <p className="text-xs text-slate-500">
        The PayPal file lists the unpaid payouts of affiliates paid by PayPal, one currency per file, in PayPal&apos;s Payouts upload format.
        Pay the others from the CSV, then mark the batch paid.
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="payouts">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Affiliate</th>
              <th className="px-3 py-2">Method</th>
              <th className="px-3 py-2 text-right">Commissions</th>
              <th className="px-3 py-2 text-right">Amount</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Paid (UTC)</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {batch.payouts.map((p) => (
              <tr key={p.id}>
                <td className="px-3 py-2">
                  <span className="font-medium">{p.name}</span> <span className="font-mono text-xs text-slate-500">{p.refId}</span>
                  <span className="block text-xs text-slate-500">{p.email}</span>
                </td>
                <td className="px-3 py-2">
                  {payoutMethodLabel(p.method ?? p.payoutMethod)}
                  <span className="block font-mono text-xs text-slate-500">{payoutDetailsLine(p.method ?? p.payoutMethod, p.payoutDetails)}</span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{p.commissions}</td>
                <td className="px-3 py-2 text-right font-medium tabular-nums">{formatMoney(p.amount, p.currency)}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={p.status} />
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-500">{p.paidAt ? p.paidAt.toISOString().slice(0, 16).replace('T', ' ') : '—'}</td>
                <td className="px-3 py-2 text-right">
                  {p.status === 'pending' ? <WriteGuard><MarkPaidButton small target={{ payoutId: p.id }} label="Mark paid" accessibleName={`Mark payout to ${p.name} paid`} /></WriteGuard> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
