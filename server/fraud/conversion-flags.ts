// The fraud checks of a conversion, run before it is written. They only add flags:
// the response and the commissions' status stay as they would be (TRACKING-API.md §0);
// a flagged conversion's commissions are held out of auto-approval and payouts until
// the merchant reviews them (server/fraud/review.ts). A self-referral is the one
// refusal: it earns no commission at all.
import type { Db } from '@/db';
import type { Affiliate, Merchant } from '@/db/schema';
import type { Attribution } from '../attribution';
import { ipBlocklistOf } from './blocklist';
import type { ConversionFlag } from './flags';
import { signedInFrom } from './sign-in-ips';

/**
 * An email address reduced to its mailbox: lower case, without a `+tag`, and for
 * Gmail without dots (ann.lee+shop@gmail.com is annlee@gmail.com).
 */
export function mailboxOf(email: string): string {
  const at = email.trim().toLowerCase().lastIndexOf('@');
  if (at < 0) return email.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  let local = e.slice(0, at).replace(/\+.*$/, '');
  let domain = e.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

/** The customer is the affiliate: the same mailbox as the affiliate's email. */
export function isSelfReferral(affiliate: Pick<Affiliate, 'email'>, customerEmail: string | undefined): boolean {
  return !!customerEmail && mailboxOf(customerEmail) === mailboxOf(affiliate.email);
}

export interface ConversionCheck {
  merchant: Merchant;
  attribution: Attribution | null;
  customerEmail?: string;
  /** The shopper's address, when known (browser calls; server calls that pass it). */
  ip?: string;
  now?: Date;
}

export async function conversionFlags(db: Db, c: ConversionCheck): Promise<ConversionFlag[]> {
  const flags: ConversionFlag[] = [];
  const a = c.attribution;
  const now = c.now ?? new Date();
  if (a && isSelfReferral(a.affiliate, c.customerEmail)) flags.push('self_referral');
  const blocklist = ipBlocklistOf(c.merchant);
  if (blocklist.has(c.ip) || blocklist.has(a?.click?.ip)) flags.push('blocked_ip');
  if (a?.affiliate.blocked) flags.push('blocked_affiliate');
  if (a && c.ip && c.merchant.flagAffiliateIps && (await signedInFrom(db, c.merchant.id, a.affiliate.id, c.ip, now)))
    flags.push('affiliate_ip');
  const fast = c.merchant.fastConversionSeconds;
  if (a?.click && fast > 0 && now.getTime() - a.click.at.getTime() <= fast * 1000) flags.push('fast_conversion');
  return flags;
}
