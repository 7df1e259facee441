// The one place that decides who referred a conversion (TRACKING-API.md §3):
// explicit → lifetime → coupon → cookie → IP + user-agent → nobody.
// /t/sale and the payment webhooks both call `attribute`. Given a `trace`, it also says,
// step by step, why each method matched or not (server/attribution/trace.ts), from what
// it reads anyway: no query of its own, bar one index probe when a visitor has no recent click.
import { and, desc, eq, getTableColumns, gte, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, clicks, coupons, customers, type Affiliate, type AttributionMethod, type Campaign } from '@/db/schema';
import { AppError } from '../errors';
import { VISITOR_ID_RE } from '../ids';
import { findAffiliateById, findAffiliateByRef, merchantCampaigns } from '../lookups';
import { cookieCandidates, type CookieCandidate } from './cookie-clicks';
import { pickCookieClick, pickFingerprintClick, type CandidateClick } from './pick';
import { age, days, inactiveAffiliate, quoted, shortVisitor, type AttributionStep } from './trace';

export type { AttributionStep } from './trace';
export { pickCookieClick, pickFingerprintClick, withinCookieLifetime, withinFingerprintWindow } from './pick';

export interface AttributionRequest {
  merchantId: string;
  /** An affiliate refId named by an authenticated server call. */
  explicitAffiliate?: string;
  customerId?: string;
  customerEmail?: string;
  coupon?: string;
  visitorId?: string;
  ip?: string;
  userAgent?: string;
  now?: Date;
  /** When given, each method tried is appended to it with the reason it matched or not. */
  trace?: AttributionStep[];
}

export interface Attribution {
  method: AttributionMethod;
  affiliate: Affiliate;
  campaign: Campaign;
  /** The click it was credited by (cookie and IP + user-agent attribution). */
  click?: { id: number; at: Date; ip: string | null };
  /** Same as click.id (kept for the conversion row). */
  clickId?: number;
}

/** Keys a customer is remembered by for lifetime referrals. */
export function customerKeys(customerId?: string, customerEmail?: string): string[] {
  const keys: string[] = [];
  if (customerId) keys.push(`id:${customerId}`);
  if (customerEmail) keys.push(`email:${customerEmail.trim().toLowerCase()}`);
  return keys;
}

