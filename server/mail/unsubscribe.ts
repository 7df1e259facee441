// The unsubscribe link of a notification: what it would switch off (for the confirmation
// page) and the switch itself — the same preference the profile pages show.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants } from '@/db/schema';
import { AppError } from '../errors';
import { setMailPreference, verifyUnsubscribeToken, type UnsubscribeClaim } from './preferences';
import { templateOf } from './templates';

export interface UnsubscribeTarget extends UnsubscribeClaim {
  programName: string;
  label: string;
}

export async function unsubscribeTarget(db: Db, token: string | undefined): Promise<UnsubscribeTarget> {
  const claim = token ? verifyUnsubscribeToken(token) : undefined;
  if (!claim) throw new AppError('invalid_request', 'token: this unsubscribe link is not valid (it may have been cut short); use the preferences in your profile instead.');
  const [m] = await db.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, claim.merchantId));
  if (!m) throw new AppError('not_found', 'This program no longer exists: it sends no more mail.');
  return { ...claim, programName: m.name, label: templateOf(claim.kind).label };
}

/** Switches the link's kind off for its address; idempotent. */
export async function unsubscribe(db: Db, token: string | undefined): Promise<UnsubscribeTarget> {
  const target = await unsubscribeTarget(db, token);
  await setMailPreference(db, target.merchantId, target.email, target.kind, false);
  return target;
}
