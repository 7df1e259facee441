// Read models of the affiliate panel. Every function takes (merchantId, affiliateId)
// from the session: an affiliate only ever reads its own rows.
import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, banners, campaigns, commissions, conversions, merchants, payouts } from '@/db/schema';

/** Affiliates who joined through this affiliate's link, with the tier-2 commissions they brought. */
export async function listSubAffiliates(db: Db, merchantId: string, affiliateId: string) {
  const children = await db
    .select({ id: affiliates.id, name: affiliates.name, refId: affiliates.refId, status: affiliates.status, createdAt: affiliates.createdAt })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.parentId, affiliateId)))
    .orderBy(desc(affiliates.createdAt));
  if (children.length === 0) return [];
  // Tier-2 commissions this affiliate earned on conversions its children referred.
  const rows = await db
    .select({
      childId: conversions.affiliateId,
      currency: commissions.currency,
      amount: sql<string>`sum(${commissions.amount})`,
      n: sql<number>`count(*)::int`,
    })
    .from(commissions)
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.affiliateId, affiliateId),
        eq(commissions.tier, 2),
        ne(commissions.status, 'declined'),
        inArray(
          conversions.affiliateId,
          children.map((c) => c.id),
        ),
      ),
    )
    .groupBy(conversions.affiliateId, commissions.currency);
  return children.map((c) => ({
    ...c,
    commissions: rows.filter((r) => r.childId === c.id).map((r) => ({ currency: r.currency, amount: Number(r.amount), count: r.n })),
  }));
}

export async function listAffiliatePayouts(db: Db, merchantId: string, affiliateId: string) {
  return db
    .select({ id: payouts.id, amount: payouts.amount, currency: payouts.currency, status: payouts.status, method: payouts.method, createdAt: payouts.createdAt, paidAt: payouts.paidAt })
    .from(payouts)
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.affiliateId, affiliateId)))
    .orderBy(desc(payouts.createdAt));
}

/** Earnings not yet in a payout, by status and currency. */
export async function unpaidBalance(db: Db, merchantId: string, affiliateId: string) {
  const rows = await db
    .select({ status: commissions.status, currency: commissions.currency, amount: sql<string>`sum(${commissions.amount})` })
    .from(commissions)
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.affiliateId, affiliateId),
        inArray(commissions.status, ['pending', 'approved']),
        isNull(commissions.payoutId),
      ),
    )
    .groupBy(commissions.status, commissions.currency);
  const pick = (s: string) => rows.filter((r) => r.status === s).map((r) => ({ currency: r.currency, amount: Number(r.amount) }));
  return { pending: pick('pending'), approved: pick('approved') };
}

export async function payoutDetailsOf(db: Db, merchantId: string, affiliateId: string) {
  const [row] = await db
    .select({ payoutMethod: affiliates.payoutMethod, payoutDetails: affiliates.payoutDetails })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
  return row;
}

/** What the link generator and banner pages need: the program's website, domains, campaigns and banners. */
export async function programForLinks(db: Db, merchantId: string) {
  const [merchant] = await db
    .select({ id: merchants.id, websiteUrl: merchants.websiteUrl, allowedDomains: merchants.allowedDomains })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  const campaignRows = await db
    .select({ id: campaigns.id, name: campaigns.name, isDefault: campaigns.isDefault, cookieDays: campaigns.cookieDays })
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.archived, false)))
    .orderBy(desc(campaigns.isDefault), asc(campaigns.name));
  const bannerRows = await db
    .select()
    .from(banners)
    .where(and(eq(banners.merchantId, merchantId), eq(banners.archived, false)))
    .orderBy(asc(banners.name));
  return { merchant: merchant!, campaigns: campaignRows, banners: bannerRows };
}
