// The one place that decides who referred a conversion (TRACKING-API.md §3):
// explicit → lifetime → coupon → cookie → IP + user-agent → nobody.
// /t/sale and the payment webhooks both call `attribute`.
import { and, desc, eq, getTableColumns, gte, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, clicks, coupons, customers, type Affiliate, type AttributionMethod, type Campaign } from '@/db/schema';
import { AppError } from '../errors';
import { VISITOR_ID_RE } from '../ids';
import { findAffiliateById, findAffiliateByRef, merchantCampaigns } from '../tracking/lookups';
import { cookieCandidates } from './cookie-clicks';
import { pickCookieClick, pickFingerprintClick, type CandidateClick } from './pick';

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

  // 1. explicit
  if (req.explicitAffiliate) {
    const affiliate = await findAffiliateByRef(db, req.merchantId, req.explicitAffiliate);
    if (!approved(affiliate))
      throw new AppError('unknown_affiliate', `No active affiliate "${req.explicitAffiliate}" in this program.`);
    return { method: 'explicit', affiliate, campaign: defaultCampaign };
  }

  // 2. lifetime
  const keys = customerKeys(req.customerId, req.customerEmail);
  if (keys.length) {
    const links = await db
      .select({ key: customers.customerKey, affiliateId: customers.affiliateId, campaignId: customers.campaignId })
      .from(customers)
      .where(and(eq(customers.merchantId, req.merchantId), inArray(customers.customerKey, keys)));
    // The customer id is the stronger key: prefer it over the email.
    links.sort((a, b) => keys.indexOf(a.key) - keys.indexOf(b.key));
    for (const link of links) {
      const campaign = byId.get(link.campaignId) ?? defaultCampaign;
      if (!campaign.lifetimeCommissions) continue;
      const affiliate = await findAffiliateById(db, req.merchantId, link.affiliateId);
      if (approved(affiliate)) return { method: 'lifetime', affiliate, campaign };
    }
  }

  // 3. coupon
  if (req.coupon) {
    const [coupon] = await db
      .select({ affiliateId: coupons.affiliateId, campaignId: coupons.campaignId })
      .from(coupons)
      .where(
        and(eq(coupons.merchantId, req.merchantId), eq(coupons.code, req.coupon.trim().toUpperCase()), eq(coupons.active, true)),
      );
    if (coupon) {
      const affiliate = await findAffiliateById(db, req.merchantId, coupon.affiliateId);
      if (approved(affiliate))
        return { method: 'coupon', affiliate, campaign: (coupon.campaignId && byId.get(coupon.campaignId)) || defaultCampaign };
    }
  }

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
    const rows = await cookieCandidates(db, {
      merchantId: req.merchantId,
      visitorId: req.visitorId,
      since: new Date(now.getTime() - longestCookie * 86_400_000),
    });
    const click = pickCookieClick(rows, byId, now);
    if (click) return fromClick('cookie', click);
  }

  // 5. IP + user-agent, within the fingerprint window
  if (req.ip && req.userAgent) {
    const longestWindow = Math.max(...[...byId.values()].map((c) => c.fingerprintWindowHours));
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
    if (click) return fromClick('ip_ua', click);
  }

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
