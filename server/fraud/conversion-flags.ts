// The fraud checks of a conversion, run before it is written. They only add flags:
// the response and the commissions' status stay as they would be (TRACKING-API.md §0);
// a flagged conversion's commissions are held out of auto-approval and payouts until
// the merchant reviews them (server/fraud/review.ts). A self-referral is the one
// refusal: it earns no commission at all.
import type { Affiliate, Campaign, Merchant } from '@/db/schema';
import type { Attribution } from '../attribution';
import { ipBlocklistOf } from './blocklist';
import { countryOf } from '../geo';
import type { ConversionFlag, CountryFlag } from './flags';
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
  known.push(...countryFlags(c.merchant, [countryOf(c.ip), countryOf(a?.click?.ip)]));
  if (a?.affiliate.blocked) known.push('blocked_affiliate');
  const fast = c.merchant.fastConversionSeconds;
  if (a?.click && fast > 0 && now.getTime() - a.click.at.getTime() <= fast * 1000) known.push('fast_conversion');
  const signInIp =
    a && c.ip && c.merchant.flagAffiliateIps ? { merchantId: c.merchant.id, affiliateId: a.affiliate.id, ip: c.ip, now } : undefined;
  return { known, signInIp };
}

/**
 * The country rules for a conversion, from the countries of the sale's address and of its
 * click's (server/geo; unknown ones are null): one flag per country on a list, naming it
 * (`blocked_country:RU`, `flagged_country:BR`), a blocked country first. The database must
 * be loaded (startGeo) for the countries to be known.
 */
export function countryFlags(merchant: Pick<Merchant, 'blockedCountries' | 'flaggedCountries'>, countries: (string | null | undefined)[]): CountryFlag[] {
  if (merchant.blockedCountries.length === 0 && merchant.flaggedCountries.length === 0) return [];
  const seen = [...new Set(countries.filter((c): c is string => !!c))];
  return [
    ...seen.filter((c) => merchant.blockedCountries.includes(c)).map((c): CountryFlag => `blocked_country:${c}`),
    ...seen.filter((c) => !merchant.blockedCountries.includes(c) && merchant.flaggedCountries.includes(c)).map((c): CountryFlag => `flagged_country:${c}`),
  ];
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

/** A browser total this many times the campaign's usual order value, or more, is flagged… */
export const UNUSUAL_TOTAL_FACTOR = 10;
/** …once the campaign has at least this many sales to compare with. */
export const UNUSUAL_TOTAL_MIN_SALES = 5;

/**
 * The checks only a browser-reported conversion gets (TRACKING-API.md §0: a browser is
 * not a verified source): the campaign waits for confirmation, the total is far above
 * the usual, the page is not on the allowed domains, the visitor is past the campaign's
 * action limit. All but the last keep the commissions (held for review); the last earns none.
 */
export function browserFlags(c: {
  merchant: Merchant;
  campaign: Campaign;
  total: number;
  usual?: { mean: number; count: number };
  originHost?: string;
  limited: boolean;
}): ConversionFlag[] {
  const flags: ConversionFlag[] = [];
  if (c.limited) flags.push('action_limit');
  if (c.campaign.browserSales === 'confirm') flags.push('unconfirmed');
  if (c.usual && c.usual.count >= UNUSUAL_TOTAL_MIN_SALES && c.usual.mean > 0 && c.total >= c.usual.mean * UNUSUAL_TOTAL_FACTOR)
    flags.push('unusual_total');
  // Only once the merchant has named its domains: a new program's every sale would be flagged.
  const domains = c.merchant.allowedDomains;
  if (c.originHost !== undefined && domains.length > 0 && !hostAllowed(c.originHost, domains)) flags.push('foreign_origin');
  return flags;
}

/** A host is allowed when it is one of the domains or a subdomain of one (any port). */
export function hostAllowed(host: string, domains: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => {
    const domain = d.toLowerCase().replace(/^\*\./, '');
    return h === domain || h.endsWith(`.${domain}`);
  });
}
