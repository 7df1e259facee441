// A campaign's commission rules: per action code ('' = sale), optional product and
// tier; percent in basis points or a fixed amount in the campaign currency's minor
// units. (campaign, action, product, tier) is unique: a twin is a field error.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { commissionRules, type CommissionRule } from '@/db/schema';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { invalidateLookups } from '../tracking/lookups';
import { audit, onUnique, type Actor } from '../audit';
import { lockCampaign } from './campaigns';
import { ruleValue, type RuleCreate, type RuleUpdate } from './schemas';

const DUPLICATE = 'actionCode: this campaign already has a rule for this action, product and tier.';
const GROUP_DUPLICATE = 'actionCode: this group already has a rule for this action, product and tier.';

async function assertNoTwin(
  tx: Tx,
  merchantId: string,
  key: { campaignId: string; commissionGroupId?: string | null; actionCode: string; productId: string | null; tier: number },
  exceptId?: string,
) {
  const [twin] = await tx
    .select({ id: commissionRules.id })
    .from(commissionRules)
    .where(
      and(
        eq(commissionRules.merchantId, merchantId),
        eq(commissionRules.campaignId, key.campaignId),
        key.commissionGroupId ? eq(commissionRules.commissionGroupId, key.commissionGroupId) : isNull(commissionRules.commissionGroupId),
        eq(commissionRules.actionCode, key.actionCode),
        sql`coalesce(${commissionRules.productId}, '') = ${key.productId ?? ''}`,
        eq(commissionRules.tier, key.tier),
        exceptId ? ne(commissionRules.id, exceptId) : undefined,
      ),
    );
  if (twin) throw new AppError('conflict', key.commissionGroupId ? GROUP_DUPLICATE : DUPLICATE);
}

/** A rule of the campaign, or (commissionGroupId, checked by the caller to be of this campaign) of one of its groups. */
export async function addRule(
  db: Db,
  merchantId: string,
  actor: Actor,
  parsed: RuleCreate & { commissionGroupId?: string },
  lockGroup?: (tx: Tx) => Promise<unknown>,
): Promise<CommissionRule> {
  const { value, ...input } = parsed;
  const rule = await onUnique(
    () =>
      db.transaction(async (tx) => {
        const campaign = await lockCampaign(tx, merchantId, input.campaignId);
        await lockGroup?.(tx);
        const amounts = ruleValue(input.kind, value, campaign.currency);
        await assertNoTwin(tx, merchantId, input);
        const [row] = await tx
          .insert(commissionRules)
          .values({ merchantId, ...input, ...amounts })
          .returning();
        await audit(tx, merchantId, actor, 'rule.create', { type: 'commission_rule', id: row!.id }, { ...input, ...amounts });
        return row!;
      }),
    input.commissionGroupId ? GROUP_DUPLICATE : DUPLICATE,
  );
  invalidateLookups();
  return rule;
}

async function lockRule(tx: Tx, merchantId: string, ruleId: string): Promise<CommissionRule> {
  const [row] = isUuid(ruleId)
    ? await tx
        .select()
        .from(commissionRules)
        .where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.id, ruleId)))
        .for('update')
    : [];
  if (!row) throw new AppError('not_found', 'No such commission rule.');
  return row;
}

export async function updateRule(db: Db, merchantId: string, actor: Actor, parsed: RuleUpdate): Promise<CommissionRule> {
  const { id, value, ...input } = parsed;
  const rule = await onUnique(
    () =>
      db.transaction(async (tx) => {
        const before = await lockRule(tx, merchantId, id);
        const campaign = await lockCampaign(tx, merchantId, before.campaignId);
        const amounts = ruleValue(input.kind, value, campaign.currency);
        await assertNoTwin(tx, merchantId, { ...input, campaignId: before.campaignId, commissionGroupId: before.commissionGroupId }, id);
        const [row] = await tx
          .update(commissionRules)
          .set({ ...input, ...amounts })
          .where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.id, id)))
          .returning();
        await audit(tx, merchantId, actor, 'rule.update', { type: 'commission_rule', id }, {
          campaignId: before.campaignId,
          commissionGroupId: before.commissionGroupId,
          from: ruleSummary(before),
          to: ruleSummary(row!),
        });
        return row!;
      }),
    DUPLICATE,
  );
  invalidateLookups();
  return rule;
}

export async function deleteRule(db: Db, merchantId: string, actor: Actor, ruleId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockRule(tx, merchantId, ruleId);
    await tx.delete(commissionRules).where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.id, ruleId)));
    await audit(tx, merchantId, actor, 'rule.delete', { type: 'commission_rule', id: ruleId }, {
      campaignId: before.campaignId,
      commissionGroupId: before.commissionGroupId,
      ...ruleSummary(before),
    });
  });
  invalidateLookups();
}

function ruleSummary(r: CommissionRule) {
  return { actionCode: r.actionCode, productId: r.productId, tier: r.tier, kind: r.kind, percentBp: r.percentBp, fixedAmount: r.fixedAmount };
}
