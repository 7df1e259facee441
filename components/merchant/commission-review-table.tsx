'use client';
// The commissions list with row selection and approve / decline / clear flags, one or
// in bulk. A flagged conversion's commissions show each flag's reason and are held out of
// auto-approval and payouts until the merchant approves them or clears the flags.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { StatusBadge } from '@/components/status-badge';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { RowButton } from '@/components/ui/button';
import { reviewSchema } from '@/server/commissions/review-schema';
import { conversionFlagReason, flagLabel } from '@/server/fraud/flags';

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
  /** Flagged and not reviewed yet: not auto-approved, not paid. */
  awaitingReview: boolean;
  inPayout: boolean;
  /** A test conversion (the live test, a gateway's test order): never payable, not in any figure. */
  test: boolean;
}

type Action = 'approve' | 'decline' | 'clearFlags';

const BULK_ACTIONS: [Action, string][] = [
  ['approve', 'Approve selected'],
  ['decline', 'Decline selected'],
  ['clearFlags', 'Clear flags of selected'],
];
const verbs: Record<Action, string> = { approve: 'Approved', decline: 'Declined', clearFlags: 'Cleared the flags of' };

const canApprove = (r: ReviewRow) => r.status === 'pending';
const canDecline = (r: ReviewRow) => (r.status === 'pending' || r.status === 'approved') && !r.inPayout;

