'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { PasswordForm } from '@/components/auth/password-form';
import { check } from '@/components/form-check';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { profileSchema } from '@/server/affiliates/schemas';

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.affiliate.updateProfile.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const { data, errors: errs } = check(profileSchema, Object.fromEntries(new FormData(e.currentTarget)));
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
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      <Field label="Name" name="name" defaultValue={name} error={errors.name} />
      <Field label="Email" name="email" type="email" defaultValue={email} error={errors.email} hint="You sign in with this email." />
      {errors.form ? <p role="alert" className="text-sm text-red-600">{errors.form}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending}>Save profile</Button>
        {saved ? <span role="status" className="text-sm text-emerald-700">Saved.</span> : null}
      </div>
    </form>
  );
}

export function AffiliatePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.affiliate.changePassword.mutationOptions());
  return <PasswordForm change={change.mutateAsync} pending={change.isPending} />;
}
