'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages, SelectField } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import type { Campaign } from '@/db/schema';
import { campaignCreateSchema, campaignSettingsSchema } from '@/server/campaigns/schemas';
import { CheckboxField, FormError } from './form-bits';

function AttributionSelect({ id, defaultValue, error }: { id: string; defaultValue: string; error?: string }) {
  return (
    <SelectField id={id} label="Attribution" name="attributionModel" defaultValue={defaultValue} error={error}>
      <option value="last_click">Last click wins</option>
      <option value="first_click">First click wins</option>
    </SelectField>
  );
}

export function CampaignCreateForm({ defaultCurrency }: { defaultCurrency: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.campaigns.create.mutationOptions());
  const f = useZodForm(campaignCreateSchema, async (data) => {
    const { id } = await create.mutateAsync(data);
    router.push(`/merchant/campaigns/${id}`);
  });
  const errors = f.errors;

  return (
    <form onSubmit={f.onSubmit} noValidate aria-label="New campaign" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Field id="new-campaign-name" label="Campaign name" name="name" error={errors.name} />
      <Field id="new-campaign-currency" label="Currency" name="currency" defaultValue={defaultCurrency} maxLength={3} error={errors.currency} hint="ISO 4217, e.g. USD" />
      <Field id="new-campaign-cookie" label="Cookie lifetime (days)" name="cookieDays" inputMode="numeric" defaultValue="30" error={errors.cookieDays} />
      <AttributionSelect id="new-campaign-attribution" defaultValue="last_click" error={errors.attributionModel} />
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
        <Button type="submit" disabled={f.pending}>{f.pending ? 'Creating…' : 'Create campaign'}</Button>
        <FormError message={errors.form} />
      </div>
    </form>
  );
}

export function CampaignSettingsForm({ campaign }: { campaign: Campaign }) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.campaigns.update.mutationOptions());
  const f = useZodForm(
    campaignSettingsSchema,
    async (data) => {
      await update.mutateAsync(data);
      router.refresh();
      return 'Saved.';
    },
    {
      read: (form) => {
        const fd = new FormData(form);
        return {
          ...Object.fromEntries(fd),
          id: campaign.id,
          lifetimeCommissions: fd.get('lifetimeCommissions') === 'on',
          recurringCommissions: fd.get('recurringCommissions') === 'on',
          autoApprove: fd.get('autoApprove') === 'on',
        };
      },
    },
  );
  const errors = f.errors;

  return (
    <form onSubmit={f.onSubmit} noValidate aria-label="Campaign settings" className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field label="Name" name="name" defaultValue={campaign.name} error={errors.name} />
        <Field
          label="Currency"
          name="currency"
          defaultValue={campaign.currency}
          maxLength={3}
          error={errors.currency}
          hint="ISO 4217. Fixed commissions keep their amounts in the new currency."
        />
        <Field label="Cookie lifetime (days)" name="cookieDays" inputMode="numeric" defaultValue={String(campaign.cookieDays)} error={errors.cookieDays} />
        <AttributionSelect id="f-attributionModel" defaultValue={campaign.attributionModel} error={errors.attributionModel} />
        <Field
          label="Fingerprint window (hours)"
          name="fingerprintWindowHours"
          inputMode="numeric"
          defaultValue={String(campaign.fingerprintWindowHours)}
          error={errors.fingerprintWindowHours}
          hint="Match by IP address + browser when the cookie is gone; 0 turns it off."
        />
        <Field
          label="Auto-approve after (days)"
          name="autoApproveAfterDays"
          inputMode="numeric"
          defaultValue={campaign.autoApproveAfterDays === null ? '' : String(campaign.autoApproveAfterDays)}
          error={errors.autoApproveAfterDays}
          hint="Pending commissions are approved this many days after the sale; empty: you approve them."
        />
        <SelectField
          label="Sales reported by the browser only"
          name="browserSales"
          defaultValue={campaign.browserSales}
          error={errors.browserSales}
          hint="The thank-you page can be called by anyone. Your server (API key) and payment webhooks are verified and always replace what a browser reported."
        >
          <option value="pay">Earn commissions at once</option>
          <option value="confirm">Hold until your server or payment provider confirms the order</option>
        </SelectField>
        <Field
          label="Browser actions per visitor"
          name="browserActionLimit"
          inputMode="numeric"
          defaultValue={String(campaign.browserActionLimit)}
          error={errors.browserActionLimit}
          hint="How many actions (sign-ups, leads) one visitor earns per action code when only the browser reports them; 0: no limit."
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <CheckboxField
          label="Lifetime commissions"
          name="lifetimeCommissions"
          defaultChecked={campaign.lifetimeCommissions}
          hint="A referred customer’s later purchases keep paying the affiliate."
        />
        <CheckboxField
          label="Recurring commissions"
          name="recurringCommissions"
          defaultChecked={campaign.recurringCommissions}
          hint="Subscription renewals pay the affiliate of the first payment."
        />
        <CheckboxField label="Approve at once" name="autoApprove" defaultChecked={campaign.autoApprove} hint="Commissions start approved instead of pending." />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save settings'}</Button>
        <FormMessages error={errors.form} done={f.done} />
      </div>
    </form>
  );
}

/** Make default, archive, restore. */
export function CampaignStateActions({ id, isDefault, archived }: { id: string; isDefault: boolean; archived: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setDefault = useMutation(trpc.campaigns.setDefault.mutationOptions());
  const setArchived = useMutation(trpc.campaigns.setArchived.mutationOptions());
  const [error, setError] = useState<string>();
  const busy = setDefault.isPending || setArchived.isPending;
  const run = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      router.refresh();
    } catch (err) {
      const e = errorsOf(err);
      setError(e.message ?? Object.values(e.fields)[0]);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!isDefault && !archived ? (
        <Button variant="secondary" disabled={busy} onClick={() => run(() => setDefault.mutateAsync({ id }))}>
          Make default
        </Button>
      ) : null}
      {!isDefault ? (
        <Button variant="secondary" disabled={busy} onClick={() => run(() => setArchived.mutateAsync({ id, archived: !archived }))}>
          {archived ? 'Restore' : 'Archive'}
        </Button>
      ) : (
        <span className="text-sm text-slate-500">Default campaign: clicks and sales without a campaign go here.</span>
      )}
      {error ? <span role="alert" className="text-sm text-red-600">{error}</span> : null}
    </div>
  );
}
