// Credit by hand: the merchant gives an unattributed conversion to an approved affiliate
// (as Rewardful and Post Affiliate Pro allow). The conversion becomes attributed with
// method `manual` and earns the commissions a sale to that affiliate would have earned —
// the campaign's rules, the affiliate's parent chain for the tiers, the campaign's
// auto-approval — in one transaction, audited. A conversion already attributed (say,
// credited a moment ago in another tab) is refused and nothing changes.
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, commissions, conversions, customers } from '@/db/schema';
import { customerKeys, parentChain } from '../attribution';
import { audit, type Actor } from '../audit';
import { computeCommissions, maxTier, type CommissionView } from '../commissions';
import { AppError } from '../errors';
import { noteCommissions } from '../mail/commission-notices';
import { notePostbacks } from '../postbacks/note';
import { prorate } from '../money';
import { campaignGroupRules, campaignRules, merchantCampaigns } from '../tracking/lookups';
import { inactiveAffiliate } from '../attribution/trace';

export interface CreditResult {
  conversionId: string;
  orderId: string | null;
  status: 'attributed';
  method: 'manual';
  affiliate: string;
  commissions: CommissionView[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function creditConversion(
  db: Db,
  merchantId: string,
  actor: Actor,
  input: { conversionId: string; affiliateId: string },
): Promise<CreditResult> {
  if (!UUID_RE.test(input.conversionId)) throw new AppError('not_found', 'No such conversion.');
  if (!UUID_RE.test(input.affiliateId)) throw new AppError('invalid_request', 'affiliateId: choose an affiliate of this program.');
  return db.transaction(async (tx) => {
    // Locked: a concurrent credit of the same conversion waits here, then finds it attributed.
    const [conv] = await tx
      .select()
      .from(conversions)
      .where(and(eq(conversions.merchantId, merchantId), eq(conversions.id, input.conversionId)))
      .for('update');
    if (!conv) throw new AppError('not_found', 'No such conversion.');
    if (conv.test) throw new AppError('invalid_request', 'A test conversion cannot be credited: a test never pays anyone.');
    if (conv.status === 'attributed') {
      const [holder] = conv.affiliateId
        ? await tx.select({ refId: affiliates.refId }).from(affiliates).where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, conv.affiliateId)))
        : [];
      throw new AppError(
        'conflict',
        `This conversion is already credited${holder ? ` to ${holder.refId}` : ''} (${conv.method ?? 'attributed'}): nothing was changed.`,
      );
    }
    if (conv.total > 0 && conv.refunded >= conv.total)
      throw new AppError('invalid_request', 'This order was refunded in full: there is nothing left to credit.');

    const [affiliate] = await tx
      .select()
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, input.affiliateId)));
    if (!affiliate) throw new AppError('invalid_request', 'affiliateId: choose an affiliate of this program.');
    if (affiliate.status !== 'approved') throw new AppError('invalid_request', `affiliateId: only an approved affiliate can be credited; this is ${inactiveAffiliate(affiliate)}.`);

    // The same rules as recordConversion: the conversion's campaign, tiers up the parent chain until an inactive affiliate.
    const { byId, default: defaultCampaign } = await merchantCampaigns(tx, merchantId);
    const campaign = byId.get(conv.campaignId) ?? defaultCampaign;
    if (!campaign) throw new AppError('invalid_request', 'This account has no campaign to credit the conversion under.');
    const rules = await campaignRules(tx, merchantId, campaign.id);
    const groups = await campaignGroupRules(tx, merchantId, campaign.id);
    const chain = await parentChain(tx, merchantId, affiliate, Math.max(1, maxTier(rules, conv.actionCode), groups.maxTier(conv.actionCode)));
    const inactive = chain.findIndex((a, i) => i > 0 && a.status !== 'approved');
    const paid = inactive === -1 ? chain : chain.slice(0, inactive);
    const lines = computeCommissions({
      rules,
      chain: paid,
      actionCode: conv.actionCode,
      productId: conv.productId ?? undefined,
      total: conv.total,
      currency: conv.currency,
      campaignCurrency: campaign.currency,
      rulesOf: groups.rulesOf,
    });
    const status: 'approved' | 'pending' = campaign.autoApprove ? 'approved' : 'pending';

    const [updated] = await tx
      .update(conversions)
      // The merchant vouches for it: a verified report arriving later no longer replaces the credit (TRACKING-API.md §0).
      .set({ status: 'attributed', method: 'manual', affiliateId: affiliate.id, campaignId: campaign.id, verified: true })
      .where(and(eq(conversions.merchantId, merchantId), eq(conversions.id, conv.id), eq(conversions.status, 'unattributed')))
      .returning({ id: conversions.id });
    if (!updated) throw new AppError('conflict', 'This conversion was credited meanwhile: nothing was changed.');
    if (lines.length) {
      const credited = await tx.insert(commissions).values(
        lines.map((l) => ({
          merchantId,
          conversionId: conv.id,
          affiliateId: l.affiliateId,
          tier: l.tier,
          // What the rules credit, reduced as a partial refund before the credit would have reduced it.
          amount: conv.refunded > 0 ? prorate(l.amount, conv.total - conv.refunded, conv.total) : l.amount,
          originalAmount: l.amount,
          // A fixed rule pays in its own currency, a percent in the sale's (computeCommissions).
          currency: l.currency,
          status,
        })),
      ).returning({ id: commissions.id });
      await noteCommissions(tx, merchantId, credited.map((c) => c.id));
      await notePostbacks(tx, merchantId, credited.map((c) => c.id));
    }
    // A verified conversion links its customer for lifetime referrals, as a sale does (TRACKING-API.md §0).
    const keys = conv.verified ? customerKeys(conv.customerId ?? undefined, conv.customerEmail ?? undefined) : [];
    if (keys.length)
      await tx
        .insert(customers)
        .values(keys.map((customerKey) => ({ merchantId, customerKey, affiliateId: affiliate.id, campaignId: campaign.id, firstConversionId: conv.id })))
        .onConflictDoNothing();

    const refIds = new Map(paid.map((a) => [a.id, a.refId]));
    const views: CommissionView[] = lines.map((l) => ({
      affiliate: refIds.get(l.affiliateId)!,
      tier: l.tier,
      amount: conv.refunded > 0 ? prorate(l.amount, conv.total - conv.refunded, conv.total) : l.amount,
      currency: l.currency,
      status,
    }));
    await audit(tx, merchantId, actor, 'conversion.credit', { type: 'conversion', id: conv.id }, {
      orderId: conv.orderId,
      affiliate: affiliate.refId,
      affiliateId: affiliate.id,
      total: conv.total,
      currency: conv.currency,
      commissions: views,
    });
    return { conversionId: conv.id, orderId: conv.orderId, status: 'attributed', method: 'manual', affiliate: affiliate.refId, commissions: views };
  });
}
