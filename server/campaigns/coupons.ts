// Coupons: a code shoppers type at checkout that credits the affiliate it is
// assigned to. Stored upper-case, unique per merchant (matched case-insensitively).
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { affiliates, coupons, type Coupon } from '@/db/schema';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { invalidateLookups } from '../tracking/lookups';
import { audit, onUnique, type AuditActor as Actor } from '../audit';
import { lockCampaign } from './campaigns';
import type { CouponCreate } from './schemas';

const TAKEN = 'code: this coupon code exists already in your program.';

export async function createCoupon(db: Db, merchantId: string, actor: Actor, input: CouponCreate): Promise<Coupon> {
  const coupon = await onUnique(
    () =>
      db.transaction(async (tx) => {
        const [affiliate] = isUuid(input.affiliateId)
          ? await tx
              .select({ status: affiliates.status })
              .from(affiliates)
              .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, input.affiliateId)))
          : [];
        if (!affiliate) throw new AppError('not_found', 'affiliateId: no such affiliate in your program.');
        if (affiliate.status !== 'approved') throw new AppError('invalid_request', 'affiliateId: only approved affiliates can hold coupons.');
        if (input.campaignId) {
          const campaign = await lockCampaign(tx, merchantId, input.campaignId).catch(() => undefined);
          if (!campaign) throw new AppError('not_found', 'campaignId: no such campaign in your program.');
        }
        const [taken] = await tx
          .select({ id: coupons.id })
          .from(coupons)
          .where(and(eq(coupons.merchantId, merchantId), eq(coupons.code, input.code)));
        if (taken) throw new AppError('conflict', TAKEN);
        const [row] = await tx.insert(coupons).values({ merchantId, ...input }).returning();
        await audit(tx, merchantId, actor, 'coupon.create', { type: 'coupon', id: row!.id }, { ...input });
        return row!;
      }),
    TAKEN,
  );
  invalidateLookups();
  return coupon;
}

async function lockCoupon(tx: Tx, merchantId: string, couponId: string): Promise<Coupon> {
  const [row] = isUuid(couponId)
    ? await tx
        .select()
        .from(coupons)
        .where(and(eq(coupons.merchantId, merchantId), eq(coupons.id, couponId)))
        .for('update')
    : [];
  if (!row) throw new AppError('not_found', 'No such coupon.');
  return row;
}

/** Deactivate a coupon (the tracker stops crediting it) or activate it again. */
export async function setCouponActive(db: Db, merchantId: string, actor: Actor, couponId: string, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockCoupon(tx, merchantId, couponId);
    if (before.active === active) return;
    await tx
      .update(coupons)
      .set({ active })
      .where(and(eq(coupons.merchantId, merchantId), eq(coupons.id, couponId)));
    await audit(tx, merchantId, actor, active ? 'coupon.activate' : 'coupon.deactivate', { type: 'coupon', id: couponId }, { code: before.code });
  });
  invalidateLookups();
}
