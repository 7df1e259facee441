'use client';
import { useMutation } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { RowButton } from '@/components/ui/button';

/** "Log in as affiliate": opens the affiliate's panel as it sees it, for 30 minutes. */
export function LoginAsButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.merchant.affiliates.impersonate.mutationOptions());
  const [error, setError] = useState<string>();
  return (
    <>
      <RowButton
        disabled={start.isPending}
        label={`Log in as ${name}`}
        onClick={async () => {
          setError(undefined);
          try {
            const { grant } = await start.mutateAsync({ id });
            const res = await signIn('credentials', { grant, redirect: false });
            if (!res?.ok) throw new Error(res?.error ?? 'Could not open the panel.');
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load with the new session
            window.location.assign('/affiliate');
          } catch (err) {
            setError(err instanceof TRPCClientError ? (errorsOf(err).message ?? 'Could not open the panel.') : (err as Error).message);
          }
        }}
      >
        Log in as
      </RowButton>
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </>
  );
}
