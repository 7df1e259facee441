'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { allowedDomainsSchema, splitDomainList } from '@/server/integration/schemas';

export function AllowedDomainsForm({ domains }: { domains: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.integration.setAllowedDomains.mutationOptions());
  const [text, setText] = useState(domains.join('\n'));
  const f = useZodForm(
    allowedDomainsSchema,
    async (data) => {
      const result = await save.mutateAsync(data);
      setText(result.domains.join('\n'));
      router.refresh();
      return 'Saved.';
    },
    { read: () => ({ domains: splitDomainList(text) }) },
  );

  const error = f.errors.domains ?? f.errors.form;
  return (
    <form onSubmit={f.onSubmit} className="max-w-md space-y-3" noValidate>
      <div className="space-y-1">
        <label htmlFor="allowed-domains" className="block text-sm font-medium text-slate-700">Allowed domains</label>
        <textarea
          id="allowed-domains"
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'allowed-domains-error' : 'allowed-domains-hint'}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm shadow-sm outline-none focus:ring-2 focus:ring-brand-100"
        />
        {error ? (
          <p id="allowed-domains-error" role="alert" className="text-sm text-red-600">{error}</p>
        ) : (
          <p id="allowed-domains-hint" className="text-xs text-slate-500">
            One hostname per line, e.g. shop.example.com — no https://, port or path (any port is allowed). Redirect links may
            send visitors only here, and affiliates may deep-link only into these hosts.
          </p>
        )}
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save domains'}</Button>
        <FormMessages done={f.done} />
      </div>
    </form>
  );
}
