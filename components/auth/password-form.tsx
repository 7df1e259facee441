'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { passwordChangeSchema } from '@/server/affiliates/schemas';
import type { z } from 'zod';

/**
 * Change the signed-in user's password; `change` is the panel's own mutation. A new password
 * ends every session of the user, this one too, so the form signs this browser in again with it.
 */
export function PasswordForm({ change }: { change: (data: z.infer<typeof passwordChangeSchema>) => Promise<{ email: string }> }) {
  const router = useRouter();
  const f = useZodForm(passwordChangeSchema, async (data, form) => {
    const { email } = await change(data);
    const again = await signIn('credentials', { email, password: data.newPassword, redirect: false });
    form.reset();
    if (!again || again.error) {
      router.push('/sign-in');
      return 'Password changed. Sign in again with the new one.';
    }
    return 'Password changed. Your other sessions have been signed out.';
  });
  return (
    <form onSubmit={f.onSubmit} className="max-w-md space-y-4" noValidate>
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={f.errors.currentPassword} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 8 characters." error={f.errors.newPassword} />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" error={f.errors.confirmPassword} />
      <Button type="submit" disabled={f.pending}>Change password</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
