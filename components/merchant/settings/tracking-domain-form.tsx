'use client';
// Settings › Tracking domain: the hostname whose tracking requests belong to this account.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { trackingDomainSchema } from '@/server/settings/schemas';

export function TrackingDomainForm({ trackingDomain }: { trackingDomain: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.setTrackingDomain.mutationOptions());
  const { confirm, dialog } = useConfirm();
  // What this form last saved: the page's own value arrives only with the refresh, and a second
  // save before it must still ask about the domain just saved.
  const [saved, setSaved] = useState<string | null | undefined>(undefined);
  const current = saved !== undefined ? saved : trackingDomain;
  const f = useZodForm(trackingDomainSchema, async (data) => {
    // Replacing or removing the domain: tracking calls to the old one stop belonging to this account.
    const next = data.trackingDomain ?? '';
    if (current && next !== current) {
      const ok = await confirm({
        title: next ? `Replace the tracking domain ${current}?` : `Remove the tracking domain ${current}?`,
        body: `Tracking calls to ${current} no longer count for this account, so links and scripts that still use it stop tracking.`,
        confirmLabel: next ? 'Replace domain' : 'Remove domain',
      });
      if (!ok) return;
    }
    await save.mutateAsync(data);
    setSaved(next || null);
    router.refresh();
    return 'Saved.';
  });
  return (
    <form onSubmit={f.onSubmit} className="max-w-xl space-y-4" noValidate>
      {dialog}
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
