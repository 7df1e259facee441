// The addresses affiliates sign in from, remembered so that a sale from one of them
// is flagged `affiliate_ip`. Written at sign-in (never for an impersonating merchant).
import type { Db } from '@/db';
import { affiliateSignInIps } from '@/db/schema';
import { canonicalIp } from './ip';

/** How long a sign-in address stays the affiliate's: dynamic addresses move on to other people. */
export const AFFILIATE_IP_MEMORY_DAYS = 90;

/** The oldest sign-in that still makes an address the affiliate's, for a conversion at `now`. */
export function signInMemoryStart(now: Date): Date {
  return new Date(now.getTime() - AFFILIATE_IP_MEMORY_DAYS * 86_400_000);
}

/** Remembers (or refreshes) an address an affiliate signed in from. */
export async function noteAffiliateSignIn(db: Db, merchantId: string, affiliateId: string, ip: string): Promise<void> {
  if (!ip || ip === 'unknown') return;
  await db
    .insert(affiliateSignInIps)
    .values({ merchantId, affiliateId, ip: canonicalIp(ip) })
    .onConflictDoUpdate({ target: [affiliateSignInIps.merchantId, affiliateSignInIps.affiliateId, affiliateSignInIps.ip], set: { lastSeenAt: new Date() } });
}
