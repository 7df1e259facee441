// Read models of the Campaigns section. Every function takes the tenant first; an
// id of another merchant reads as nothing.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, banners, campaigns, commissionRules, coupons } from '@/db/schema';

/** Every campaign with its key settings and how many rules and live banners it has; default first, archived last. */
export async function listCampaigns(db: Db, merchantId: string) {
  const rows = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      isDefault: campaigns.isDefault,
      currency: campaigns.currency,
      cookieDays: campaigns.cookieDays,
      attributionModel: campaigns.attributionModel,
      lifetimeCommissions: campaigns.lifetimeCommissions,
      recurringCommissions: campaigns.recurringCommissions,
      autoApprove: campaigns.autoApprove,
      autoApproveAfterDays: campaigns.autoApproveAfterDays,
      archived: campaigns.archived,
      createdAt: campaigns.createdAt,
      rules: sql<number>`(select count(*)::int from ${commissionRules} r where r.merchant_id = "campaigns"."merchant_id" and r.campaign_id = "campaigns"."id")`,
      banners: sql<number>`(select count(*)::int from ${banners} b where b.merchant_id = "campaigns"."merchant_id" and b.campaign_id = "campaigns"."id" and not b.archived)`,
    })
    .from(campaigns)
    .where(eq(campaigns.merchantId, merchantId))
    .orderBy(desc(campaigns.isDefault), asc(campaigns.archived), asc(campaigns.name));
  const saleRules = await db
    .select({ campaignId: commissionRules.campaignId, kind: commissionRules.kind, percentBp: commissionRules.percentBp, fixedAmount: commissionRules.fixedAmount })
    .from(commissionRules)
    .where(
      and(
        eq(commissionRules.merchantId, merchantId),
        eq(commissionRules.actionCode, ''),
        eq(commissionRules.tier, 1),
        sql`${commissionRules.productId} is null`,
      ),
    );
  return rows.map((c) => ({ ...c, saleRule: saleRules.find((r) => r.campaignId === c.id) ?? null }));
}

export async function getCampaign(db: Db, merchantId: string, campaignId: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.id, campaignId)));
  return row;
}

/** Sale rules first, then actions by code; general before per-product; by tier. */
export function listRules(db: Db, merchantId: string, campaignId: string) {
  return db
    .select()
    .from(commissionRules)
    .where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.campaignId, campaignId)))
    .orderBy(
      asc(commissionRules.actionCode),
      sql`${commissionRules.productId} is not null`,
      asc(commissionRules.productId),
      asc(commissionRules.tier),
    );
}

/** Live banners first, then archived ones, by name. */
export function listBanners(db: Db, merchantId: string, campaignId: string) {
  return db
    .select()
    .from(banners)
    .where(and(eq(banners.merchantId, merchantId), eq(banners.campaignId, campaignId)))
    .orderBy(asc(banners.archived), asc(banners.name));
}

/** Coupons with the affiliate each credits; active first, newest first. */
export function listCoupons(db: Db, merchantId: string) {
  return db
    .select({
      id: coupons.id,
      code: coupons.code,
      active: coupons.active,
      createdAt: coupons.createdAt,
      campaignId: coupons.campaignId,
      campaignName: campaigns.name,
      affiliateId: coupons.affiliateId,
      affiliateName: affiliates.name,
      affiliateRefId: affiliates.refId,
    })
    .from(coupons)
    .innerJoin(affiliates, eq(affiliates.id, coupons.affiliateId))
    .leftJoin(campaigns, eq(campaigns.id, coupons.campaignId))
    .where(eq(coupons.merchantId, merchantId))
    .orderBy(desc(coupons.active), desc(coupons.createdAt));
}

/** Affiliates a coupon can be assigned to: the approved ones, by name. */
export function listCouponAffiliates(db: Db, merchantId: string) {
  return db
    .select({ id: affiliates.id, name: affiliates.name, refId: affiliates.refId })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.status, 'approved')))
    .orderBy(asc(affiliates.name));
}
