// The addresses affiliates sign in from, remembered so that a sale from one of them
// is flagged `affiliate_ip`. Written at sign-in (never for an impersonating merchant).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliateSignInIps } from '@/db/schema';
import { canonicalIp } from './ip';

/** How long a sign-in address stays the affiliate's: dynamic addresses move on to other people. */
export const AFFILIATE_IP_MEMORY_DAYS = 90;

/**
 * True (in SQL) when the affiliate signed in from this address within the memory: a
 * condition the conversion's INSERT evaluates (server/fraud/conversion-flags.ts).
 */
export function signedInFrom(merchantId: string, affiliateId: string, ip: string, now: Date): SQL<boolean> {
  const since = new Date(now.getTime() - AFFILIATE_IP_MEMORY_DAYS * 86_400_000).toISOString();
  return sql<boolean>`exists (select 1 from ${affiliateSignInIps}
    where ${affiliateSignInIps.affiliateId} = ${affiliateId}::uuid and ${affiliateSignInIps.merchantId} = ${merchantId}
      and ${affiliateSignInIps.ip} = ${canonicalIp(ip)} and ${affiliateSignInIps.lastSeenAt} >= ${since}::timestamptz)`;
}

/** Remembers (or refreshes) an address an affiliate signed in from. */
export async function noteAffiliateSignIn(db: Db, merchantId: string, affiliateId: string, ip: string): Promise<void> {
  if (!ip || ip === 'unknown') return;
  await db
    .insert(affiliateSignInIps)
    .values({ merchantId, affiliateId, ip: canonicalIp(ip) })
    .onConflictDoUpdate({ target: [affiliateSignInIps.affiliateId, affiliateSignInIps.ip], set: { lastSeenAt: new Date() } });
}
