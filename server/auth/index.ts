// Sessions and the guards that panel layouts and pages call.
import 'server-only';
import type { Session } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { authOptions } from './options';
import { currentSession } from './session';

export { authOptions };
export type AppSession = Session;

/** The request's session, read once per request. */
export const getSession = cache((): Promise<Session | null> => currentSession());

/** A signed-in merchant, or a redirect to sign-in. */
export async function requireMerchant(): Promise<Session['user'] & { role: 'merchant' }> {
  const session = await getSession();
  if (!session?.user?.role) redirect('/sign-in?callbackUrl=%2Fmerchant');
  if (session.user.role !== 'merchant') redirect('/sign-in?error=wrong_role&callbackUrl=%2Fmerchant');
  // "Require two-factor sign-in for the team": turned on first, before anything of the panel.
  if (session.user.twoFactorRequired && !session.user.twoFactor) redirect('/two-factor-setup');
  return session.user as Session['user'] & { role: 'merchant' };
}

/** A signed-in affiliate, or a redirect to sign-in. */
export async function requireAffiliate(): Promise<Session['user'] & { role: 'affiliate'; affiliateId: string }> {
  const session = await getSession();
  if (!session?.user?.role) redirect('/sign-in?callbackUrl=%2Faffiliate');
  if (session.user.role !== 'affiliate' || !session.user.affiliateId)
    redirect('/sign-in?error=wrong_role&callbackUrl=%2Faffiliate');
  return session.user as Session['user'] & { role: 'affiliate'; affiliateId: string };
}

/** Where a signed-in user's panel lives. */
export function homeOf(role: Session['user']['role']): string {
  return role === 'merchant' ? '/merchant' : '/affiliate';
}

/** Any signed-in user (either role), or a redirect to sign-in. */
export async function requireUser(): Promise<Session['user']> {
  const session = await getSession();
  if (!session?.user?.role) redirect('/sign-in');
  return session.user;
}
