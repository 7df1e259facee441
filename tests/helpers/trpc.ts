// Calling tRPC procedures directly in tests: a session of any role, and the code a
// call was refused with ('OK' when it was not).
import { TRPCError } from '@trpc/server';
import type { Session } from 'next-auth';

export const sessionOf = (user: Partial<Session['user']>): Session =>
  ({ user: { id: crypto.randomUUID(), email: 'x@example.com', affiliateId: null, ...user }, expires: '2099-01-01' }) as Session;

export async function refusalCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}
