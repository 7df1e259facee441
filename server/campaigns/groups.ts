// A campaign's commission groups (Post Affiliate Pro's): a named set of commission rules
// that replaces the campaign's own rules, rule by rule, for the affiliates put in it. One
// group per affiliate per campaign, as in PAP; every change is tenant-scoped, audited and
// drops the tracker's cache.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { affiliateCommissionGroups, affiliates, commissionGroups, type CommissionGroup, type CommissionRule } from '@/db/schema';
import { audit, onUnique, type Actor } from '../audit';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { invalidateLookups } from '../tracking/lookups';
import { lockCampaign } from './campaigns';
import { addRule } from './rules';
import type { GroupCreate, GroupMembers, GroupRename, GroupRuleCreate } from './schemas';

const DUPLICATE = 'name: this campaign already has a group of this name.';

async function lockGroup(tx: Tx, merchantId: string, groupId: string): Promise<CommissionGroup> {
  const [row] = isUuid(groupId)
    ? await tx
        .select()
        .from(commissionGroups)
        .where(and(eq(commissionGroups.merchantId, merchantId), eq(commissionGroups.id, groupId)))
        .for('update')
    : [];
  if (!row) throw new AppError('not_found', 'No such commission group.');
  return row;
}

export async function createGroup(db: Db, merchantId: string, actor: Actor, input: GroupCreate): Promise<CommissionGroup> {
  const group = await onUnique(
    () =>
      db.transaction(async (tx) => {
        await lockCampaign(tx, merchantId, input.campaignId);
        const [row] = await tx.insert(commissionGroups).values({ merchantId, campaignId: input.campaignId, name: input.name }).returning();
        await audit(tx, merchantId, actor, 'commission_group.create', { type: 'commission_group', id: row!.id }, input);
        return row!;
      }),
    DUPLICATE,
  );
  invalidateLookups();
  return group;
}

export async function renameGroup(db: Db, merchantId: string, actor: Actor, input: GroupRename): Promise<CommissionGroup> {
  return onUnique(
    () =>
      db.transaction(async (tx) => {
        const before = await lockGroup(tx, merchantId, input.id);
        const [row] = await tx
          .update(commissionGroups)
          .set({ name: input.name })
          .where(and(eq(commissionGroups.merchantId, merchantId), eq(commissionGroups.id, input.id)))
          .returning();
        await audit(tx, merchantId, actor, 'commission_group.rename', { type: 'commission_group', id: input.id }, { from: before.name, to: input.name });
        return row!;
      }),
    DUPLICATE,
  );
}

/** Deletes the group and its rules; its members are back on the campaign's own rules. */
export async function deleteGroup(db: Db, merchantId: string, actor: Actor, groupId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockGroup(tx, merchantId, groupId);
    await tx.delete(commissionGroups).where(and(eq(commissionGroups.merchantId, merchantId), eq(commissionGroups.id, groupId)));
    await audit(tx, merchantId, actor, 'commission_group.delete', { type: 'commission_group', id: groupId }, {
      campaignId: before.campaignId,
      name: before.name,
    });
  });
  invalidateLookups();
}

/** A rule of a group (edited and deleted like any rule, by its id). */
export async function addGroupRule(db: Db, merchantId: string, actor: Actor, input: GroupRuleCreate): Promise<CommissionRule> {
  const { groupId, ...rule } = input;
  // The group's campaign is read first (the rule is locked under it), then the group is locked again in the transaction.
  const [group] = isUuid(groupId)
    ? await db.select().from(commissionGroups).where(and(eq(commissionGroups.merchantId, merchantId), eq(commissionGroups.id, groupId)))
    : [];
  if (!group) throw new AppError('not_found', 'No such commission group.');
  return addRule(db, merchantId, actor, { ...rule, campaignId: group.campaignId, commissionGroupId: group.id }, (tx) => lockGroup(tx, merchantId, group.id));
}

/**
 * Puts affiliates of this merchant in a group of the campaign (moving them out of any other
 * group of it), or with groupId null back on the campaign's own rules. Unknown ids are skipped.
 */
export async function setAffiliatesGroup(db: Db, merchantId: string, actor: Actor, input: GroupMembers): Promise<{ changed: number }> {
  const ids = [...new Set(input.affiliateIds.filter(isUuid))];
  const changed = await db.transaction(async (tx) => {
    await lockCampaign(tx, merchantId, input.campaignId);
    if (input.groupId !== null) {
      const group = await lockGroup(tx, merchantId, input.groupId);
      if (group.campaignId !== input.campaignId) throw new AppError('not_found', 'No such commission group in this campaign.');
    }
    const own = ids.length
      ? await tx
          .select({ id: affiliates.id })
          .from(affiliates)
          .where(and(eq(affiliates.merchantId, merchantId), inArray(affiliates.id, ids)))
      : [];
    if (own.length === 0) throw new AppError('not_found', 'No such affiliate.');
    const affiliateIds = own.map((a) => a.id);
    await tx
      .delete(affiliateCommissionGroups)
      .where(
        and(
          eq(affiliateCommissionGroups.merchantId, merchantId),
          eq(affiliateCommissionGroups.campaignId, input.campaignId),
          inArray(affiliateCommissionGroups.affiliateId, affiliateIds),
        ),
      );
    if (input.groupId !== null)
      await tx
        .insert(affiliateCommissionGroups)
        .values(affiliateIds.map((affiliateId) => ({ merchantId, affiliateId, campaignId: input.campaignId, groupId: input.groupId! })));
    for (const affiliateId of affiliateIds)
      await audit(tx, merchantId, actor, 'affiliate.commission_group', { type: 'affiliate', id: affiliateId }, {
        campaignId: input.campaignId,
        groupId: input.groupId,
      });
    return affiliateIds.length;
  });
  invalidateLookups();
  return { changed };
}
