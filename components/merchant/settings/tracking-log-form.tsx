'use client';
// Settings › Tracking log: how many days its entries are kept.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { trackingLogSettingsSchema } from '@/server/settings/schemas';

export function TrackingLogSettingsForm({ trackingLogDays }: { trackingLogDays: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateTrackingLog.mutationOptions());
  const f = useZodForm(trackingLogSettingsSchema, async (data) => {
    await save.mutateAsync(data);
    router.refresh();
    return 'Saved.';
  });
  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate>
      <Field
        label="Keep the tracking log (days)"
        name="trackingLogDays"
        type="number"
        min={1}
        max={365}
        defaultValue={trackingLogDays}
        error={f.errors.trackingLogDays}
        hint="Older entries of Transactions › Tracking log are deleted. Conversions and commissions are kept whatever this says."
      />
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save tracking log'}</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
