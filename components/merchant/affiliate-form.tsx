'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { useZodForm } from '@/components/use-zod-form';
import { utc } from '@/components/form-check';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { affiliateEditSchema } from '@/server/affiliates/manage-schemas';

interface Values {
  name: string;
  email: string;
  refId: string;
  parentRefId: string;
  website: string;
}

/** Create an affiliate (they get an invitation mail to choose their own password) or edit one. */
export function AffiliateForm({ mode, id, values }: { mode: 'create' | 'edit'; id?: string; values?: Values }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.merchant.affiliates.create.mutationOptions());
  const update = useMutation(trpc.merchant.affiliates.update.mutationOptions());
  const f = useZodForm(affiliateEditSchema, async (data, form) => {
    let said = 'Saved.';
    if (mode === 'create') {
      const { email, invitationExpiresAt } = await create.mutateAsync(data);
      said = `Added. An invitation is on its way to ${email}: they choose their own password from its link (valid until ${utc(invitationExpiresAt)}).`;
      form.reset();
    } else {
      await update.mutateAsync({ id: id!, form: data });
    }
    router.refresh();
    return said;
  });
  const errors = f.errors;

  return (
    <form onSubmit={f.onSubmit} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate>
      <Field label="Name" name="name" defaultValue={values?.name} error={errors.name} />
      <Field label="Email" name="email" type="email" defaultValue={values?.email} error={errors.email} />
      <Field label="Referral id" name="refId" defaultValue={values?.refId} error={errors.refId} hint="Used in links: ?aff=…" />
      <Field label="Parent (referral id, optional)" name="parentRefId" defaultValue={values?.parentRefId} error={errors.parentRefId} hint="Their sales pay the parent a tier-2 commission." />
      <Field label="Website (optional)" name="website" defaultValue={values?.website} error={errors.website} className="sm:col-span-2" />
      <div className="space-y-2 sm:col-span-2">
        <Button type="submit" disabled={f.pending}>{mode === 'create' ? 'Add affiliate' : 'Save changes'}</Button>
        <FormMessages error={errors.form} done={f.done} />
      </div>
    </form>
  );
}
