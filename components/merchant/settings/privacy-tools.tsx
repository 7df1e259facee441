'use client';
// Settings › Privacy (GDPR): export everything stored about one affiliate as JSON, and erase one
// customer by e-mail or customer id after a confirmation. Owners and admins (WriteGuard around it;
// the route handler and the procedure refuse anyone else anyway).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { eraseCustomerSchema } from '@/server/privacy/schemas';

export function AffiliateDataExport() {
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [pending, setPending] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const ref = String(new FormData(e.currentTarget).get('affiliate') ?? '').trim();
    setError(undefined);
    setDone(undefined);
    if (!ref) return setError('Enter the affiliate’s referral id.');
    setPending(true);
    try {
      const res = await fetch(`/merchant/settings/privacy/export?affiliate=${encodeURIComponent(ref)}`);
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        return setError(body?.error?.message ?? `The export failed (${res.status}).`);
      }
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'affiliate.json';
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
      setDone(`Downloaded ${name}.`);
    } catch {
      setError('The export could not be downloaded; try again.');
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-4" noValidate>
      <Field
        label="Affiliate’s referral id"
        name="affiliate"
        autoComplete="off"
        error={error}
        hint="A JSON file of everything stored about the affiliate: profile, sign-in accounts, payout details, coupons and lifetime customers, clicks, conversions, commissions, payouts and the audit log entries about them. Visitors’ and customers’ addresses and e-mails are left out."
      />
      <Button type="submit" disabled={pending}>{pending ? 'Preparing…' : 'Export affiliate data'}</Button>
      <FormMessages done={done} />
    </form>
  );
}

export function EraseCustomerForm() {
  const trpc = useTRPC();
  const erase = useMutation(trpc.settings.eraseCustomer.mutationOptions());
  const { confirm, dialog } = useConfirm();
  const f = useZodForm(eraseCustomerSchema, async (data, form) => {
    const ok = await confirm({
      title: 'Erase this customer?',
      body: `Their conversions are kept for the commissions, but the customer e-mail, customer id, IP address and browser are removed from every one, the lifetime link to their affiliate is deleted, and the tracking log forgets them. This cannot be undone.`,
      confirmLabel: 'Erase customer',
    });
    if (!ok) return;
    const r = await erase.mutateAsync(data);
    form.reset();
    return `Erased: ${r.conversions} conversion${r.conversions === 1 ? '' : 's'} anonymised, ${r.lifetimeLinks} lifetime link${r.lifetimeLinks === 1 ? '' : 's'} removed, ${r.trackingLog} tracking log entr${r.trackingLog === 1 ? 'y' : 'ies'} cleared.`;
  });
  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate>
      <div className="space-y-1">
        <label htmlFor="erase-by" className="block text-sm font-medium text-slate-700">
          Find the customer by
        </label>
        <select id="erase-by" name="by" defaultValue="email" className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          <option value="email">E-mail</option>
          <option value="customerId">Customer id (as your shop or payment provider sends it)</option>
        </select>
      </div>
      <Field label="E-mail or customer id" name="value" autoComplete="off" error={f.errors.value} />
      <Button type="submit" disabled={f.pending} className="bg-red-600 hover:bg-red-700">
        {f.pending ? 'Erasing…' : 'Erase customer'}
      </Button>
      <FormMessages error={f.errors.form ?? f.errors.by} done={f.done} />
      {dialog}
    </form>
  );
}
