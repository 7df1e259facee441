'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { defaultCampaignSchema } from '@/server/settings/schemas';
import { check } from '@/components/form-check';

export function DefaultCampaignForm(props: { cookieDays: number; attributionModel: 'last_click' | 'first_click'; fingerprintWindowHours: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateDefaultCampaign.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const { data, errors: errs } = check(defaultCampaignSchema, Object.fromEntries(new FormData(e.currentTarget)));
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
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Cookie lifetime (days)" name="cookieDays" type="number" min={1} max={3650} defaultValue={props.cookieDays} error={errors.cookieDays} hint="How long a click can earn a commission." />
        <Field
          label="IP + user-agent window (hours)"
          name="fingerprintWindowHours"
          type="number"
          min={0}
          max={720}
          defaultValue={props.fingerprintWindowHours}
          error={errors.fingerprintWindowHours}
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
        {errors.attributionModel ? <p role="alert" className="text-sm text-red-600">{errors.attributionModel}</p> : null}
      </fieldset>
      {errors.form ? <p role="alert" className="text-sm text-red-600">{errors.form}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save attribution'}</Button>
        {saved ? <span role="status" className="text-sm text-emerald-700">Saved.</span> : null}
      </div>
    </form>
  );
}
