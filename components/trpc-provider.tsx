'use client';
// React Query + tRPC for the panels' client components (mutations, live panels).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import { z } from 'zod';
import type { AppRouter } from '@/server/trpc/routers/_app';

// In the browser, zod must not probe for `new Function` (its faster parser): the pages'
// strict CSP forbids eval and would report the probe as a violation. Every panel and
// sign-up form sits inside this provider, so this runs before any form parses.
if (typeof window !== 'undefined') z.config({ jitless: true });

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function TrpcProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Field errors and a form-level message out of a failed mutation. */
export function errorsOf(err: unknown): { fields: Record<string, string>; message?: string } {
  if (err instanceof TRPCClientError) {
    const data = err.data as { fieldErrors?: Record<string, string> } | undefined;
    const fields = data?.fieldErrors ?? {};
    return { fields, message: Object.keys(fields).length ? undefined : err.message };
  }
  return { fields: {}, message: 'Something went wrong. Try again.' };
}
