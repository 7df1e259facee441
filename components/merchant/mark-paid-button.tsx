'use client';
// Marks a payout batch, or one payout, as paid: its commissions move to `paid`.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';

export function MarkPaidButton({
  target,
  label,
  accessibleName,
  small,
}: {
  target: { batchId: string } | { payoutId: string };
  label: string;
  accessibleName?: string;
  small?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const markPaid = useMutation(trpc.payouts.markPaid.mutationOptions());
  const [error, setError] = useState<string>();
  const { confirm, dialog } = useConfirm();
  const batch = 'batchId' in target;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant={small ? 'secondary' : 'primary'}
        className={small ? 'px-2 py-0.5 text-xs' : undefined}
        disabled={markPaid.isPending}
        aria-label={accessibleName}
        onClick={async () => {
          const ok = await confirm({
            title: batch ? 'Mark this whole batch paid?' : `${accessibleName ?? label}?`,
            body: batch
              ? 'Every pending payout of this batch is recorded as paid and its commissions become paid. This cannot be undone: do it only once the money has been sent.'
              : 'This payout is recorded as paid and its commissions become paid. This cannot be undone: do it only once the money has been sent.',
            confirmLabel: batch ? 'Mark batch paid' : 'Mark payout paid',
          });
          if (!ok) return;
          setError(undefined);
          try {
            await markPaid.mutateAsync(target);
            router.refresh();
          } catch (err) {
            setError(errorsOf(err).message ?? 'Could not mark it paid.');
          }
        }}
      >
        {markPaid.isPending ? 'Saving…' : label}
      </Button>
      {dialog}
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
