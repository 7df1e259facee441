'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, SelectField } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import type { Banner } from '@/db/schema';
import { bannerCreateSchema, bannerUpdateSchema } from '@/server/campaigns/schemas';
import { landingError } from '@/server/links';
import { FormError } from './form-bits';

/** Create a banner or text link (no `banner`), or edit one. */
export function BannerForm({
  campaignId,
  allowedDomains,
  banner,
  onDone,
}: {
  campaignId: string;
  allowedDomains: string[];
  banner?: Banner;
  onDone?: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.campaigns.banners.create.mutationOptions());
  const update = useMutation(trpc.campaigns.banners.update.mutationOptions());
  const [kind, setKind] = useState<'image' | 'text'>(banner?.kind ?? 'image');
  const p = banner ? `banner-${banner.id}` : 'new-banner';
  const f = useZodForm(
    banner ? bannerUpdateSchema : bannerCreateSchema,
    async (data, form) => {
      if (banner) await update.mutateAsync({ ...data, id: banner.id });
      else {
        await create.mutateAsync({ ...data, campaignId });
        form.reset();
      }
      onDone?.();
      router.refresh();
    },
    {
      read: (form) => ({ ...Object.fromEntries(new FormData(form)), kind, ...(banner ? { id: banner.id } : { campaignId }) }),
      // The target page must be on one of the program's domains (the server checks it too).
      refine: ({ targetUrl }) => {
        const error = targetUrl ? landingError(targetUrl, allowedDomains, 'merchant') : undefined;
        return error ? { targetUrl: error } : undefined;
      },
    },
  );
  const errors = f.errors;

  const busy = f.pending;
  return (
    <form onSubmit={f.onSubmit} noValidate aria-label={banner ? `Edit ${banner.name}` : 'New banner or text link'} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${p}-name`} label="Name" name="name" defaultValue={banner?.name} error={errors.name} hint="Affiliates see it; it is the image’s alt text." />
        <SelectField id={`${p}-kind`} label="Kind" name="kindSelect" value={kind} onChange={(e) => setKind(e.target.value as 'image' | 'text')}>
          <option value="image">Image banner</option>
          <option value="text">Text link</option>
        </SelectField>
      </div>
      {kind === 'image' ? (
        <div className="grid gap-3 sm:grid-cols-4">
          <Field id={`${p}-image`} className="sm:col-span-2" label="Image URL" name="imageUrl" defaultValue={banner?.imageUrl ?? ''} placeholder="https://" error={errors.imageUrl} />
          <Field id={`${p}-width`} label="Width (px)" name="width" inputMode="numeric" defaultValue={banner?.width ?? ''} error={errors.width} />
          <Field id={`${p}-height`} label="Height (px)" name="height" inputMode="numeric" defaultValue={banner?.height ?? ''} error={errors.height} />
        </div>
      ) : (
        <Field id={`${p}-text`} label="Link text" name="linkText" defaultValue={banner?.linkText ?? ''} error={errors.linkText} />
      )}
      <Field
        id={`${p}-target`}
        label="Target page (optional)"
        name="targetUrl"
        defaultValue={banner?.targetUrl ?? ''}
        placeholder="https://"
        error={errors.targetUrl}
        hint={`Empty: your website. Must be on ${allowedDomains.join(', ') || 'an allowed domain (none set yet)'}.`}
      />
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={busy}>{banner ? 'Save banner' : 'Create banner'}</Button>
        {banner ? (
          <Button type="button" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
        <FormError message={errors.form} />
      </div>
    </form>
  );
}

export function BannerActions({ banner, allowedDomains }: { banner: Banner; allowedDomains: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setArchived = useMutation(trpc.campaigns.banners.setArchived.mutationOptions());
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          Edit
        </Button>
        <Button
          variant="secondary"
          disabled={setArchived.isPending}
          onClick={async () => {
            setError(undefined);
            try {
              await setArchived.mutateAsync({ id: banner.id, archived: !banner.archived });
              router.refresh();
            } catch (err) {
              setError(errorsOf(err).message ?? 'Could not change the banner.');
            }
          }}
        >
          {banner.archived ? 'Restore' : 'Archive'}
        </Button>
        <FormError message={error} />
      </div>
      {editing ? <BannerForm campaignId={banner.campaignId} allowedDomains={allowedDomains} banner={banner} onDone={() => setEditing(false)} /> : null}
    </div>
  );
}
