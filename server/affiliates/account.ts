// What an affiliate changes about itself, and what a merchant decides about an affiliate.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, auditLog, users, type AffiliateStatus } from '@/db/schema';
import { hashPassword, verifyPassword } from '../auth/password';
import { assertStrongPassword } from '../auth/password-rules';
import { limitEmailChange } from '../auth/sign-up-limits';
import { AppError } from '../errors';
import { notifyStatus } from '../mail/notify';
import { isUuid } from '../queries/affiliates';
import { invalidateLookups } from '../tracking/lookups';
import { passwordChangeSchema, payoutDetailsSchema, profileSchema } from './schemas';
import type { z } from 'zod';
import type { AuditActor as Actor } from '../audit';
import { emitAffiliateEvent } from '../outgoing-webhooks/emit';

/**
 * The affiliate changes where it is paid: with its password, audited (the merchant's panel
 * shows "payout details changed on …" on the affiliate's page). Batches made before keep
 * the details they were made with (payouts.details).
 */
export async function updatePayoutDetails(
  db: Db,
  merchantId: string,
  affiliateId: string,
  actor: { userId: string; ip: string },
  raw: z.input<typeof payoutDetailsSchema>,
): Promise<{ changedAt: Date }> {
  const { payoutMethod, currentPassword, ...details } = payoutDetailsSchema.parse(raw);
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.merchantId, merchantId), eq(users.affiliateId, affiliateId)));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword)))
    throw new AppError('invalid_request', 'currentPassword: this is not your password.');
  const changedAt = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(affiliates)
      .set({ payoutMethod, payoutDetails: details as Record<string, string> })
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
    // What changed, not the new account number itself.
    await tx.insert(auditLog).values({
      merchantId,
      actorUserId: actor.userId,
      action: PAYOUT_DETAILS_CHANGED,
      targetType: 'affiliate',
      targetId: affiliateId,
      details: { method: payoutMethod },
      ip: actor.ip,
      createdAt: changedAt,
    });
  });
  return { changedAt };
}

export const PAYOUT_DETAILS_CHANGED = 'affiliate.payout_details';

export async function updateProfile(
  db: Db,
  merchantId: string,
  affiliateId: string,
  userId: string,
  raw: z.input<typeof profileSchema>,
) {
  const input = profileSchema.parse(raw);
  await db.transaction(async (tx) => {
    const [me] = await tx.select({ email: users.email }).from(users).where(and(eq(users.id, userId), eq(users.merchantId, merchantId)));
    // Trying other addresses is limited (the answer tells whether one is in use, in any program).
    if (me && me.email.toLowerCase() !== input.email) await limitEmailChange(userId);
    const clash = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(sql`lower(${users.email})`, input.email), ne(users.id, userId)));
    if (clash.length) throw new AppError('conflict', 'email: this email cannot be used. Choose another one.');
    await tx.update(users).set({ name: input.name, email: input.email }).where(and(eq(users.id, userId), eq(users.merchantId, merchantId)));
    await tx
      .update(affiliates)
      .set({ name: input.name, email: input.email })
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
  });
  invalidateLookups();
}

/** A new password ends every session of the user (the form signs the browser in again with it). */
export async function changePassword(db: Db, userId: string, raw: z.input<typeof passwordChangeSchema>): Promise<{ email: string }> {
  const input = passwordChangeSchema.parse(raw);
  const [user] = await db
    .select({ passwordHash: users.passwordHash, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw new AppError('invalid_request', 'currentPassword: this is not your current password.');
  assertStrongPassword(input.newPassword, [user.email, user.name, input.currentPassword], 'newPassword');
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  return { email: user.email };
}

/** Approve, decline or suspend an affiliate (or reinstate one), with an audit record. */
export async function setAffiliateStatus(
  db: Db,
  merchantId: string,
  actor: Actor,
  affiliateId: string,
  status: AffiliateStatus,
) {
  if (!isUuid(affiliateId)) throw new AppError('not_found', 'No such affiliate.');
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ status: affiliates.status })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
      .for('update');
    if (!before) throw new AppError('not_found', 'No such affiliate.');
    const [row] = await tx
      .update(affiliates)
      .set({ status })
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
      .returning();
    // Approved or declined: the affiliate is told, with this change.
    await notifyStatus(tx, merchantId, row!, before.status);
    await tx.insert(auditLog).values({
      merchantId,
      actorUserId: actor.userId,
      action: 'affiliate.status',
      targetType: 'affiliate',
      targetId: affiliateId,
      details: { from: before.status, to: status },
      ip: actor.ip,
    });
    if (before.status !== status && (status === 'approved' || status === 'declined'))
      await emitAffiliateEvent(tx, merchantId, status === 'approved' ? 'affiliate.approved' : 'affiliate.declined', affiliateId);
    return { id: row!.id, status: row!.status };
  });
  invalidateLookups();
  return updated;
}

/** Puts an affiliate on the merchant's blocklist or takes it off (audited; the tracker sees it at once). */
export async function setAffiliateBlocked(db: Db, merchantId: string, actor: { userId: string; ip: string }, affiliateId: string, blocked: boolean) {
  if (!isUuid(affiliateId)) throw new AppError('not_found', 'No such affiliate.');
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(affiliates)
      .set({ blocked })
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)))
      .returning({ id: affiliates.id, blocked: affiliates.blocked });
    if (!row) throw new AppError('not_found', 'No such affiliate.');
    await tx.insert(auditLog).values({
      merchantId,
      actorUserId: actor.userId,
      action: blocked ? 'affiliate.block' : 'affiliate.unblock',
      targetType: 'affiliate',
      targetId: affiliateId,
      ip: actor.ip,
    });
    return row;
  });
  invalidateLookups();
  return updated;
}