export function CommissionReviewTable({ rows, emptyText }: { rows: ReviewRow[]; emptyText: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const approve = useMutation(trpc.reviews.approve.mutationOptions());
  const decline = useMutation(trpc.reviews.decline.mutationOptions());
  const clear = useMutation(trpc.reviews.clearFlags.mutationOptions());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string }>();
  const { confirm, dialog } = useConfirm();
  const busy = approve.isPending || decline.isPending || clear.isPending;
  const visible = rows.map((r) => r.id);
  const chosen = visible.filter((id) => selected.has(id));
  const allChosen = visible.length > 0 && chosen.length === visible.length;

  async function run(action: Action, ids: string[]) {
    setMessage(undefined);
    const parsed = reviewSchema.safeParse({ ids });
    if (!parsed.success) {
      setMessage({ tone: 'error', text: parsed.error.issues[0]?.message ?? 'Select commissions first.' });
      return;
    }
    if (action === 'decline') {
      const n = parsed.data.ids.length;
      const one = rows.find((r) => r.id === parsed.data.ids[0]);
      const ok = await confirm({
        title: n === 1 ? `Decline the commission of order ${one?.orderId ?? one?.id ?? ''}?` : `Decline ${n} commissions?`,
        body: `${n === 1 ? 'It is' : 'They are'} set to declined: the affiliate is not paid for ${n === 1 ? 'it' : 'them'}, and a declined commission cannot be approved again.`,
        confirmLabel: n === 1 ? 'Decline commission' : `Decline ${n} commissions`,
      });
      if (!ok) return;
    }
    try {
      if (action === 'clearFlags') {
        const { reviewed } = await clear.mutateAsync(parsed.data);
        setMessage({
          tone: 'ok',
          text: reviewed
            ? `${verbs.clearFlags} ${reviewed} conversion${reviewed === 1 ? '' : 's'}: their commissions can be approved and paid.`
            : 'Nothing was waiting for review.',
        });
        setSelected(new Set());
        router.refresh();
        return;
      }
      const res = await (action === 'approve' ? approve : decline).mutateAsync(parsed.data);
      const verb = verbs[action];
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
      {dialog}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1.5 text-slate-700">
          <input
            type="checkbox"
            checked={allChosen}
            disabled={visible.length === 0}
            onChange={() => setSelected(allChosen ? new Set() : new Set(visible))}
          />
          Select all on this page
        </label>
        <span className="text-slate-600">{chosen.length} selected</span>
        {BULK_ACTIONS.map(([action, label]) => (
          <button
            key={action}
            type="button"
            disabled={busy || chosen.length === 0}
            onClick={() => run(action, chosen)}
            className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50 disabled:opacity-50"
          >
            {label}
          </button>
        ))}
        {message ? (
          <span role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-red-600' : 'text-emerald-700'}>
            {message.text}
          </span>
        ) : null}
      </div>
      <DataTable
        label="Commissions"
        testId="commissions"
        rows={rows}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-order': c.orderId ?? '' })}
        empty={emptyText}
        columns={[
          {
            key: 'select',
            header: 'Select',
            headerHidden: true,
            cell: (c) => (
              <input type="checkbox" aria-label={`Select commission of order ${c.orderId ?? c.id}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
            ),
          },
          { key: 'date', header: 'Date (UTC)', className: 'whitespace-nowrap text-slate-500', cell: (c) => c.date },
          {
            key: 'affiliate',
            header: 'Affiliate',
            cell: (c) => (
              <>
                {c.affiliateName} <span className="font-mono text-xs text-slate-500">{c.affiliateRefId}</span>
              </>
            ),
          },
          { key: 'order', header: 'Order', priority: 'normal', className: 'font-mono text-xs break-all', cell: (c) => c.orderId ?? '—' },
          { key: 'type', header: 'Type', cell: (c) => <CommissionType c={c} /> },
          { key: 'total', header: 'Order total', priority: 'detail', align: 'right', cell: (c) => c.orderTotal },
          { key: 'method', header: 'Attribution', priority: 'detail', cell: (c) => c.method ?? '—' },
          { key: 'tier', header: 'Tier', priority: 'detail', cell: (c) => c.tier },
          { key: 'amount', header: 'Commission', align: 'right', className: 'font-medium', cell: (c) => c.amount },
          {
            key: 'status',
            header: 'Status',
            cell: (c) => (
              <>
                <StatusBadge status={c.status} />
                {c.inPayout && c.status !== 'paid' ? <span className="ml-1 text-xs text-slate-500">in payout</span> : null}
              </>
            ),
          },
        ]}
        actions={(c) => (
          <>
            {canApprove(c) ? (
              <RowButton disabled={busy} onClick={() => run('approve', [c.id])} label={`Approve commission of order ${c.orderId ?? c.id}`}>
                Approve
              </RowButton>
            ) : null}
            {c.awaitingReview ? (
              <RowButton
                disabled={busy}
                onClick={() => run('clearFlags', [c.id])}
                label={`Clear flags of order ${c.orderId ?? c.id}`}
                title="You checked this conversion: release it for approval and payouts"
                tone="warn"
              >
                Clear flags
              </RowButton>
            ) : null}
            {canDecline(c) ? (
              <RowButton disabled={busy} onClick={() => run('decline', [c.id])} label={`Decline commission of order ${c.orderId ?? c.id}`}>
                Decline
              </RowButton>
            ) : null}
          </>
        )}
      />
    </div>
  );
}

function CommissionType({ c }: { c: ReviewRow }) {
  return (
    <>
      {c.type}
      {c.kind === 'adjustment' ? <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs text-slate-600">refund adjustment</span> : null}
      {c.test ? (
        <span className="ml-1 rounded bg-indigo-50 px-1.5 text-xs font-medium text-indigo-700" title="A test order: never payable, not counted in any figure." data-test-order="">
          Test
        </span>
      ) : null}
      {c.flags.map((f) => (
        <span key={f} className="ml-1 rounded bg-red-50 px-1.5 text-xs text-red-700" title={conversionFlagReason(f)} data-flag={f}>
          {flagLabel(f)}
        </span>
      ))}
      {c.flags.length > 0 ? (
        <ul className="mt-1 max-w-56 space-y-0.5 text-xs text-slate-600" aria-label="Why it was flagged">
          {c.flags.map((f) => (
            <li key={f}>{conversionFlagReason(f)}</li>
          ))}
          <li className={c.awaitingReview ? 'font-medium text-amber-700' : 'text-emerald-700'}>
            {c.awaitingReview ? 'Held for review: not auto-approved or paid until you approve it or clear its flags.' : 'Reviewed.'}
          </li>
        </ul>
      ) : null}
    </>
  );
}
