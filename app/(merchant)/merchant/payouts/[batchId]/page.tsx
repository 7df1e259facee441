import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { MarkPaidButton } from '@/components/merchant/mark-paid-button';
import { StatusBadge } from '@/components/status-badge';
import { DataTable } from '@/components/ui/data-table';
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
        <h1 className="text-2xl font-semibold">Payout batch {batch.name}</h1>
        <span className="font-mono text-xs text-slate-500">{batch.batchId}</span>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {pending > 0 ? <WriteGuard><MarkPaidButton target={{ batchId: batch.batchId }} label="Mark batch paid" /></WriteGuard> : <span className="text-emerald-700">Every payout of this batch is paid.</span>}
        <a href={`${base}/export`} download className="text-brand-700 hover:underline">
          Download CSV
        </a>
        {batch.paypalCurrencies.map((c) => (
          <a key={c} href={`${base}/paypal?currency=${c}`} download className="text-brand-700 hover:underline">
            PayPal payouts file ({c})
          </a>
        ))}
      </div>
      {batch.paypalCurrencies.length > 0 ? (
        <p className="text-xs text-slate-500">
          The PayPal file lists the unpaid payouts of affiliates paid by PayPal, one currency per file, in PayPal&apos;s Payouts upload format.
          Pay the others from the CSV, then mark the batch paid.
        </p>
      ) : null}
      {batch.missingDetails > 0 ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="missing-details">
          {batch.missingDetails} unpaid payout{batch.missingDetails === 1 ? ' has' : 's have'} no payout details: ask the affiliate to add how they are paid on their
          Payouts page before you send the money.
        </p>
      ) : null}
      <DataTable
        label="Payouts of this batch"
        testId="payouts"
        rows={batch.payouts}
        rowKey={(p) => p.id}
        empty="This batch has no payouts."
        columns={[
          {
            key: 'affiliate',
            header: 'Affiliate',
            cell: (p) => (
              <>
                <span className="font-medium">{p.name}</span> <span className="font-mono text-xs text-slate-500">{p.refId}</span>
                <span className="block text-xs break-all text-slate-500">{p.email}</span>
              </>
            ),
          },
          {
            key: 'method',
            header: 'Method',
            cell: (p) =>
              (p.method ?? p.payoutMethod) ? (
                <>
                  {payoutMethodLabel(p.method ?? p.payoutMethod)}
                  <span className="block font-mono text-xs break-all text-slate-500">{payoutDetailsLine(p.method ?? p.payoutMethod, p.payoutDetails)}</span>
                </>
              ) : (
                <span className="text-amber-800">No payout details</span>
              ),
          },
          { key: 'commissions', header: 'Commissions', priority: 'detail', align: 'right', cell: (p) => p.commissions },
          { key: 'amount', header: 'Amount', align: 'right', className: 'font-medium', cell: (p) => formatMoney(p.amount, p.currency) },
          { key: 'status', header: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
          { key: 'paid', header: 'Paid (UTC)', priority: 'normal', className: 'whitespace-nowrap text-slate-500', cell: (p) => (p.paidAt ? p.paidAt.toISOString().slice(0, 16).replace('T', ' ') : '—') },
        ]}
        actions={(p) =>
          p.status === 'pending' ? (
            <WriteGuard>
              <MarkPaidButton small target={{ payoutId: p.id }} label="Mark paid" accessibleName={`Mark payout to ${p.name} paid`} />
            </WriteGuard>
          ) : null
        }
      />
    </div>
  );
}
