// The tracker's view of a merchant's blocklists. The compiled IP list is kept per
// merchant row: the lookups cache hands out the same row object until it expires or
// a settings change invalidates it, so the list is parsed once per refresh, not per click.
import type { Affiliate, Merchant } from '@/db/schema';
import type { ClickFlag } from './flags';
import { IpBlocklist } from './ip';

const g = globalThis as typeof globalThis & { __affBlocklists?: WeakMap<Merchant, IpBlocklist> };
const compiled = (g.__affBlocklists ??= new WeakMap());

export function ipBlocklistOf(merchant: Merchant): IpBlocklist {
  let list = compiled.get(merchant);
  if (!list) compiled.set(merchant, (list = new IpBlocklist(merchant.blockedIps)));
  return list;
}

/**
 * Why a click never counts as unique, whatever came before it; null when it may. `country`
 * is the click's (server/geo): a blocked country is treated as a blocked IP. A flagged
 * country leaves the click alone; only its sales are held for review (conversionFlags).
 */
export function blockedClickFlag(
  merchant: Merchant,
  affiliate: Pick<Affiliate, 'blocked'>,
  ip: string | null,
  country?: string | null,
): ClickFlag | null {
  if (ipBlocklistOf(merchant).has(ip)) return 'blocked_ip';
  if (country && merchant.blockedCountries.includes(country)) return 'blocked_country';
  if (affiliate.blocked) return 'blocked_affiliate';
  return null;
}
