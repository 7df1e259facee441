'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { accountSettingsSchema } from '@/server/settings/schemas';
import { check } from '@/components/form-check';

export function AccountSettingsForm(props: { name: string; defaultCurrency: string; websiteUrl: string | null; autoApproveAffiliates: boolean; allowedDomains: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateAccount.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const f = new FormData(e.currentTarget);
    const { data, errors: errs } = check(accountSettingsSchema, {
      name: String(f.get('name') ?? ''),
      defaultCurrency: String(f.get('defaultCurrency') ?? ''),
      websiteUrl: String(f.get('websiteUrl') ?? ''),
      autoApproveAffiliates: f.get('autoApproveAffiliates') === 'on',
    });
    setErrors(errs);
    if (!data) return;
    try {
      await save.mutateAsync(data);
      setSaved(true);
      router.refresh();
    } catch (err) {
      const { fields, message } = errorsOf(err);
      setErrors(message ? { form: message } : fields);
    }
  }

  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-4" noValidate>
      <Field label="Program name" name="name" defaultValue={props.name} maxLength={100} error={errors.name} hint="Affiliates see it on the sign-up page and in their panel." />
      <Field
        label="Default currency"
        name="defaultCurrency"
        defaultValue={props.defaultCurrency}
        maxLength={3}
        className="max-w-40"
        error={errors.defaultCurrency}
        hint="ISO 4217, e.g. USD. For new campaigns and the dashboard; existing campaigns keep theirs."
      />
      <Field
        label="Website"
        name="websiteUrl"
        defaultValue={props.websiteUrl ?? ''}
        maxLength={2048}
        error={errors.websiteUrl}
        hint={`Where each affiliate’s general link points: a full address on ${props.allowedDomains.join(', ') || 'an allowed domain'}, or a path of this app such as /demo/shop. Empty: no general link.`}
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="autoApproveAffiliates" defaultChecked={props.autoApproveAffiliates} className="mt-0.5" />
        <span>
          <span className="font-medium text-slate-700">Approve new affiliates automatically</span>
          <span className="block text-xs text-slate-500">Otherwise applications from the sign-up page wait for you under Affiliates.</span>
        </span>
      </label>
      {errors.form ? <p role="alert" className="text-sm text-red-600">{errors.form}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save account'}</Button>
        {saved ? <span role="status" className="text-sm text-emerald-700">Saved.</span> : null}
      </div>
    </form>
  );
}
