// The tracking log's retention: how many days its entries are kept. Shortening it prunes
// at once (a bounded number of rows; writes prune the rest as they come).
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants } from '@/db/schema';
import { audit, type Actor } from '../audit';
import { AppError } from '../errors';
import { pruneTrackingLog } from '../tracking-log/writer';
import { invalidateLookups } from '../tracking/lookups';
import { trackingLogSettingsSchema, type TrackingLogSettingsInput } from './schemas';
import { log } from '@/lib/log';

export async function updateTrackingLogSettings(db: Db, merchantId: string, actor: Actor, raw: TrackingLogSettingsInput) {
  const next = trackingLogSettingsSchema.parse(raw);
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select({ trackingLogDays: merchants.trackingLogDays }).from(merchants).where(eq(merchants.id, merchantId)).for('update');
    if (!before) throw new AppError('not_found', 'This account no longer exists.');
    const [updated] = await tx.update(merchants).set(next).where(eq(merchants.id, merchantId)).returning({ trackingLogDays: merchants.trackingLogDays });
    await audit(tx, merchantId, actor, 'merchant.tracking_log_settings', { type: 'merchant', id: merchantId }, {
      trackingLogDays: { from: before.trackingLogDays, to: next.trackingLogDays },
    });
    return updated!;
  });
  invalidateLookups();
  try {
    for (let i = 0; i < 10 && (await pruneTrackingLog(db, merchantId)) > 0; i++);
  } catch (err) {
    // The setting is saved; the next tracking write prunes again.
    log().error({ component: 'tracking-log', merchantId, err }, 'prune after a settings change failed');
  }
  return row;
}
