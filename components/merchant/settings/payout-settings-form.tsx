'use client';
// Settings › Payouts: the minimum payout, the schedule and the methods offered to affiliates.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages, SelectField } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { payoutMethods, type PayoutMethod, type PayoutSchedule } from '@/db/enums';
import { PAYOUT_METHOD_LABELS, WEEKDAYS, payoutSettingsSchema } from '@/server/settings/schemas';

export interface PayoutSettingsView {
  currency: string;
  minimum: string;
  schedule: PayoutSchedule;
  day: number | null;
  methods: PayoutMethod[];
}

export function PayoutSettingsForm(props: PayoutSettingsView) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updatePayouts.mutationOptions());
  const [schedule, setSchedule] = useState<PayoutSchedule>(props.schedule);
  const f = useZodForm(
    payoutSettingsSchema,
    async (data) => {
      await save.mutateAsync(data);
      router.refresh();
      return 'Saved. Affiliates see these on their Payouts page.';
    },
    {
      read: (form) => {
        const d = new FormData(form);
        return { minimum: String(d.get('minimum') ?? ''), schedule: String(d.get('schedule') ?? ''), day: String(d.get('day') ?? ''), methods: d.getAll('methods').map(String) };
      },
    },
  );
  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate aria-label="Payout settings">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          id="payout-minimum"
          label={`Minimum payout (${props.currency})`}
          name="minimum"
          inputMode="decimal"
          defaultValue={props.minimum}
          error={f.errors.minimum}
          hint="Smaller balances wait for a later batch. Other currencies use the same amount."
        />
        <SelectField id="payout-schedule" label="Schedule" name="schedule" value={schedule} onChange={(e) => setSchedule(e.target.value as PayoutSchedule)} error={f.errors.schedule}>
          <option value="manual">By hand (no fixed day)</option>
          <option value="weekly">Weekly</option>
          <option value="monthly">Monthly</option>
        </SelectField>
        {schedule === 'weekly' ? (
          <SelectField key="weekly" id="payout-day" label="Weekday" name="day" defaultValue={props.schedule === 'weekly' ? String(props.day ?? '') : ''} error={f.errors.day}>
            <option value="">Choose…</option>
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i + 1}>
                {d}
              </option>
            ))}
          </SelectField>
        ) : schedule === 'monthly' ? (
          <Field
            key="monthly"
            id="payout-day"
            label="Day of the month"
            name="day"
            type="number"
            min={1}
            max={28}
            defaultValue={props.schedule === 'monthly' ? String(props.day ?? '') : '1'}
            error={f.errors.day}
          />
        ) : null}
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Payout methods offered</legend>
        {payoutMethods.map((m) => (
          <label key={m} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="methods" value={m} defaultChecked={props.methods.includes(m)} />
            {PAYOUT_METHOD_LABELS[m]}
          </label>
        ))}
        {f.errors.methods ? (
          <p role="alert" className="text-sm text-red-600">
            {f.errors.methods}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save payout settings'}</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