export async function attribute(db: Db, req: AttributionRequest): Promise<Attribution | null> {
  const now = req.now ?? new Date();
  const { byId, default: defaultCampaign } = await merchantCampaigns(db, req.merchantId);
  if (!defaultCampaign) return null;
  const approved = (a: Affiliate | undefined): a is Affiliate => !!a && a.status === 'approved';
  const trace = req.trace;
  // Reasons are written only when asked for: without a trace this costs a branch per step.
  const step = (method: AttributionMethod, result: AttributionStep['result'], reason: () => string) =>
    void trace?.push({ method, result, reason: reason() });

  // 1. explicit
  if (req.explicitAffiliate) {
    const affiliate = await findAffiliateByRef(db, req.merchantId, req.explicitAffiliate);
    if (!approved(affiliate)) {
      step('explicit', 'no_match', () =>
        affiliate
          ? `The server call named ${inactiveAffiliate(affiliate)}: the sale is refused.`
          : `The server call named affiliate ${quoted(req.explicitAffiliate!)}, which is not in this program: the sale is refused.`,
      );
      throw new AppError('unknown_affiliate', `No active affiliate "${req.explicitAffiliate}" in this program.`);
    }
    step('explicit', 'match', () => `The server call named affiliate ${affiliate.refId}.`);
    return { method: 'explicit', affiliate, campaign: defaultCampaign };
  }
  step('explicit', 'no_match', () => 'No affiliate was named by the call (only a server call with the API key can name one).');

  // 2. lifetime
  const keys = customerKeys(req.customerId, req.customerEmail);
  if (keys.length) {
    const links = await db
      .select({ key: customers.customerKey, affiliateId: customers.affiliateId, campaignId: customers.campaignId })
      .from(customers)
      .where(and(eq(customers.merchantId, req.merchantId), inArray(customers.customerKey, keys)));
    // The customer id is the stronger key: prefer it over the email.
    links.sort((a, b) => keys.indexOf(a.key) - keys.indexOf(b.key));
    const misses: string[] = [];
    for (const link of links) {
      const campaign = byId.get(link.campaignId) ?? defaultCampaign;
      const who = trace ? customerOf(link.key) : '';
      if (!campaign.lifetimeCommissions) {
        if (trace) misses.push(`${who} is linked to an affiliate through campaign ${quoted(campaign.name)}, which does not pay lifetime commissions`);
        continue;
      }
      const affiliate = await findAffiliateById(db, req.merchantId, link.affiliateId);
      if (approved(affiliate)) {
        step('lifetime', 'match', () => `${who} was referred by affiliate ${affiliate.refId} (lifetime commissions of ${quoted(campaign.name)}).`);
        return { method: 'lifetime', affiliate, campaign };
      }
      if (trace) misses.push(`${who} is linked to ${affiliate ? inactiveAffiliate(affiliate) : 'an affiliate no longer in the program'}`);
    }
    step('lifetime', 'no_match', () =>
      misses.length
        ? `${misses.join('; ')}.`
        : `${keys.map(customerOf).join(' and ')} ${keys.length > 1 ? 'have' : 'has'} no lifetime link to an affiliate (a first verified sale through an affiliate makes one).`,
    );
  } else step('lifetime', 'no_match', () => 'No customer id or email was sent, so there is no lifetime customer to look up.');

  // 3. coupon
  if (req.coupon) {
    // Read whether active or not (the same unique-key lookup): an inactive coupon is named as such.
    const [coupon] = await db
      .select({ affiliateId: coupons.affiliateId, campaignId: coupons.campaignId, active: coupons.active })
      .from(coupons)
      .where(and(eq(coupons.merchantId, req.merchantId), eq(coupons.code, req.coupon.trim().toUpperCase())));
    if (coupon?.active) {
      const affiliate = await findAffiliateById(db, req.merchantId, coupon.affiliateId);
      if (approved(affiliate)) {
        step('coupon', 'match', () => `Coupon ${quoted(req.coupon!)} belongs to affiliate ${affiliate.refId}.`);
        return { method: 'coupon', affiliate, campaign: (coupon.campaignId && byId.get(coupon.campaignId)) || defaultCampaign };
      }
      step('coupon', 'no_match', () =>
        `Coupon ${quoted(req.coupon!)} belongs to ${affiliate ? inactiveAffiliate(affiliate) : 'an affiliate no longer in the program'}.`,
      );
    } else
      step('coupon', 'no_match', () =>
        coupon ? `Coupon ${quoted(req.coupon!)} is turned off (inactive).` : `Coupon ${quoted(req.coupon!)} is not a coupon of this program.`,
      );
  } else step('coupon', 'no_match', () => 'No coupon was sent.');

  const longestCookie = Math.max(...[...byId.values()].map((c) => c.cookieDays));
  const candidateColumns = {
    id: clicks.id,
    affiliateId: clicks.affiliateId,
    campaignId: clicks.campaignId,
    createdAt: clicks.createdAt,
    ip: clicks.ip,
    // The (approved) affiliate comes with its click: no lookup of its own, and never stale.
    affiliate: getTableColumns(affiliates),
  };

  // 4. cookie (the visitor id)
  if (req.visitorId && VISITOR_ID_RE.test(req.visitorId)) {
    const found = await cookieCandidates(db, {
      merchantId: req.merchantId,
      visitorId: req.visitorId,
      since: new Date(now.getTime() - longestCookie * 86_400_000),
      explain: !!trace,
    });
    const rows = found.clicks.filter((c) => c.affiliate.status === 'approved');
    const click = pickCookieClick(rows, byId, now);
    if (click) {
      step('cookie', 'match', () => {
        const campaign = byId.get(click.campaignId);
        const model = campaign?.attributionModel === 'first_click' ? 'first click wins' : 'last click wins';
        return `Visitor ${shortVisitor(req.visitorId!)} clicked affiliate ${click.affiliate.refId}’s link ${age(now.getTime() - click.createdAt.getTime())} ago (${model}, ${days(campaign?.cookieDays ?? longestCookie)} cookie lifetime).`;
      });
      return fromClick('cookie', click);
    }
    step('cookie', 'no_match', () => cookieMiss(req.visitorId!, found.clicks, rows, found.lastClickAt));
  } else
    step('cookie', 'no_match', () =>
      req.visitorId
        ? `Visitor id ${quoted(req.visitorId)} is not a visitor id this tracker makes (32 hexadecimal characters).`
        : 'No visitor id was sent (no _aff_vid cookie and no visitorId field).',
    );

  // 5. IP + user-agent, within the fingerprint window
  const longestWindow = Math.max(...[...byId.values()].map((c) => c.fingerprintWindowHours));
  if (req.ip && req.userAgent) {
    const rows = await db
      .select(candidateColumns)
      .from(clicks)
      .innerJoin(affiliates, and(eq(affiliates.id, clicks.affiliateId), eq(affiliates.status, 'approved')))
      .where(
        and(
          eq(clicks.merchantId, req.merchantId),
          eq(clicks.ip, req.ip),
          eq(clicks.userAgent, req.userAgent),
          gte(clicks.createdAt, new Date(now.getTime() - longestWindow * 3_600_000)),
        ),
      )
      .orderBy(desc(clicks.createdAt), desc(clicks.id))
      .limit(100);
    const click = pickFingerprintClick(rows, byId, now);
    if (click) {
      step('ip_ua', 'match', () => `A click on affiliate ${click.affiliate.refId}’s link came from IP ${req.ip} with the same browser ${age(now.getTime() - click.createdAt.getTime())} ago (window ${byId.get(click.campaignId)?.fingerprintWindowHours ?? longestWindow} hours).`);
      return fromClick('ip_ua', click);
    }
    step('ip_ua', 'no_match', () =>
      longestWindow === 0
        ? 'IP + user-agent matching is turned off (fingerprint window 0 hours).'
        : rows.length
          ? `Clicks came from IP ${req.ip} with this browser, but none within its campaign’s fingerprint window.`
          : `No click of an active affiliate came from IP ${req.ip} with this browser (user-agent) within the ${longestWindow}-hour fingerprint window.`,
    );
  } else
    step('ip_ua', 'no_match', () =>
      req.ip || req.userAgent
        ? `No ${req.ip ? 'user-agent' : 'IP address'} was sent, so the IP + user-agent match cannot be tried.`
        : 'No IP address and user-agent were sent (a server call passes the shopper’s as ip and userAgent).',
    );

  return null;

  function fromClick(method: AttributionMethod, click: CandidateClick & { affiliate: Affiliate }): Attribution {
    const affiliate = click.affiliate;
    return {
      method,
      affiliate,
      campaign: byId.get(click.campaignId) ?? defaultCampaign!,
      clickId: click.id,
      click: { id: click.id, at: click.createdAt, ip: click.ip ?? null },
    };
  }

  /** Why none of a visitor's clicks counts. `all`: its clicks within the longest cookie lifetime; `active`: those of approved affiliates. */
  function cookieMiss(visitorId: string, all: CookieCandidate[], active: CookieCandidate[], lastClickAt: Date | null | undefined): string {
    const v = `Visitor ${shortVisitor(visitorId)}`;
    if (all.length === 0) {
      if (!lastClickAt) return `${v} is unknown: no click was ever recorded for this visitor id in this program.`;
      return `${v} has no click within the ${days(longestCookie)} cookie lifetime (last click ${age(now.getTime() - lastClickAt.getTime())} ago).`;
    }
    if (active.length === 0) {
      const names = [...new Map(all.map((c) => [c.affiliate.id, inactiveAffiliate(c.affiliate)])).values()];
      return `${v} clicked only the links of ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}: no active affiliate to credit.`;
    }
    const last = active.at(-1)!;
    const campaign = byId.get(last.campaignId);
    return `${v} has no click within its campaign’s cookie lifetime (last click ${age(now.getTime() - last.createdAt.getTime())} ago, ${campaign ? `${quoted(campaign.name)} keeps a ${days(campaign.cookieDays)} cookie` : 'its campaign is gone'}).`;
  }
}

/** `Customer cus_1` / `Customer buyer@example.com` from a customer key. */
function customerOf(key: string): string {
  return key.startsWith('id:') ? `Customer ${quoted(key.slice(3))}` : `Customer ${quoted(key.slice(6))}`;
}

/** The affiliate and its ancestors, tier 1 first (bounded, and safe against a cycle). */
export async function parentChain(db: Db, merchantId: string, affiliate: Affiliate, maxTiers: number): Promise<Affiliate[]> {
  const chain = [affiliate];
  const seen = new Set([affiliate.id]);
  let current = affiliate;
  while (chain.length < maxTiers && current.parentId && !seen.has(current.parentId)) {
    const parent = await findAffiliateById(db, merchantId, current.parentId);
    if (!parent) break;
    chain.push(parent);
    seen.add(parent.id);
    current = parent;
  }
  return chain;
}
