// Settings › Tracking domain: the hostname whose requests belong to this account (a CNAME to
// the tracker, or the shop's host behind its own proxy). Unique across merchants, by constraint.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants } from '@/db/schema';
import { audit, type Actor } from '../audit';
import { AppError } from '../errors';
import { invalidateLookups } from '../tracking/lookups';
import { trackingDomainSchema, type TrackingDomainInput } from './schemas';

const isUniqueViolation = (e: unknown): boolean => {
  for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause)
    if ((c as { code?: unknown }).code === '23505') return true;
  return false;
};

export async function setTrackingDomain(db: Db, merchantId: string, actor: Actor, raw: TrackingDomainInput) {
  const { trackingDomain } = trackingDomainSchema.parse(raw);
  const next = trackingDomain === '' ? null : trackingDomain;
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx.select({ trackingDomain: merchants.trackingDomain }).from(merchants).where(eq(merchants.id, merchantId)).for('update');
      if (!before) throw new AppError('not_found', 'This account no longer exists.');
      await tx.update(merchants).set({ trackingDomain: next }).where(eq(merchants.id, merchantId));
      await audit(tx, merchantId, actor, 'merchant.tracking_domain', { type: 'merchant', id: merchantId }, { from: before.trackingDomain, to: next });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', `trackingDomain: ${next} is already another account’s tracking domain.`);
    throw e;
  }
  invalidateLookups();
  return { trackingDomain: next };
}
