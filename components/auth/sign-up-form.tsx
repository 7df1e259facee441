'use client';
import { useMutation } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { merchantSignUpSchema } from '@/server/accounts/schemas';

export function SignUpForm() {
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUpMerchant.mutationOptions());
  // The same schema as the server: errors show before a round trip.
  const f = useZodForm(merchantSignUpSchema, async (data) => {
    await signUp.mutateAsync(data);
    const res = await signIn('credentials', { email: data.email, password: data.password, redirect: false });
    window.location.assign(res?.ok ? '/merchant' : '/sign-in?error=signed_up');
  });
  const fields = f.errors;

  return (
    <form onSubmit={f.onSubmit} className="space-y-4" noValidate>
      <FormMessages error={fields.form} />
      <Field label="Program name" name="programName" placeholder="Acme Shop Partners" error={fields.programName} required />
      <Field
        label="Account id"
        name="accountId"
        placeholder="acme"
        hint="Used in your tracking snippet and sign-up link; lowercase letters, digits and dashes."
        error={fields.accountId}
        required
      />
      <Field
        label="Your shop’s domain"
        name="shopDomain"
        placeholder="shop.example.com"
        autoComplete="url"
        hint="Where your affiliates’ links lead; you can add more domains later under Integration."
        error={fields.shopDomain}
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
      <Button type="submit" className="w-full" disabled={f.pending}>
        {f.pending ? 'Creating your program…' : 'Create my program'}
      </Button>
    </form>
  );
}
