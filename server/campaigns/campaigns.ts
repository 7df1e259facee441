// Creating and changing campaigns. One default campaign per merchant (a partial
// unique index holds it); the default cannot be archived.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { campaigns, commissionRules, type Campaign } from '@/db/schema';
import { rescale } from '../commissions';
import { AppError } from '../errors';
import { publicId } from '../ids';
import { MAX_MINOR } from '../money';
import { invalidateLookups } from '../tracking/lookups';
import { audit, onUnique, type Actor } from '../audit';
import type { CampaignCreate, CampaignSettings } from './schemas';

const NOT_FOUND = 'No such campaign.';

/** The merchant's campaign, locked for the rest of the transaction; another merchant's id is "not found". */
export async function lockCampaign(tx: Tx, merchantId: string, campaignId: string): Promise<Campaign> {
  const [row] = await tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.id, campaignId)))
    .for('update');
  if (!row) throw new AppError('not_found', NOT_FOUND);
  return row;
}

export async function createCampaign(db: Db, merchantId: string, actor: Actor, input: CampaignCreate): Promise<{ id: string }> {
  const id = publicId('cmp');
  await db.transaction(async (tx) => {
    // The first campaign of an account (normally made at sign-up) becomes its default.
    const existing = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.merchantId, merchantId)).limit(1);
    await tx.insert(campaigns).values({ id, merchantId, ...input, isDefault: existing.length === 0 });
    await audit(tx, merchantId, actor, 'campaign.create', { type: 'campaign', id }, { ...input });
  });
  invalidateLookups();
  return { id };
}

export async function updateCampaign(db: Db, merchantId: string, actor: Actor, settings: CampaignSettings): Promise<Campaign> {
  const { id, ...input } = settings;
  const updated = await db.transaction(async (tx) => {
    const before = await lockCampaign(tx, merchantId, id);
    // Fixed commissions are kept in the campaign currency's minor units: a new
    // currency keeps the same major-unit amounts (5.00 USD → 5 JPY → 5.00 EUR).
    if (input.currency !== before.currency) {
      const fixed = await tx
        .select({ id: commissionRules.id, fixedAmount: commissionRules.fixedAmount })
        .from(commissionRules)
        .where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.campaignId, id), isNotNull(commissionRules.fixedAmount)));
      for (const r of fixed) {
        const amount = rescale(r.fixedAmount!, before.currency, input.currency);
        if (amount >= MAX_MINOR) throw new AppError('invalid_request', 'currency: a fixed commission would be too large in this currency.');
        await tx
          .update(commissionRules)
          .set({ fixedAmount: amount })
          .where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.id, r.id)));
      }
    }
    const [row] = await tx
      .update(campaigns)
      .set(input)
      .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.id, id)))
      .returning();
    await audit(tx, merchantId, actor, 'campaign.update', { type: 'campaign', id }, { from: changed(before, input, 'from'), to: changed(before, input, 'to') });
    return row!;
  });
  invalidateLookups();
  return updated;
}

/** Makes this campaign the merchant's default (the one clicks and sales without a campaign go to). */
export async function setDefaultCampaign(db: Db, merchantId: string, actor: Actor, campaignId: string): Promise<void> {
  await onUnique(
    () =>
      db.transaction(async (tx) => {
        const target = await lockCampaign(tx, merchantId, campaignId);
        if (target.isDefault) return;
        if (target.archived) throw new AppError('invalid_request', 'isDefault: restore this campaign before making it the default.');
        const [previous] = await tx
          .update(campaigns)
          .set({ isDefault: false })
          .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.isDefault, true)))
          .returning({ id: campaigns.id });
        await tx
          .update(campaigns)
          .set({ isDefault: true })
          .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.id, campaignId)));
        await audit(tx, merchantId, actor, 'campaign.default', { type: 'campaign', id: campaignId }, { previous: previous?.id ?? null });
      }),
    'isDefault: the default campaign was changed at the same moment; try again.',
  );
  invalidateLookups();
}

export async function setCampaignArchived(db: Db, merchantId: string, actor: Actor, campaignId: string, archived: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockCampaign(tx, merchantId, campaignId);
    if (before.archived === archived) return;
    if (archived && before.isDefault)
      throw new AppError('invalid_request', 'archived: make another campaign the default before archiving this one.');
    await tx
      .update(campaigns)
      .set({ archived })
      .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.id, campaignId)));
    await audit(tx, merchantId, actor, archived ? 'campaign.archive' : 'campaign.restore', { type: 'campaign', id: campaignId }, {});
  });
  invalidateLookups();
}

/** The fields that changed, as they were (`from`) or as they are now (`to`). */
function changed(before: Campaign, after: Partial<Campaign>, side: 'from' | 'to'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue; // not sent: unchanged
    const old = before[k as keyof Campaign];
    if (old !== v) out[k] = side === 'from' ? old : v;
  }
  return out;
}
