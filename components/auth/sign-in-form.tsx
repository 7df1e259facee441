'use client';
import { signIn, signOut } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { safeCallbackPath } from '@/server/auth/callback-url';
import { TWO_FACTOR_REQUIRED } from '@/server/auth/two-factor-messages';

export function SignInForm({ callbackUrl, signedInAs }: { callbackUrl?: string; signedInAs?: string }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  // With two-factor sign-in on, the password was right and the code is asked for next.
  const [needCode, setNeedCode] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    // Nothing is sent with an empty field: say which one instead.
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const missing = { email: email ? undefined : 'Enter your email.', password: password ? undefined : 'Enter your password.' };
    setFieldErrors(missing);
    if (missing.email || missing.password) {
      setError(undefined);
      return;
    }
    setPending(true);
    setError(undefined);
    if (signedInAs) await signOut({ redirect: false });
    const code = String(form.get('code') ?? '').trim();
    const res = await signIn('credentials', {
      email,
      password,
      code,
      redirect: false,
    });
    if (!res || res.error) {
      setPending(false);
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
    window.location.assign(safeCallbackPath(callbackUrl, window.location.origin) ?? '/');
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={fieldErrors.password} />
      {needCode ? (
        <Field
          label="Two-factor code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          maxLength={40}
          hint={TWO_FACTOR_REQUIRED}
        />
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
