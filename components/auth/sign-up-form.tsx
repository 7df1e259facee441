'use client';
import { useMutation } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { merchantSignUpSchema } from '@/server/accounts/schemas';

export function SignUpForm() {
  const trpc = useTRPC();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const signUp = useMutation(trpc.auth.signUpMerchant.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const raw = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    // The same schema as the server: errors show before a round trip.
    const parsed = merchantSignUpSchema.safeParse(raw);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setFields(next);
      return;
    }
    setFields({});
    setMessage(undefined);
    try {
      await signUp.mutateAsync(parsed.data);
    } catch (err) {
      const { fields: f, message: m } = errorsOf(err);
      setFields(f);
      setMessage(m);
      return;
    }
    const res = await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false });
    window.location.assign(res?.ok ? '/merchant' : '/sign-in?error=signed_up');
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      ) : null}
      <Field label="Program name" name="programName" placeholder="Acme Shop Partners" error={fields.programName} required />
      <Field
        label="Account id"
        name="accountId"
        placeholder="acme"
        hint="Used in your tracking snippet and sign-up link; lowercase letters, digits and dashes."
        error={fields.accountId}
        required
      />
      <Field label="Currency" name="currency" defaultValue="USD" maxLength={3} error={fields.currency} required />
      <Field label="Your name" name="name" autoComplete="name" error={fields.name} required />
      <Field label="Email" name="email" type="email" autoComplete="email" error={fields.email} required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={fields.password}
        required
      />
      <Button type="submit" className="w-full" disabled={signUp.isPending}>
        {signUp.isPending ? 'Creating your program…' : 'Create my program'}
      </Button>
    </form>
  );
}
