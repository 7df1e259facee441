'use client';
// The commissions list with row selection and approve / decline, one or in bulk.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { StatusBadge } from '@/components/status-badge';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { reviewSchema } from '@/server/commissions/review-schema';

export interface ReviewRow {
  id: string;
  date: string;
  affiliateName: string;
  affiliateRefId: string;
  orderId: string | null;
  type: string;
  orderTotal: string;
  method: string | null;
  tier: number;
  amount: string;
  status: string;
  kind: 'commission' | 'adjustment';
  flags: string[];
  inPayout: boolean;
}

const canApprove = (r: ReviewRow) => r.status === 'pending';
const canDecline = (r: ReviewRow) => (r.status === 'pending' || r.status === 'approved') && !r.inPayout;

export function CommissionReviewTable({ rows, emptyText }: { rows: ReviewRow[]; emptyText: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const approve = useMutation(trpc.reviews.approve.mutationOptions());
  const decline = useMutation(trpc.reviews.decline.mutationOptions());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>();
  const busy = approve.isPending || decline.isPending;
  const visible = rows.map((r) => r.id);
  const chosen = visible.filter((id) => selected.has(id));
  const allChosen = visible.length > 0 && chosen.length === visible.length;

  async function run(action: 'approve' | 'decline', ids: string[]) {
    setMessage(undefined);
    const parsed = reviewSchema.safeParse({ ids });
    if (!parsed.success) {
      setMessage({ tone: 'error', text: parsed.error.issues[0]?.message ?? 'Select commissions first.' });
      return;
    }
    try {
      const res = await (action === 'approve' ? approve : decline).mutateAsync(parsed.data);
      const verb = action === 'approve' ? 'Approved' : 'Declined';
      setMessage({
        tone: 'ok',
        text: `${verb} ${res.changed} commission${res.changed === 1 ? '' : 's'}${res.skipped ? `; ${res.skipped} left unchanged (paid, in a payout, or already ${action === 'approve' ? 'approved or declined' : 'declined'})` : ''}.`,
      });
      setSelected(new Set());
      router.refresh();
    } catch (err) {
      setMessage({ tone: 'error', text: errorsOf(err).message ?? 'Could not change the commissions.' });
    }
  }

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">{chosen.length} selected</span>
        <button
          type="button"
          disabled={busy || chosen.length === 0}
          onClick={() => run('approve', chosen)}
          className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50 disabled:opacity-50"
        >
          Approve selected
        </button>
        <button
          type="button"
          disabled={busy || chosen.length === 0}
          onClick={() => run('decline', chosen)}
          className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50 disabled:opacity-50"
        >
          Decline selected
        </button>
        {message ? (
          <span role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-red-600' : 'text-emerald-700'}>
            {message.text}
          </span>
        ) : null}
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="commissions">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={allChosen}
                  disabled={visible.length === 0}
                  onChange={() => setSelected(allChosen ? new Set() : new Set(visible))}
                />
              </th>
              <th className="px-3 py-2">Date (UTC)</th>
              <th className="px-3 py-2">Affiliate</th>
              <th className="px-3 py-2">Order</th>
              <th className="px-3 py-2">Type</th>
              <th className="px-3 py-2 text-right">Order total</th>
              <th className="px-3 py-2">Attribution</th>
              <th className="px-3 py-2">Tier</th>
              <th className="px-3 py-2 text-right">Commission</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={11} className="px-3 py-6 text-center text-slate-500">
                  {emptyText}
                </td>
              </tr>
            ) : (
              rows.map((c) => (
                <tr key={c.id} data-order={c.orderId ?? ''}>
                  <td className="px-3 py-2">
                    <input type="checkbox" aria-label={`Select commission of order ${c.orderId ?? c.id}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-500">{c.date}</td>
                  <td className="px-3 py-2">
                    {c.affiliateName} <span className="font-mono text-xs text-slate-500">{c.affiliateRefId}</span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{c.orderId ?? '—'}</td>
                  <td className="px-3 py-2">
                    {c.type}
                    {c.kind === 'adjustment' ? <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs text-slate-600">refund adjustment</span> : null}
                    {c.flags.map((f) => (
                      <span key={f} className="ml-1 rounded bg-red-50 px-1.5 text-xs text-red-700" title="Flagged by the fraud checks">
                        {f}
                      </span>
                    ))}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{c.orderTotal}</td>
                  <td className="px-3 py-2">{c.method ?? '—'}</td>
                  <td className="px-3 py-2">{c.tier}</td>
                  <td className="px-3 py-2 text-right font-medium tabular-nums">{c.amount}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={c.status} />
                    {c.inPayout && c.status !== 'paid' ? <span className="ml-1 text-xs text-slate-500">in payout</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex gap-1">
                      {canApprove(c) ? (
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => run('approve', [c.id])}
                          aria-label={`Approve commission of order ${c.orderId ?? c.id}`}
                          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
                        >
                          Approve
                        </button>
                      ) : null}
                      {canDecline(c) ? (
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => run('decline', [c.id])}
                          aria-label={`Decline commission of order ${c.orderId ?? c.id}`}
                          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
                        >
                          Decline
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
