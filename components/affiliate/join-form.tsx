'use client';
import { useMutation } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { affiliateJoinSchema } from '@/server/affiliates/schemas';

export function JoinForm({ account, parent, programName }: { account: string; parent?: string; programName: string }) {
  const trpc = useTRPC();
  const join = useMutation(trpc.auth.joinProgram.mutationOptions());
  const [pendingApproval, setPendingApproval] = useState(false);
  // The same schema as the server; `join` wraps the form (`form.<field>` errors are mapped back).
  const f = useZodForm(
    affiliateJoinSchema,
    async (data) => {
      const result = await join.mutateAsync({ account, form: data });
      if (result.status === 'pending') {
        setPendingApproval(true);
        return;
      }
      await signIn('credentials', { email: data.email, password: data.password, redirect: false });
      // A full navigation, so the panel renders with the new session cookie.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign('/affiliate');
    },
    {
      read: (form) => {
        const data = new FormData(form);
        return {
          name: String(data.get('name') ?? ''),
          email: String(data.get('email') ?? ''),
          password: String(data.get('password') ?? ''),
          website: String(data.get('website') ?? ''),
          promotionMethod: String(data.get('promotionMethod') ?? ''),
          acceptTerms: data.get('acceptTerms') === 'on',
          parent,
        };
      },
    },
  );
  const fields = f.errors;

  if (pendingApproval)
    return (
      <div role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
        Thank you for applying. {programName} reviews new affiliates; you can sign in as soon as your application is approved.
      </div>
    );

  return (
    <form onSubmit={f.onSubmit} className="space-y-4" noValidate>
      <FormMessages error={fields.form} />
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
      <Button type="submit" className="w-full" disabled={f.pending}>
        {f.pending ? 'Sending…' : 'Join the program'}
      </Button>
    </form>
  );
}
