'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { passwordChangeSchema, profileSchema } from '@/server/affiliates/schemas';

/** Validate with the shared schema; field errors keyed by field name. */
function check<S extends z.ZodType>(schema: S, raw: unknown): { data?: z.infer<S>; errors: Record<string, string> } {
  const r = schema.safeParse(raw);
  if (r.success) return { data: r.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const i of r.error.issues) errors[String(i.path[0] ?? 'form')] ??= i.message;
  return { errors };
}

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

export function PasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.affiliate.changePassword.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setSaved(false);
    const { data, errors: errs } = check(passwordChangeSchema, Object.fromEntries(new FormData(form)));
    setErrors(errs);
    if (!data) return;
    try {
      await change.mutateAsync(data);
      setSaved(true);
      form.reset();
    } catch (err) {
      const { fields, message } = errorsOf(err);
      setErrors(message ? { form: message } : fields);
    }
  }
  return (
    <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 8 characters." error={errors.newPassword} />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} />
      {errors.form ? <p role="alert" className="text-sm text-red-600">{errors.form}</p> : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={change.isPending}>Change password</Button>
        {saved ? <span role="status" className="text-sm text-emerald-700">Password changed.</span> : null}
      </div>
    </form>
  );
}
