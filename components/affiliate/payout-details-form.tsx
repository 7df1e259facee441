'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { useZodForm } from '@/components/use-zod-form';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { payoutDetailsSchema } from '@/server/affiliates/schemas';

export function PayoutDetailsForm({
  method,
  details,
  offered,
}: {
  method: 'paypal' | 'bank_transfer' | null;
  details: Record<string, string> | null;
  /** The methods the program offers (Settings › Payouts); the current one stays choosable. */
  offered: ('paypal' | 'bank_transfer')[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.affiliate.updatePayoutDetails.mutationOptions());
  const [kind, setKind] = useState<'paypal' | 'bank_transfer'>(method ?? offered[0] ?? 'paypal');
  const show = (m: 'paypal' | 'bank_transfer') => offered.includes(m) || method === m;
  const f = useZodForm(
    payoutDetailsSchema,
    async (data) => {
      const { changedAt } = await save.mutateAsync(data);
      router.refresh();
      const at = new Date(changedAt).toISOString().slice(0, 16).replace('T', ' ');
      return `Payout details changed on ${at} UTC. The merchant sees this change; payout batches made before it keep the old details.`;
    },
    { read: (form) => ({ payoutMethod: kind, ...Object.fromEntries(new FormData(form)) }) },
  );
  const fields = f.errors;

  return (
    <form onSubmit={f.onSubmit} className="max-w-md space-y-4" noValidate>
      <fieldset className="flex gap-4 text-sm">
        <legend className="mb-1 font-medium text-slate-700">Payout method</legend>
        {show('paypal') ? (
          <label className="flex items-center gap-1.5">
            <input type="radio" name="method" checked={kind === 'paypal'} onChange={() => setKind('paypal')} /> PayPal
          </label>
        ) : null}
        {show('bank_transfer') ? (
          <label className="flex items-center gap-1.5">
            <input type="radio" name="method" checked={kind === 'bank_transfer'} onChange={() => setKind('bank_transfer')} /> Bank transfer
          </label>
        ) : null}
      </fieldset>
      {kind === 'paypal' ? (
        <Field key="paypal" label="PayPal email" name="paypalEmail" type="email" defaultValue={details?.paypalEmail} error={fields.paypalEmail} />
      ) : (
        <div key="bank" className="space-y-4">
          <Field label="Account holder" name="accountHolder" defaultValue={details?.accountHolder} error={fields.accountHolder} />
          <Field label="IBAN" name="iban" defaultValue={details?.iban} error={fields.iban} />
          <Field label="BIC (optional)" name="bic" defaultValue={details?.bic} error={fields.bic} />
          <Field label="Bank name (optional)" name="bankName" defaultValue={details?.bankName} error={fields.bankName} />
        </div>
      )}
      <Field
        key="password"
        label="Your password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        hint="Needed to change where you are paid."
        error={fields.currentPassword}
      />
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save payout details'}</Button>
      <FormMessages error={fields.form} done={f.done} />
    </form>
  );
}
