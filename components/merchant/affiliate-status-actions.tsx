'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { RowButton } from '@/components/ui/button';
import type { AffiliateStatus } from '@/db/enums';
import { useConfirm, type ConfirmRequest } from '@/components/ui/confirm-dialog';

const actions: Record<AffiliateStatus, { label: string; to: AffiliateStatus }[]> = {
  pending: [
    { label: 'Approve', to: 'approved' },
    { label: 'Decline', to: 'declined' },
  ],
  approved: [{ label: 'Suspend', to: 'suspended' }],
  suspended: [{ label: 'Reinstate', to: 'approved' }],
  declined: [{ label: 'Approve', to: 'approved' }],
};

// The changes that cut an affiliate off ask first; approving and reinstating do not.
function confirmationFor(to: AffiliateStatus, name: string): ConfirmRequest | undefined {
  if (to === 'suspended')
    return {
      title: `Suspend ${name}?`,
      body: `${name} can no longer sign in, and their links and coupons stop earning commissions until you reinstate them.`,
      confirmLabel: 'Suspend',
    };
  if (to === 'declined')
    return {
      title: `Decline ${name}?`,
      body: `${name}'s application is turned down: they cannot sign in and their links earn nothing.`,
      confirmLabel: 'Decline',
    };
  return undefined;
}

export function AffiliateStatusActions({ id, name, status }: { id: string; name: string; status: AffiliateStatus }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setStatus = useMutation(trpc.merchant.affiliates.setStatus.mutationOptions());
  const [error, setError] = useState<string>();
  const { confirm, dialog } = useConfirm();
  return (
    <div className="flex items-center gap-1">
      {actions[status].map((a) => (
        <RowButton
          key={a.to + a.label}
          disabled={setStatus.isPending}
          label={`${a.label} ${name}`}
          onClick={async () => {
            const ask = confirmationFor(a.to, name);
            if (ask && !(await confirm(ask))) return;
            setError(undefined);
            try {
              await setStatus.mutateAsync({ id, status: a.to });
              router.refresh();
            } catch (err) {
              setError(errorsOf(err).message ?? 'Could not change the status.');
            }
          }}
        >
          {a.label}
        </RowButton>
      ))}
      {dialog}
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </div>
  );
}
