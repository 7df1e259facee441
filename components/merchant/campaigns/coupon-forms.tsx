'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, SelectField } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { couponCreateSchema } from '@/server/campaigns/schemas';
import { FormError } from './form-bits';

export function CouponForm({
  affiliates,
  campaigns,
}: {
  affiliates: { id: string; name: string; refId: string }[];
  campaigns: { id: string; name: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.campaigns.coupons.create.mutationOptions());
  const f = useZodForm(couponCreateSchema, async (data, form) => {
    await create.mutateAsync(data);
    form.reset();
    router.refresh();
  });
  const errors = f.errors;

  if (affiliates.length === 0)
    return <p className="text-sm text-slate-500">Approve an affiliate first: a coupon credits the affiliate it is assigned to.</p>;
  return (
    <form onSubmit={f.onSubmit} noValidate aria-label="New coupon" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Field id="coupon-code" label="Coupon code" name="code" error={errors.code} hint="Shoppers may type it in any case." style={{ textTransform: 'uppercase' }} />
      <SelectField id="coupon-affiliate" label="Affiliate" name="affiliateId" defaultValue="" error={errors.affiliateId}>
        {/* Not disabled: a disabled selected option is left out of the form's data, and the
            missing field would be refused with a generic message instead of "Choose an affiliate." */}
        <option value="">
          Choose…
        </option>
        {affiliates.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.refId})
          </option>
        ))}
      </SelectField>
      <SelectField id="coupon-campaign" label="Campaign" name="campaignId" defaultValue="" error={errors.campaignId} hint="Whose rules pay for it.">
        <option value="">None (the default campaign)</option>
        {campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <div className="flex items-start gap-2 pt-6">
        <Button type="submit" disabled={f.pending}>Create coupon</Button>
      </div>
      <div className="sm:col-span-2 lg:col-span-4">
        <FormError message={errors.form} />
      </div>
    </form>
  );
}

export function CouponToggle({ id, code, active }: { id: string; code: string; active: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setActive = useMutation(trpc.campaigns.coupons.setActive.mutationOptions());
  const [error, setError] = useState<string>();
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-label={`${active ? 'Deactivate' : 'Activate'} ${code}`}
        disabled={setActive.isPending}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50 disabled:opacity-50"
        onClick={async () => {
          setError(undefined);
          try {
            await setActive.mutateAsync({ id, active: !active });
            router.refresh();
          } catch (err) {
            setError(errorsOf(err).message ?? 'Could not change the coupon.');
          }
        }}
      >
        {active ? 'Deactivate' : 'Activate'}
      </button>
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
