'use client';
import { useState, type FormEvent } from 'react';
import { check } from '@/components/form-check';
import { errorsOf } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { passwordChangeSchema } from '@/server/affiliates/schemas';
import type { z } from 'zod';

/** Change the signed-in user's password; `change` is the panel's own mutation. */
export function PasswordForm({ change, pending }: { change: (data: z.infer<typeof passwordChangeSchema>) => Promise<unknown>; pending: boolean }) {
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
      await change(data);
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
        <Button type="submit" disabled={pending}>Change password</Button>
        {saved ? <span role="status" className="text-sm text-emerald-700">Password changed.</span> : null}
      </div>
    </form>
  );
}
