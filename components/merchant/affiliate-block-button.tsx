'use client';
// Puts an affiliate on the fraud blocklist or takes it off. A blocked affiliate stays
// active and tracked, but its clicks never count as unique and its conversions are
// flagged and held for review (suspending it instead stops tracking altogether).
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';

export function AffiliateBlockButton({ id, name, blocked }: { id: string; name: string; blocked: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setBlocked = useMutation(trpc.merchant.affiliates.setBlocked.mutationOptions());
  const [error, setError] = useState<string>();
  async function toggle() {
    if (!blocked && !window.confirm(`Block ${name}? Their clicks stop counting as unique and their sales are flagged for your review.`)) return;
    setError(undefined);
    try {
      await setBlocked.mutateAsync({ id, blocked: !blocked });
      router.refresh();
    } catch (err) {
      setError(errorsOf(err).message ?? 'Could not change the blocklist.');
    }
  }
  return (
    <span className="flex items-center gap-1">
      <button
        type="button"
        disabled={setBlocked.isPending}
        onClick={toggle}
        aria-label={`${blocked ? 'Unblock' : 'Block'} ${name}`}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
      >
        {blocked ? 'Unblock' : 'Block'}
      </button>
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
