// What an affiliate should know about the program, from the real rules: per campaign its
// cookie lifetime and the commission rules that apply to this affiliate (its commission
// group's rule where it has one, rule by rule, else the campaign's own), per action,
// product and tier; the payout minimum and schedule; the coupons assigned to it; and the
// program's terms as the merchant wrote them ('' when there are none).
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliateCommissionGroups, campaigns, commissionRules, coupons, merchants } from '@/db/schema';
import { payoutSettingsView } from '../settings/payout-settings';

export interface TermsRule {
  actionCode: string;
  productId: string | null;
  tier: number;
  kind: string;
  percentBp: number | null;
  fixedAmount: number | null;
  /** From the affiliate's commission group rather than the campaign's own rules. */
  fromGroup: boolean;
}

export interface AffiliateTerms {
  campaigns: { id: string; name: string; currency: string; cookieDays: number; lifetime: boolean; recurring: boolean; rules: TermsRule[] }[];
  payout: ReturnType<typeof payoutSettingsView>;
  coupons: { code: string; campaignId: string | null }[];
  /** Settings › Program terms: plain text with line breaks; '' for none. */
  programTerms: string;
}

export async function affiliateTerms(db: Db, merchantId: string, affiliateId: string): Promise<AffiliateTerms> {
  const [campaignRows, memberships, merchant, couponRows] = await Promise.all([
    db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.archived, false)))
      .orderBy(asc(campaigns.name)),
    db
      .select({ campaignId: affiliateCommissionGroups.campaignId, groupId: affiliateCommissionGroups.groupId })
      .from(affiliateCommissionGroups)
      .where(and(eq(affiliateCommissionGroups.merchantId, merchantId), eq(affiliateCommissionGroups.affiliateId, affiliateId))),
    db.select().from(merchants).where(eq(merchants.id, merchantId)),
    db
      .select({ code: coupons.code, campaignId: coupons.campaignId })
      .from(coupons)
      .where(and(eq(coupons.merchantId, merchantId), eq(coupons.affiliateId, affiliateId), eq(coupons.active, true)))
      .orderBy(asc(coupons.code)),
  ]);
  const ids = campaignRows.map((c) => c.id);
  const groupOf = new Map(memberships.map((m) => [m.campaignId, m.groupId]));
  const groupIds = [...groupOf.values()];
  const rules = ids.length
    ? await db
        .select()
        .from(commissionRules)
        .where(
          and(
            eq(commissionRules.merchantId, merchantId),
            inArray(commissionRules.campaignId, ids),
            groupIds.length ? undefined : isNull(commissionRules.commissionGroupId),
          ),
        )
        .orderBy(asc(commissionRules.actionCode), asc(commissionRules.productId), asc(commissionRules.tier))
    : [];
  const key = (r: { actionCode: string; productId: string | null; tier: number }) => `${r.actionCode}\u0000${r.productId ?? ''}\u0000${r.tier}`;
  return {
    campaigns: campaignRows.map((c) => {
      const group = groupOf.get(c.id);
      const own = rules.filter((r) => r.campaignId === c.id && r.commissionGroupId === null);
      const fromGroup = group ? rules.filter((r) => r.campaignId === c.id && r.commissionGroupId === group) : [];
      const byKey = new Map<string, TermsRule>();
      for (const r of own) byKey.set(key(r), { ...pick(r), fromGroup: false });
      for (const r of fromGroup) byKey.set(key(r), { ...pick(r), fromGroup: true });
      return {
        id: c.id,
        name: c.name,
        currency: c.currency,
        cookieDays: c.cookieDays,
        lifetime: c.lifetimeCommissions,
        recurring: c.recurringCommissions,
        rules: [...byKey.values()].sort((a, b) => a.actionCode.localeCompare(b.actionCode) || (a.productId ?? '').localeCompare(b.productId ?? '') || a.tier - b.tier),
      };
    }),
    payout: payoutSettingsView(merchant[0]!),
    coupons: couponRows,
    programTerms: merchant[0]!.programTerms,
  };
}

const pick = (r: typeof commissionRules.$inferSelect) => ({
  actionCode: r.actionCode,
  productId: r.productId,
  tier: r.tier,
  kind: r.kind,
  percentBp: r.percentBp,
  fixedAmount: r.fixedAmount,
});
