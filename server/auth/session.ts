// The session as every guard sees it: next-auth's, minus an impersonation whose time is up.
import { getServerSession, type Session } from 'next-auth';
import { authOptions } from './options';

export async function currentSession(): Promise<Session | null> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.role) return null;
  if (session.user.impersonationExpires && session.user.impersonationExpires < Date.now()) return null;
  return session;
}
