'use client';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { forgotPasswordSchema } from '@/server/accounts/schemas';

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const ask = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const f = useZodForm(forgotPasswordSchema, async (data) => (await ask.mutateAsync(data)).message);
  return (
    <form onSubmit={f.onSubmit} className="space-y-4" noValidate>
      <Field label="Email" name="email" type="email" autoComplete="email" required error={f.errors.email} />
      <Button type="submit" className="w-full" disabled={f.pending}>
        {f.pending ? 'Sending…' : 'Send me a reset link'}
      </Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
