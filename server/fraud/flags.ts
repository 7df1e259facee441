// The fraud flags a conversion or a click can carry, with the reason a person reads
// in the panel and the CSV. No server-only imports: the panels' client components use it.
// A country rule's flag names the country after a colon (`blocked_country:RU`), so the
// reason a person reads says which one.
import { countryLabel } from './countries';

export const CONVERSION_FLAGS = {
  self_referral: 'Self-referral: the customer is the affiliate (own email); no commission was credited.',
  blocked_ip: 'The sale or its click came from a blocked IP address.',
  blocked_country: 'The sale or its click came from a country on your blocklist.',
  flagged_country: 'The sale or its click came from a country you flag for review.',
  blocked_affiliate: 'The affiliate is on your blocklist.',
  affiliate_ip: 'The sale came from an IP address the affiliate signed in from.',
  fast_conversion: 'The conversion came seconds after its click.',
  unconfirmed: 'Reported by the browser only: this campaign waits for your server or payment provider to confirm the order.',
  unusual_total: 'Reported by the browser with a total far above this campaign’s usual order value.',
  foreign_origin: 'Reported by the browser from a page outside your allowed domains.',
  action_limit: 'Reported by the browser past the campaign’s limit of actions per visitor; no commission was credited.',
} as const;

export const CLICK_FLAGS = {
  repeat: 'Repeat click of the same visitor or IP for this affiliate within the repeat window.',
  blocked_ip: 'From a blocked IP address.',
  blocked_country: 'From a country on your blocklist.',
  blocked_affiliate: 'The affiliate is on your blocklist.',
  handoff: 'The same click, credited to the visitor id this browser already held when it followed a hand-off link (redirect mode or a decorated cross-domain link).',
} as const;

/** The country rules' flags, stored with the country: `blocked_country:RU`. */
export type CountryFlag = `${'blocked_country' | 'flagged_country'}:${string}`;
export type ConversionFlag = Exclude<keyof typeof CONVERSION_FLAGS, 'blocked_country' | 'flagged_country'> | CountryFlag;
export type ClickFlag = keyof typeof CLICK_FLAGS;

/** Short labels for badges. */
export const FLAG_LABELS: Record<keyof typeof CONVERSION_FLAGS | ClickFlag, string> = {
  self_referral: 'Self-referral',
  blocked_ip: 'Blocked IP',
  blocked_country: 'Blocked country',
  flagged_country: 'Flagged country',
  blocked_affiliate: 'Blocked affiliate',
  affiliate_ip: 'Affiliate’s own IP',
  fast_conversion: 'Fast conversion',
  unconfirmed: 'Awaiting confirmation',
  unusual_total: 'Unusual total',
  foreign_origin: 'Foreign page',
  action_limit: 'Action limit',
  repeat: 'Repeat',
  handoff: 'Hand-off',
};

/** A flag's name and, for a country rule's flag, its country code. */
export function splitFlag(flag: string): { name: string; country?: string } {
  const at = flag.indexOf(':');
  return at < 0 ? { name: flag } : { name: flag.slice(0, at), country: flag.slice(at + 1) };
}

export function conversionFlagReason(flag: string): string {
  const { name, country } = splitFlag(flag);
  if (country && name === 'blocked_country') return `The sale or its click came from ${countryLabel(country)}, a country on your blocklist.`;
  if (country && name === 'flagged_country') return `The sale or its click came from ${countryLabel(country)}, a country you flag for review.`;
  return (CONVERSION_FLAGS as Record<string, string>)[flag] ?? flag;
}

export function clickFlagReason(flag: string): string {
  return (CLICK_FLAGS as Record<string, string>)[flag] ?? flag;
}

export function flagLabel(flag: string): string {
  const { name, country } = splitFlag(flag);
  const label = (FLAG_LABELS as Record<string, string>)[name];
  if (!label) return flag;
  return country ? `${label}: ${country}` : label;
}
