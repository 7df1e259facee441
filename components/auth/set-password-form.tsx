'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { setPasswordSchema } from '@/server/accounts/schemas';

/** Chooses a password from a one-time link (a reset or an invitation), then goes to sign-in. */
export function SetPasswordForm({ token, purpose, email }: { token: string; purpose: 'reset' | 'invitation'; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const accept = useMutation(trpc.auth.acceptInvitation.mutationOptions());
  const f = useZodForm(
    setPasswordSchema,
    async (data) => {
      await (purpose === 'reset' ? reset : accept).mutateAsync(data);
      router.push(`/sign-in?error=${purpose === 'reset' ? 'password_reset' : 'invitation_accepted'}`);
      return 'Password set. Taking you to sign-in…';
    },
    { read: (form) => ({ ...Object.fromEntries(new FormData(form)), token }) },
  );
  return (
    <form onSubmit={f.onSubmit} className="space-y-4" noValidate>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field label="New password" name="password" type="password" autoComplete="new-password" hint="At least 8 characters, not easy to guess." error={f.errors.password} />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" error={f.errors.confirmPassword} />
      <Button type="submit" className="w-full" disabled={f.pending}>
        {purpose === 'reset' ? 'Set the new password' : 'Set my password'}
      </Button>
      <FormMessages error={f.errors.form ?? f.errors.token} done={f.done} />
    </form>
  );
}
