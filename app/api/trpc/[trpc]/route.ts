// /api/trpc/* — tRPC over fetch for the panels' client components.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { AppError } from '@/server/errors';
import { createContext } from '@/server/trpc/context';
import { appRouter } from '@/server/trpc/routers/_app';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createContext(req),
    // A rate-limited call (429) says when to come back.
    responseMeta({ errors }) {
      const retry = errors.map((e) => (e.cause instanceof AppError ? e.cause.headers['Retry-After'] : undefined)).find(Boolean);
      return retry ? { headers: new Headers({ 'Retry-After': retry }) } : {};
    },
  });

export { handler as GET, handler as POST };
