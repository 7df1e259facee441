'use client';
// Credit by hand: give an unattributed conversion to an approved affiliate.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { WriteGuard } from '@/components/merchant/team-role';
import { Button } from '@/components/ui/button';
import { FormMessages, SelectField } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { formatMoney } from '@/server/money';
import { creditSchema } from '@/server/tracking-log/schemas';

// Mounted for every conversion of the log, creditable or not: once a credit is done, the refresh
// makes the conversion uncreditable, and the confirmation stays (it would vanish with the form).
export function CreditForm({
  conversionId,
  creditable,
  affiliates,
}: {
  conversionId: string;
  creditable: boolean;
  affiliates: { id: string; refId: string; name: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const credit = useMutation(trpc.trackingLog.credit.mutationOptions());
  const f = useZodForm(
    creditSchema,
    async (data) => {
      const r = await credit.mutateAsync(data);
      const total = r.commissions.map((c) => `tier ${c.tier} ${c.affiliate}: ${formatMoney(c.amount, c.currency)}`).join(', ');
      router.refresh();
      return `Credited to ${r.affiliate}${total ? ` — ${total}` : ' (no commission rule pays this conversion)'}.`;
    },
    { read: (form) => ({ conversionId, affiliateId: String(new FormData(form).get('affiliateId') ?? '') }) },
  );

  if (f.done) return <FormMessages done={f.done} />;
  if (!creditable) return null;
  if (affiliates.length === 0) return <p className="text-xs text-slate-500">No approved affiliate to credit.</p>;
  return (
    <WriteGuard>
      <form onSubmit={f.onSubmit} noValidate className="space-y-2 text-sm" aria-label="Credit an affiliate by hand">
        <div className="flex flex-wrap items-end gap-2">
          <SelectField id={`credit-${conversionId}`} label="Affiliate to credit" name="affiliateId" defaultValue="" error={f.errors.affiliateId} className="min-w-48 flex-1">
            <option value="">Choose an affiliate…</option>
            {affiliates.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.refId})
              </option>
            ))}
          </SelectField>
          <Button type="submit" variant="secondary" className="px-3 py-2" disabled={f.pending}>
            {f.pending ? 'Crediting…' : 'Credit affiliate'}
          </Button>
        </div>
        <FormMessages error={f.errors.form ?? f.errors.conversionId} />
      </form>
    </WriteGuard>
  );
}
