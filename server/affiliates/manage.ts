// The merchant's Affiliates manager: create and edit affiliates of its own program.
import { and, eq, ne, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '@/db';
import { affiliates, auditLog, users } from '@/db/schema';
import { pendingInvitee, revokeInvitation, sendInvitation } from '../accounts/invitations';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { invalidateLookups } from '../tracking/lookups';
import { affiliateCreateSchema, affiliateEditSchema, type AffiliateCreateInput, type AffiliateEditInput } from './manage-schemas';

import type { AuditActor as Actor } from '../audit';
import { emitAffiliateEvent } from '../outgoing-webhooks/emit';

async function resolveParent(tx: Tx, merchantId: string, parentRefId: string | undefined, selfId?: string): Promise<string | null> {
  if (!parentRefId) return null;
  const [parent] = await tx
    .select({ id: affiliates.id, parentId: affiliates.parentId })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.refId, parentRefId)));
  if (!parent) throw new AppError('invalid_request', 'parentRefId: no affiliate with this referral id.');
  if (selfId) {
    // Walk up from the parent: meeting ourselves would make a cycle in the tier chain.
    let cursor: string | null = parent.id;
    for (let depth = 0; cursor && depth < 50; depth++) {
      if (cursor === selfId) throw new AppError('invalid_request', 'parentRefId: an affiliate cannot be under itself or its own sub-affiliate.');
      const [up] = await tx.select({ parentId: affiliates.parentId }).from(affiliates).where(eq(affiliates.id, cursor));
      cursor = up?.parentId ?? null;
    }
  }
  return parent.id;
}

async function emailTaken(tx: Tx, email: string, exceptAffiliateId?: string): Promise<boolean> {
  const rows = rowsOf(
    await tx.execute(
      exceptAffiliateId
        ? sql`select 1 from users where lower(email) = ${email} and (affiliate_id is null or affiliate_id <> ${exceptAffiliateId}) limit 1`
        : sql`select 1 from users where lower(email) = ${email} limit 1`,
    ),
  );
  return rows.length > 0;
}

/**
 * A new, approved affiliate with a login they set themselves: an invitation mail with a link
 * to choose a password (no password is made up or shown).
 */
export async function createAffiliate(db: Db, merchantId: string, actor: Actor, raw: AffiliateCreateInput) {
  const input = affiliateCreateSchema.parse(raw);
  const result = await db.transaction(async (tx) => {
    if (await emailTaken(tx, input.email)) throw new AppError('conflict', 'email: an account with this email exists already.');
    const parentId = await resolveParent(tx, merchantId, input.parentRefId);
    const [affiliate] = await tx
      .insert(affiliates)
      .values({ merchantId, refId: input.refId, name: input.name, email: input.email, status: 'approved', parentId, website: input.website || null })
      .onConflictDoNothing()
      .returning({ id: affiliates.id });
    if (!affiliate) throw new AppError('conflict', 'refId: this referral id is taken.');
    const [user] = await tx
      .insert(users)
      .values({ merchantId, role: 'affiliate', email: input.email, name: input.name, passwordHash: '', affiliateId: affiliate.id })
      .returning({ id: users.id, email: users.email, name: users.name });
    const { expiresAt } = await sendInvitation(tx, merchantId, actor.userId, user!, 'affiliate_invitation');
    await tx.insert(auditLog).values({ merchantId, actorUserId: actor.userId, action: 'affiliate.create', targetType: 'affiliate', targetId: affiliate.id, details: { refId: input.refId }, ip: actor.ip });
    await emitAffiliateEvent(tx, merchantId, 'affiliate.created', affiliate.id);
    return { ...affiliate, invitationExpiresAt: expiresAt };
  });
  invalidateLookups();
  return { id: result.id, email: input.email, invitationExpiresAt: result.invitationExpiresAt };
}

/** Sends the affiliate's invitation again (a new link; the older one stops working), while they have not accepted it. */
export async function resendAffiliateInvitation(db: Db, merchantId: string, actor: Actor, affiliateId: string) {
  if (!isUuid(affiliateId)) throw new AppError('not_found', 'No such affiliate.');
  return db.transaction(async (tx) => {
    const invitee = await pendingInvitee(tx, merchantId, { affiliateId });
    const { expiresAt } = await sendInvitation(tx, merchantId, actor.userId, invitee, 'affiliate_invitation');
    await tx.insert(auditLog).values({ merchantId, actorUserId: actor.userId, action: 'affiliate.invite_resend', targetType: 'affiliate', targetId: affiliateId, ip: actor.ip });
    return { invitationExpiresAt: expiresAt };
  });
}

/** Revokes the affiliate's open invitation: the link stops working; the affiliate stays, without a login until invited again. */
export async function revokeAffiliateInvitation(db: Db, merchantId: string, actor: Actor, affiliateId: string) {
  if (!isUuid(affiliateId)) throw new AppError('not_found', 'No such affiliate.');
  await db.transaction(async (tx) => {
    const invitee = await pendingInvitee(tx, merchantId, { affiliateId });
    await revokeInvitation(tx, invitee.id);
    await tx.insert(auditLog).values({ merchantId, actorUserId: actor.userId, action: 'affiliate.invite_revoke', targetType: 'affiliate', targetId: affiliateId, ip: actor.ip });
  });
  return { ok: true };
}

export async function updateAffiliate(db: Db, merchantId: string, actor: Actor, affiliateId: string, raw: AffiliateEditInput) {
  if (!isUuid(affiliateId)) throw new AppError('not_found', 'No such affiliate.');
  const input = affiliateEditSchema.parse(raw);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
    if (!before) throw new AppError('not_found', 'No such affiliate.');
    if (await emailTaken(tx, input.email, affiliateId)) throw new AppError('conflict', 'email: another account uses this email.');
    const clash = await tx
      .select({ id: affiliates.id })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.refId, input.refId), ne(affiliates.id, affiliateId)));
    if (clash.length) throw new AppError('conflict', 'refId: this referral id is taken.');
    const parentId = await resolveParent(tx, merchantId, input.parentRefId, affiliateId);
    await tx
      .update(affiliates)
      .set({ name: input.name, email: input.email, refId: input.refId, parentId, website: input.website || null })
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
    await tx.update(users).set({ name: input.name, email: input.email }).where(and(eq(users.merchantId, merchantId), eq(users.affiliateId, affiliateId)));
    await tx.insert(auditLog).values({
      merchantId,
      actorUserId: actor.userId,
      action: 'affiliate.update',
      targetType: 'affiliate',
      targetId: affiliateId,
      details: { before: { name: before.name, email: before.email, refId: before.refId, parentId: before.parentId }, after: { ...input, parentId } },
      ip: actor.ip,
    });
  });
  invalidateLookups();
}
