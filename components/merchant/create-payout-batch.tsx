'use client';
// What is owed, with a checkbox per affiliate and currency, and "Create payout batch".
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { StatusBadge } from '@/components/status-badge';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { createBatchSchema } from '@/server/payouts/schemas';

export interface OwedView {
  affiliateId: string;
  currency: string;
  name: string;
  refId: string;
  email: string;
  status: string;
  amount: string;
  commissions: number;
  method: string;
  details: string;
  /** The affiliate has not said how to be paid. */
  missingDetails: boolean;
}

const keyOf = (r: { affiliateId: string; currency: string }) => `${r.affiliateId}|${r.currency}`;

export function CreatePayoutBatch({ rows }: { rows: OwedView[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.payouts.createBatch.mutationOptions());
  const [selected, setSelected] = useState<Set<string>>(() => new Set(rows.map(keyOf)));
  const [error, setError] = useState<string>();
  const chosen = rows.filter((r) => selected.has(keyOf(r)));
  const all = rows.length > 0 && chosen.length === rows.length;
  const missing = chosen.filter((r) => r.missingDetails);

  async function submit() {
    setError(undefined);
    const parsed = createBatchSchema.safeParse({ items: chosen.map((r) => ({ affiliateId: r.affiliateId, currency: r.currency })) });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    try {
      const batch = await create.mutateAsync(parsed.data);
      router.push(`/merchant/payouts/${batch.batchId}`);
    } catch (err) {
      const { fields, message } = errorsOf(err);
      setError(message ?? Object.values(fields)[0] ?? 'Could not create the batch.');
      router.refresh();
    }
  }

  const toggle = (k: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });

  return (
    <div className="space-y-3">
      <label className="flex items-center gap-1.5 text-sm text-slate-700">
        <input type="checkbox" checked={all} disabled={rows.length === 0} onChange={() => setSelected(all ? new Set() : new Set(rows.map(keyOf)))} />
        Select all affiliates
      </label>
      <DataTable
        label="Owed to affiliates"
        testId="owed"
        rows={rows}
        rowKey={keyOf}
        empty="Nobody is owed anything right now."
        columns={[
          {
            key: 'select',
            header: 'Select',
            headerHidden: true,
            cell: (r) => <input type="checkbox" aria-label={`Pay ${r.name} (${r.refId}) in ${r.currency}`} checked={selected.has(keyOf(r))} onChange={() => toggle(keyOf(r))} />,
          },
          {
            key: 'affiliate',
            header: 'Affiliate',
            cell: (r) => (
              <>
                <span className="font-medium">{r.name}</span> <span className="font-mono text-xs text-slate-500">{r.refId}</span>
                <span className="block text-xs break-all text-slate-500">{r.email}</span>
              </>
            ),
          },
          { key: 'status', header: 'Status', priority: 'normal', cell: (r) => <StatusBadge status={r.status} /> },
          {
            key: 'method',
            header: 'Payout method',
            cell: (r) =>
              r.missingDetails ? (
                <span className="text-amber-800" data-missing-details="">
                  No payout details yet
                </span>
              ) : (
                <>
                  {r.method}
                  {r.details ? <span className="block font-mono text-xs break-all text-slate-500">{r.details}</span> : null}
                </>
              ),
          },
          { key: 'commissions', header: 'Commissions', priority: 'detail', align: 'right', cell: (r) => r.commissions },
          { key: 'owed', header: 'Owed', align: 'right', className: 'font-medium', cell: (r) => r.amount },
        ]}
      />
      {missing.length > 0 ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="missing-details">
          {missing.length === 1 ? `${missing[0]!.name} has` : `${missing.length} selected affiliates have`} no payout details: you can create the batch, but ask{' '}
          {missing.length === 1 ? 'them' : 'each'} to add how they are paid (their Payouts page) before you pay it.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" onClick={submit} disabled={create.isPending}>
          {create.isPending ? 'Creating…' : `Create payout batch (${chosen.length})`}
        </Button>
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
