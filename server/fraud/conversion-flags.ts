// The fraud checks of a conversion, run before it is written. They only add flags:
// the response and the commissions' status stay as they would be (TRACKING-API.md §0);
// a flagged conversion's commissions are held out of auto-approval and payouts until
// the merchant reviews them (server/fraud/review.ts). A self-referral is the one
// refusal: it earns no commission at all.
import type { Affiliate, Merchant } from '@/db/schema';
import type { Attribution } from '../attribution';
import { ipBlocklistOf } from './blocklist';
import type { ConversionFlag } from './flags';
import { canonicalIp } from './ip';
import { signInMemoryStart } from './sign-in-ips';

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

/**
 * A conversion's flags, in the order they are stored. All but one are decided from
 * what is in memory; whether the shopper's address is one the affiliate signed in
 * from is asked of the database inside the conversion's own INSERT (`flagParts`,
 * server/tracking/conversion-writer.ts): no round trip of its own, and never a stale answer.
 */
export interface ConversionFlags {
  /** The flags decided in memory. */
  known: ConversionFlag[];
  /** Set when `affiliate_ip` depends on the sign-in addresses. */
  signInIp?: { merchantId: string; affiliateId: string; ip: string; now: Date };
}

export function conversionFlags(c: ConversionCheck): ConversionFlags {
  const known: ConversionFlag[] = [];
  const a = c.attribution;
  const now = c.now ?? new Date();
  if (a && isSelfReferral(a.affiliate, c.customerEmail)) known.push('self_referral');
  const blocklist = ipBlocklistOf(c.merchant);
  if (blocklist.has(c.ip) || blocklist.has(a?.click?.ip)) known.push('blocked_ip');
  if (a?.affiliate.blocked) known.push('blocked_affiliate');
  const fast = c.merchant.fastConversionSeconds;
  if (a?.click && fast > 0 && now.getTime() - a.click.at.getTime() <= fast * 1000) known.push('fast_conversion');
  const signInIp =
    a && c.ip && c.merchant.flagAffiliateIps ? { merchantId: c.merchant.id, affiliateId: a.affiliate.id, ip: c.ip, now } : undefined;
  return { known, signInIp };
}

/**
 * `conversions.flags` in parts for the conversion writer's statement: the known flags,
 * with `affiliate_ip` between `before` and `after` when the database finds the address
 * among the affiliate's sign-in addresses (its canonical form, since `signInSince`).
 */
export function flagParts(f: ConversionFlags): {
  before: ConversionFlag[];
  after: ConversionFlag[];
  signIn: { ip: string; since: Date } | null;
} {
  if (!f.signInIp) return { before: f.known, after: [], signIn: null };
  const at = f.known.indexOf('fast_conversion');
  const [before, after] = at === -1 ? [f.known, []] : [f.known.slice(0, at), f.known.slice(at)];
  const { ip, now } = f.signInIp;
  return { before, after, signIn: { ip: canonicalIp(ip), since: signInMemoryStart(now) } };
}
