// Read models of the Campaigns section. Every function takes the tenant first; an
// id of another merchant reads as nothing.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { isUuid } from './affiliates';
import { affiliateCommissionGroups, affiliates, banners, campaigns, commissionGroups, commissionRules, coupons } from '@/db/schema';

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
      rules: sql<number>`(select count(*)::int from ${commissionRules} r where r.merchant_id = "campaigns"."merchant_id" and r.campaign_id = "campaigns"."id" and r.commission_group_id is null)`,
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
        isNull(commissionRules.commissionGroupId),
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

/** The campaign's own rules (not its groups'): sale rules first, then actions by code; general before per-product; by tier. */
export function listRules(db: Db, merchantId: string, campaignId: string) {
  return listAllRules(db, merchantId, campaignId, true);
}

/** A campaign's commission groups by name, each with its rules and how many affiliates are in it. */
export async function listCommissionGroups(db: Db, merchantId: string, campaignId: string) {
  const [groups, rules] = await Promise.all([
    db
      .select({
        id: commissionGroups.id,
        name: commissionGroups.name,
        members: sql<number>`(select count(*)::int from ${affiliateCommissionGroups} m where m.merchant_id = ${commissionGroups.merchantId} and m.group_id = ${commissionGroups.id})`,
      })
      .from(commissionGroups)
      .where(and(eq(commissionGroups.merchantId, merchantId), eq(commissionGroups.campaignId, campaignId)))
      .orderBy(asc(sql`lower(${commissionGroups.name})`)),
    listAllRules(db, merchantId, campaignId, false),
  ]);
  return groups.map((g) => ({ ...g, rules: rules.filter((r) => r.commissionGroupId === g.id) }));
}

/** Every commission group of the merchant's live campaigns, for pickers (affiliate page, bulk action). */
export function listGroupChoices(db: Db, merchantId: string) {
  return db
    .select({ id: commissionGroups.id, name: commissionGroups.name, campaignId: campaigns.id, campaignName: campaigns.name })
    .from(commissionGroups)
    .innerJoin(campaigns, and(eq(campaigns.merchantId, commissionGroups.merchantId), eq(campaigns.id, commissionGroups.campaignId)))
    .where(and(eq(commissionGroups.merchantId, merchantId), eq(campaigns.archived, false)))
    .orderBy(asc(campaigns.name), asc(sql`lower(${commissionGroups.name})`));
}

/** The groups an affiliate is in, by campaign id; undefined for no such affiliate of this merchant. */
export async function affiliateGroups(db: Db, merchantId: string, affiliateId: string): Promise<Record<string, string> | undefined> {
  const [own] = isUuid(affiliateId)
    ? await db.select({ id: affiliates.id }).from(affiliates).where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
    : [];
  if (!own) return undefined;
  const rows = await db
    .select({ campaignId: affiliateCommissionGroups.campaignId, groupId: affiliateCommissionGroups.groupId })
    .from(affiliateCommissionGroups)
    .where(and(eq(affiliateCommissionGroups.merchantId, merchantId), eq(affiliateCommissionGroups.affiliateId, affiliateId)));
  return Object.fromEntries(rows.map((r) => [r.campaignId, r.groupId]));
}

function listAllRules(db: Db, merchantId: string, campaignId: string, ownOnly: boolean) {
  return db
    .select()
    .from(commissionRules)
    .where(
      and(
        eq(commissionRules.merchantId, merchantId),
        eq(commissionRules.campaignId, campaignId),
        ownOnly ? isNull(commissionRules.commissionGroupId) : sql`${commissionRules.commissionGroupId} is not null`,
      ),
    )
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
