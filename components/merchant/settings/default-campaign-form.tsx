'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { useZodForm } from '@/components/use-zod-form';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { defaultCampaignSchema } from '@/server/settings/schemas';

export function DefaultCampaignForm(props: { cookieDays: number; attributionModel: 'last_click' | 'first_click'; fingerprintWindowHours: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateDefaultCampaign.mutationOptions());
  const f = useZodForm(defaultCampaignSchema, async (data) => {
    await save.mutateAsync(data);
    router.refresh();
    return 'Saved.';
  });

  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Cookie lifetime (days)" name="cookieDays" type="number" min={1} max={3650} defaultValue={props.cookieDays} error={f.errors.cookieDays} hint="How long a click can earn a commission." />
        <Field
          label="IP + user-agent window (hours)"
          name="fingerprintWindowHours"
          type="number"
          min={0}
          max={720}
          defaultValue={props.fingerprintWindowHours}
          error={f.errors.fingerprintWindowHours}
          hint="Without a cookie, a sale from the same IP and browser within this window counts. 0 turns it off."
        />
      </div>
      <fieldset className="space-y-1 text-sm">
        <legend className="mb-1 font-medium text-slate-700">When a visitor clicked several affiliates</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="attributionModel" value="last_click" defaultChecked={props.attributionModel === 'last_click'} /> Last click wins
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="attributionModel" value="first_click" defaultChecked={props.attributionModel === 'first_click'} /> First click wins
        </label>
        {f.errors.attributionModel ? <p role="alert" className="text-sm text-red-600">{f.errors.attributionModel}</p> : null}
      </fieldset>
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save attribution'}</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
