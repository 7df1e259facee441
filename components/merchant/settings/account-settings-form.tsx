'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { useZodForm } from '@/components/use-zod-form';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { accountSettingsSchema } from '@/server/settings/schemas';

export function AccountSettingsForm(props: { name: string; defaultCurrency: string; websiteUrl: string | null; autoApproveAffiliates: boolean; allowedDomains: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateAccount.mutationOptions());
  const f = useZodForm(
    accountSettingsSchema,
    async (data) => {
      await save.mutateAsync(data);
      router.refresh();
      return 'Saved.';
    },
    {
      read: (form) => {
        const d = new FormData(form);
        return {
          name: String(d.get('name') ?? ''),
          defaultCurrency: String(d.get('defaultCurrency') ?? ''),
          websiteUrl: String(d.get('websiteUrl') ?? ''),
          autoApproveAffiliates: d.get('autoApproveAffiliates') === 'on',
        };
      },
    },
  );

  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate>
      <Field label="Program name" name="name" defaultValue={props.name} maxLength={100} error={f.errors.name} hint="Affiliates see it on the sign-up page and in their panel." />
      <Field
        label="Default currency"
        name="defaultCurrency"
        defaultValue={props.defaultCurrency}
        maxLength={3}
        className="max-w-40"
        error={f.errors.defaultCurrency}
        hint="ISO 4217, e.g. USD. For new campaigns and the dashboard; existing campaigns keep theirs."
      />
      <Field
        label="Website"
        name="websiteUrl"
        defaultValue={props.websiteUrl ?? ''}
        maxLength={2048}
        error={f.errors.websiteUrl}
        hint={`Where each affiliate’s general link points: a full address on ${props.allowedDomains.join(', ') || 'an allowed domain'}, or a path of this app such as /demo/shop. Empty: no general link.`}
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="autoApproveAffiliates" defaultChecked={props.autoApproveAffiliates} className="mt-0.5" />
        <span>
          <span className="font-medium text-slate-700">Approve new affiliates automatically</span>
          <span className="block text-xs text-slate-500">Otherwise applications from the sign-up page wait for you under Affiliates.</span>
        </span>
      </label>
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save account'}</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
