'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import type { AffiliateStatus } from '@/db/enums';

const actions: Record<AffiliateStatus, { label: string; to: AffiliateStatus }[]> = {
  pending: [
    { label: 'Approve', to: 'approved' },
    { label: 'Decline', to: 'declined' },
  ],
  approved: [{ label: 'Suspend', to: 'suspended' }],
  suspended: [{ label: 'Reinstate', to: 'approved' }],
  declined: [{ label: 'Approve', to: 'approved' }],
};

export function AffiliateStatusActions({ id, name, status }: { id: string; name: string; status: AffiliateStatus }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setStatus = useMutation(trpc.merchant.affiliates.setStatus.mutationOptions());
  const [error, setError] = useState<string>();
  return (
    <div className="flex items-center gap-1">
      {actions[status].map((a) => (
        <button
          key={a.to + a.label}
          type="button"
          disabled={setStatus.isPending}
          aria-label={`${a.label} ${name}`}
          onClick={async () => {
            setError(undefined);
            try {
              await setStatus.mutateAsync({ id, status: a.to });
              router.refresh();
            } catch (err) {
              setError(errorsOf(err).message ?? 'Could not change the status.');
            }
          }}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
        >
          {a.label}
        </button>
      ))}
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </div>
  );
}
