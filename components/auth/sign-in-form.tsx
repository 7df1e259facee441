'use client';
import { signIn, signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { signInSchema } from '@/server/accounts/schemas';
import { safeCallbackPath } from '@/server/auth/callback-url';
import { TWO_FACTOR_REQUIRED } from '@/server/auth/two-factor-messages';

export function SignInForm({ callbackUrl, signedInAs }: { callbackUrl?: string; signedInAs?: string }) {
  // next-auth's answer (wrong password, code needed); field errors come from the schema.
  const [error, setError] = useState<string>();
  const [signingIn, setSigningIn] = useState(false);
  // With two-factor sign-in on, the password was right and the code is asked for next.
  const [needCode, setNeedCode] = useState(false);

  // Nothing is sent with an empty or malformed field: the schema says which one instead.
  const f = useZodForm(
    signInSchema,
    async ({ email, password, code = '' }) => {
      if (signedInAs) await signOut({ redirect: false });
      const res = await signIn('credentials', { email, password, code, redirect: false });
      if (!res || res.error) {
        if (res?.error === TWO_FACTOR_REQUIRED) {
          setNeedCode(true);
          setError(code ? TWO_FACTOR_REQUIRED : undefined);
          return;
        }
        setError(res?.error && res.error !== 'CredentialsSignin' ? res.error : 'Wrong email or password.');
        return;
      }
      // A full navigation, so the next page is rendered with the new session cookie; `/` sends each role to its own panel.
      // The page passes only a checked panel path; checked again here against this origin all the same.
      setSigningIn(true);
      window.location.assign(safeCallbackPath(callbackUrl, window.location.origin) ?? '/');
    },
    { onStart: () => setError(undefined) },
  );
  const pending = f.pending || signingIn;

  return (
    <form onSubmit={f.onSubmit} className="space-y-4" noValidate>
      {error || f.errors.form ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error ?? f.errors.form}
        </p>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required error={f.errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={f.errors.password} />
      {needCode ? (
        <Field
          label="Two-factor code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          maxLength={40}
          error={f.errors.code}
          hint={TWO_FACTOR_REQUIRED}
        />
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
