'use client';
// Credit by hand: give an unattributed conversion to an approved affiliate.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { formatMoney } from '@/server/money';

export function CreditForm({ conversionId, affiliates }: { conversionId: string; affiliates: { id: string; refId: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const credit = useMutation(trpc.trackingLog.credit.mutationOptions());
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(undefined);
    setDone(undefined);
    const affiliateId = String(new FormData(e.currentTarget).get('affiliateId') ?? '');
    if (!affiliateId) return setError('Choose an affiliate.');
    try {
      const r = await credit.mutateAsync({ conversionId, affiliateId });
      const total = r.commissions.map((c) => `tier ${c.tier} ${c.affiliate}: ${formatMoney(c.amount, c.currency)}`).join(', ');
      setDone(`Credited to ${r.affiliate}${total ? ` — ${total}` : ' (no commission rule pays this conversion)'}.`);
      router.refresh();
    } catch (err) {
      const { fields, message } = errorsOf(err);
      setError(message ?? Object.values(fields)[0] ?? 'The conversion could not be credited.');
    }
  }

  if (affiliates.length === 0) return <p className="text-xs text-slate-500">No approved affiliate to credit.</p>;
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2 text-sm" aria-label="Credit an affiliate by hand">
      <label className="sr-only" htmlFor={`credit-${conversionId}`}>
        Affiliate to credit
      </label>
      <select id={`credit-${conversionId}`} name="affiliateId" defaultValue="" className="rounded-md border border-slate-300 px-2 py-1">
        <option value="">Choose an affiliate…</option>
        {affiliates.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.refId})
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" className="px-3 py-1" disabled={credit.isPending}>
        {credit.isPending ? 'Crediting…' : 'Credit affiliate'}
      </Button>
      {error ? (
        <p role="alert" className="w-full text-xs text-red-600">
          {error}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="w-full text-xs text-emerald-700">
          {done}
        </p>
      ) : null}
    </form>
  );
}
