'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { couponCreateSchema } from '@/server/campaigns/schemas';
import { FormError, SelectField, check, mutationErrors, type FieldErrors } from './form-bits';

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
  const [errors, setErrors] = useState<FieldErrors>({});

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const { data, errors: errs } = check(couponCreateSchema, Object.fromEntries(new FormData(form)));
    setErrors(errs);
    if (!data) return;
    try {
      await create.mutateAsync(data);
      form.reset();
      router.refresh();
    } catch (err) {
      setErrors(mutationErrors(err));
    }
  }

  if (affiliates.length === 0)
    return <p className="text-sm text-slate-500">Approve an affiliate first: a coupon credits the affiliate it is assigned to.</p>;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New coupon" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Field id="coupon-code" label="Coupon code" name="code" error={errors.code} hint="Shoppers may type it in any case." style={{ textTransform: 'uppercase' }} />
      <SelectField id="coupon-affiliate" label="Affiliate" name="affiliateId" defaultValue="" error={errors.affiliateId}>
        <option value="" disabled>
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
        <Button type="submit" disabled={create.isPending}>Create coupon</Button>
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
            setError(mutationErrors(err).form ?? 'Could not change the coupon.');
          }
        }}
      >
        {active ? 'Deactivate' : 'Activate'}
      </button>
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
