// Banners and text links of a campaign. A target page must be on the merchant's
// allowed domains, the same rule the tracker's redirect mode and the link generator use.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { banners, merchants, type Banner } from '@/db/schema';
import { AppError } from '../errors';
import { publicId } from '../ids';
import { landingError } from '../links';
import { invalidateLookups } from '../tracking/lookups';
import { audit, type Actor } from '../audit';
import { lockCampaign } from './campaigns';
import type { BannerCreate, BannerUpdate } from './schemas';

async function checkTarget(tx: Tx, merchantId: string, targetUrl: string | null) {
  if (!targetUrl) return;
  const [m] = await tx.select({ allowedDomains: merchants.allowedDomains }).from(merchants).where(eq(merchants.id, merchantId));
  const error = landingError(targetUrl, m?.allowedDomains ?? [], 'merchant');
  if (error) throw new AppError('invalid_request', `targetUrl: ${error}`);
}

async function lockBanner(tx: Tx, merchantId: string, bannerId: string): Promise<Banner> {
  const [row] = await tx
    .select()
    .from(banners)
    .where(and(eq(banners.merchantId, merchantId), eq(banners.id, bannerId)))
    .for('update');
  if (!row) throw new AppError('not_found', 'No such banner.');
  return row;
}

export async function createBanner(db: Db, merchantId: string, actor: Actor, input: BannerCreate): Promise<Banner> {
  const banner = await db.transaction(async (tx) => {
    await lockCampaign(tx, merchantId, input.campaignId);
    await checkTarget(tx, merchantId, input.targetUrl);
    const id = publicId('bnr');
    const [row] = await tx.insert(banners).values({ id, merchantId, ...input }).returning();
    await audit(tx, merchantId, actor, 'banner.create', { type: 'banner', id }, { ...input });
    return row!;
  });
  invalidateLookups();
  return banner;
}

export async function updateBanner(db: Db, merchantId: string, actor: Actor, parsed: BannerUpdate): Promise<Banner> {
  const { id, ...input } = parsed;
  const banner = await db.transaction(async (tx) => {
    const before = await lockBanner(tx, merchantId, id);
    await checkTarget(tx, merchantId, input.targetUrl);
    const [row] = await tx
      .update(banners)
      .set(input)
      .where(and(eq(banners.merchantId, merchantId), eq(banners.id, id)))
      .returning();
    const { id: _id, merchantId: _m, createdAt: _c, archived: _a, campaignId: _cmp, ...old } = before;
    await audit(tx, merchantId, actor, 'banner.update', { type: 'banner', id }, { from: old, to: input });
    return row!;
  });
  invalidateLookups();
  return banner;
}

export async function setBannerArchived(db: Db, merchantId: string, actor: Actor, bannerId: string, archived: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockBanner(tx, merchantId, bannerId);
    if (before.archived === archived) return;
    await tx
      .update(banners)
      .set({ archived })
      .where(and(eq(banners.merchantId, merchantId), eq(banners.id, bannerId)));
    await audit(tx, merchantId, actor, archived ? 'banner.archive' : 'banner.restore', { type: 'banner', id: bannerId }, { campaignId: before.campaignId });
  });
  invalidateLookups();
}
