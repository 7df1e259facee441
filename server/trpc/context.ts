// Builds the tRPC context from a request: the database, the session and the client address.
import { getDb } from '@/db';
import { currentSession } from '../auth/session';
import { clientIpOf } from '../http/client-ip';
import type { Context } from './init';

export async function createContext(headers: Headers): Promise<Context> {
  const [db, session] = await Promise.all([getDb(), currentSession()]);
  return { db, session, ip: clientIpOf(headers) };
}


