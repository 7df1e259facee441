// The fraud flags a conversion or a click can carry, with the reason a person reads
// in the panel and the CSV. No server-only imports: the panels' client components use it.

export const CONVERSION_FLAGS = {
  self_referral: 'Self-referral: the customer is the affiliate (own email); no commission was credited.',
  blocked_ip: 'The sale or its click came from a blocked IP address.',
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
  blocked_affiliate: 'The affiliate is on your blocklist.',
  handoff: 'The same click, credited to the visitor id this browser already held when it followed a hand-off link (redirect mode or a decorated cross-domain link).',
} as const;

export type ConversionFlag = keyof typeof CONVERSION_FLAGS;
export type ClickFlag = keyof typeof CLICK_FLAGS;

/** Short labels for badges. */
export const FLAG_LABELS: Record<ConversionFlag | ClickFlag, string> = {
  self_referral: 'Self-referral',
  blocked_ip: 'Blocked IP',
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

export function conversionFlagReason(flag: string): string {
  return (CONVERSION_FLAGS as Record<string, string>)[flag] ?? flag;
}

export function clickFlagReason(flag: string): string {
  return (CLICK_FLAGS as Record<string, string>)[flag] ?? flag;
}

export function flagLabel(flag: string): string {
  return (FLAG_LABELS as Record<string, string>)[flag] ?? flag;
}
