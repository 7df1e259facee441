// Builds the tRPC context from a request: the database, the session and the client address.
import { getServerSession } from 'next-auth';
import { getDb } from '@/db';
import { authOptions } from '../auth/options';
import type { Context } from './init';

export async function createContext(headers: Headers): Promise<Context> {
  const [db, session] = await Promise.all([getDb(), getServerSession(authOptions)]);
  return { db, session, ip: clientIp(headers) };
}

export function clientIp(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'unknown';
}
