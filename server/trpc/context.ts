// Builds the tRPC context from a request: the database, the session and the client address.
import { getServerSession } from 'next-auth';
import { getDb } from '@/db';
import { authOptions } from '../auth/options';
import { clientIpOf } from '../http/client-ip';
import type { Context } from './init';

export async function createContext(headers: Headers): Promise<Context> {
  const [db, session] = await Promise.all([getDb(), getServerSession(authOptions)]);
  return { db, session, ip: clientIpOf(headers) };
}


