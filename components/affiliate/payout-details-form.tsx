'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { payoutDetailsSchema } from '@/server/affiliates/schemas';

export function PayoutDetailsForm({ method, details }: { method: 'paypal' | 'bank_transfer' | null; details: Record<string, string> | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.affiliate.updatePayoutDetails.mutationOptions());
  const [kind, setKind] = useState<'paypal' | 'bank_transfer'>(method ?? 'paypal');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const raw = { payoutMethod: kind, ...Object.fromEntries(new FormData(e.currentTarget)) };
    const parsed = payoutDetailsSchema.safeParse(raw);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setFields(next);
      return;
    }
    try {
      await save.mutateAsync(parsed.data);
      setFields({});
      setSaved(true);
      router.refresh();
    } catch (err) {
      const { fields: f, message } = errorsOf(err);
      setFields(message ? { form: message } : f);
    }
  }

  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      <fieldset className="flex gap-4 text-sm">
        <legend className="mb-1 font-medium text-slate-700">Payout method</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="method" checked={kind === 'paypal'} onChange={() => setKind('paypal')} /> PayPal
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="method" checked={kind === 'bank_transfer'} onChange={() => setKind('bank_transfer')} /> Bank transfer
        </label>
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
      {fields.form ? <p role="alert" className="text-sm text-red-600">{fields.form}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save payout details'}</Button>
        {saved ? <span role="status" className="text-sm text-emerald-700">Saved.</span> : null}
      </div>
    </form>
  );
}
