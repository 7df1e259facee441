'use client';
// What is owed, with a checkbox per affiliate and currency, and "Create payout batch".
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { StatusBadge } from '@/components/status-badge';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
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
}

const keyOf = (r: { affiliateId: string; currency: string }) => `${r.affiliateId}|${r.currency}`;

export function CreatePayoutBatch({ rows, minimum }: { rows: OwedView[]; minimum: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.payouts.createBatch.mutationOptions());
  const [selected, setSelected] = useState<Set<string>>(() => new Set(rows.map(keyOf)));
  const [error, setError] = useState<string>();
  const chosen = rows.filter((r) => selected.has(keyOf(r)));
  const all = rows.length > 0 && chosen.length === rows.length;

  async function submit() {
    setError(undefined);
    const parsed = createBatchSchema.safeParse({ minimum, items: chosen.map((r) => ({ affiliateId: r.affiliateId, currency: r.currency })) });
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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="owed">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">
                <input type="checkbox" aria-label="Select all affiliates" checked={all} disabled={rows.length === 0} onChange={() => setSelected(all ? new Set() : new Set(rows.map(keyOf)))} />
              </th>
              <th className="px-3 py-2">Affiliate</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Payout method</th>
              <th className="px-3 py-2 text-right">Commissions</th>
              <th className="px-3 py-2 text-right">Owed</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={keyOf(r)}>
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Pay ${r.name} (${r.refId}) in ${r.currency}`} checked={selected.has(keyOf(r))} onChange={() => toggle(keyOf(r))} />
                </td>
                <td className="px-3 py-2">
                  <span className="font-medium">{r.name}</span> <span className="font-mono text-xs text-slate-500">{r.refId}</span>
                  <span className="block text-xs text-slate-500">{r.email}</span>
                </td>
                <td className="px-3 py-2">
                  <StatusBadge status={r.status} />
                </td>
                <td className="px-3 py-2">
                  {r.method}
                  {r.details ? <span className="block font-mono text-xs text-slate-500">{r.details}</span> : null}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{r.commissions}</td>
                <td className="px-3 py-2 text-right font-medium tabular-nums">{r.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
