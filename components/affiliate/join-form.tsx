'use client';
import { useMutation } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { affiliateJoinSchema } from '@/server/affiliates/schemas';

export function JoinForm({ account, parent, programName }: { account: string; parent?: string; programName: string }) {
  const trpc = useTRPC();
  const join = useMutation(trpc.auth.joinProgram.mutationOptions());
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [pendingApproval, setPendingApproval] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const raw = {
      name: String(data.get('name') ?? ''),
      email: String(data.get('email') ?? ''),
      password: String(data.get('password') ?? ''),
      website: String(data.get('website') ?? ''),
      promotionMethod: String(data.get('promotionMethod') ?? ''),
      acceptTerms: data.get('acceptTerms') === 'on',
      parent,
    };
    const parsed = affiliateJoinSchema.safeParse(raw);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) next[String(i.path[0])] ??= i.message;
      setFields(next);
      return;
    }
    setFields({});
    setMessage(undefined);
    let result;
    try {
      result = await join.mutateAsync({ account, form: parsed.data });
    } catch (err) {
      const { fields: f, message: m } = errorsOf(err);
      setFields(Object.fromEntries(Object.entries(f).map(([k, v]) => [k.replace(/^form\./, ''), v])));
      setMessage(m);
      return;
    }
    if (result.status === 'pending') {
      setPendingApproval(true);
      return;
    }
    await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false });
    // A full navigation, so the panel renders with the new session cookie.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/affiliate');
  }

  if (pendingApproval)
    return (
      <div role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
        Thank you for applying. {programName} reviews new affiliates; you can sign in as soon as your application is approved.
      </div>
    );

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      ) : null}
      <Field label="Your name" name="name" autoComplete="name" error={fields.name} required />
      <Field label="Email" name="email" type="email" autoComplete="email" error={fields.email} required />
      <Field label="Password" name="password" type="password" autoComplete="new-password" hint="At least 8 characters." error={fields.password} required />
      <Field label="Website (optional)" name="website" placeholder="https://your-blog.example" error={fields.website} />
      <div className="space-y-1">
        <label htmlFor="f-promotionMethod" className="block text-sm font-medium text-slate-700">
          How will you promote us?
        </label>
        <textarea
          id="f-promotionMethod"
          name="promotionMethod"
          rows={3}
          aria-invalid={fields.promotionMethod ? true : undefined}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 focus:ring-brand-100"
        />
        {fields.promotionMethod ? (
          <p role="alert" className="text-sm text-red-600">
            {fields.promotionMethod}
          </p>
        ) : null}
      </div>
      <div>
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="acceptTerms" className="mt-0.5" />
          <span>I accept the program terms: no spam, no bidding on the brand name, no self-referrals.</span>
        </label>
        {fields.acceptTerms ? (
          <p role="alert" className="text-sm text-red-600">
            {fields.acceptTerms}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="w-full" disabled={join.isPending}>
        {join.isPending ? 'Sending…' : 'Join the program'}
      </Button>
    </form>
  );
}
