// The server-side caller for server components: the same procedures and tenant
// scoping as over HTTP, one context per request.
import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { requireAffiliate, requireMerchant } from '../auth';
import { createContext } from './context';
import { createCaller } from './routers/_app';

export const api = cache(async () => createCaller(await createContext({ headers: await headers() })));

// Layouts and pages render in parallel, so a page cannot rely on its layout's guard:
// these callers redirect to sign-in themselves before any procedure runs.
export async function merchantApi() {
  await requireMerchant();
  return api();
}

export async function affiliateApi() {
  await requireAffiliate();
  return api();
}
