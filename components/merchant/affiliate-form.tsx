'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { affiliateEditSchema } from '@/server/affiliates/manage-schemas';

interface Values {
  name: string;
  email: string;
  refId: string;
  parentRefId: string;
  website: string;
}

/** Create an affiliate (with a one-time password to hand over) or edit one. */
export function AffiliateForm({ mode, id, values }: { mode: 'create' | 'edit'; id?: string; values?: Values }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.merchant.affiliates.create.mutationOptions());
  const update = useMutation(trpc.merchant.affiliates.update.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(undefined);
    const form = e.currentTarget;
    const parsed = affiliateEditSchema.safeParse(Object.fromEntries(new FormData(form)));
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setErrors(next);
      return;
    }
    setErrors({});
    try {
      if (mode === 'create') {
        const { password } = await create.mutateAsync(parsed.data);
        setDone(`Added. Their sign-in: ${parsed.data.email} with the one-time password ${password} — give it to them; it is not shown again.`);
        form.reset();
      } else {
        await update.mutateAsync({ id: id!, form: parsed.data });
        setDone('Saved.');
      }
      router.refresh();
    } catch (err) {
      const { fields, message } = errorsOf(err);
      setErrors(message ? { form: message } : Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^form\./, ''), v])));
    }
  }

  const pending = create.isPending || update.isPending;
  return (
    <form onSubmit={onSubmit} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate>
      <Field label="Name" name="name" defaultValue={values?.name} error={errors.name} />
      <Field label="Email" name="email" type="email" defaultValue={values?.email} error={errors.email} />
      <Field label="Referral id" name="refId" defaultValue={values?.refId} error={errors.refId} hint="Used in links: ?aff=…" />
      <Field label="Parent (referral id, optional)" name="parentRefId" defaultValue={values?.parentRefId} error={errors.parentRefId} hint="Their sales pay the parent a tier-2 commission." />
      <Field label="Website (optional)" name="website" defaultValue={values?.website} error={errors.website} className="sm:col-span-2" />
      {errors.form ? <p role="alert" className="text-sm text-red-600 sm:col-span-2">{errors.form}</p> : null}
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>{mode === 'create' ? 'Add affiliate' : 'Save changes'}</Button>
        {done ? <span role="status" className="text-sm text-emerald-700">{done}</span> : null}
      </div>
    </form>
  );
}
