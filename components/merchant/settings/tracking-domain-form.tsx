'use client';
// Settings › Tracking domain: the hostname whose tracking requests belong to this account.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { trackingDomainSchema } from '@/server/settings/schemas';

export function TrackingDomainForm({ trackingDomain }: { trackingDomain: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.setTrackingDomain.mutationOptions());
  const f = useZodForm(trackingDomainSchema, async (data) => {
    await save.mutateAsync(data);
    router.refresh();
    return 'Saved.';
  });
  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate>
      <Field
        label="Tracking domain"
        name="trackingDomain"
        defaultValue={trackingDomain ?? ''}
        placeholder="track.shop.example"
        error={f.errors.trackingDomain}
        hint="A hostname of yours that points to the tracker (a CNAME), or your shop's own host when it forwards /_aff/* to the tracker. Tracking calls to it belong to this account without naming it, and Post Affiliate Pro's account id default1 means this account there. Leave empty for none."
      />
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save tracking domain'}</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
