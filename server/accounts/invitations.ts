// Invitations: a new team member or a merchant-created affiliate gets a mail with a link to
// choose their own password (/accept-invitation). No password is made up for them, shown
// or mailed. A link expires (INVITATION_TOKEN_MS), works once, and can be sent again (the
// older link stops working) or revoked while the user has not set a password yet.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { merchants, users } from '@/db/schema';
import { issueAccountToken, revokeAccountTokens } from '../auth/account-tokens';
import { AppError } from '../errors';
import { sendAccountMail } from './account-mail';

export interface Invitee {
  id: string;
  email: string;
  name: string;
}

/** A new invitation link for the user, in the outbox of the same transaction. */
export async function sendInvitation(
  tx: Tx,
  merchantId: string,
  /** Null when the REST API (an API key, no person) adds the affiliate: the mail names the program. */
  actorUserId: string | null,
  invitee: Invitee,
  kind: 'team_invitation' | 'affiliate_invitation',
): Promise<{ expiresAt: Date }> {
  const [program] = await tx.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, merchantId));
  const [inviter] = actorUserId
    ? await tx.select({ name: users.name }).from(users).where(and(eq(users.id, actorUserId), eq(users.merchantId, merchantId)))
    : [];
  const { link, expiresAt } = await issueAccountToken(tx, { merchantId, userId: invitee.id, purpose: 'invitation', createdBy: actorUserId ?? undefined });
  await sendAccountMail(
    tx,
    { merchantId, email: invitee.email, name: invitee.name, userId: invitee.id },
    { kind, vars: { name: invitee.name, inviterName: inviter?.name ?? program?.name ?? '', programName: program?.name ?? '', link, expiresAt } },
  );
  return { expiresAt };
}

/** The user of the merchant who still has to set a password, locked for the change; not found otherwise. */
export async function pendingInvitee(tx: Tx, merchantId: string, where: { userId?: string; affiliateId?: string }): Promise<Invitee> {
  const [user] = await tx
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(
      and(
        eq(users.merchantId, merchantId),
        where.userId ? eq(users.id, where.userId) : undefined,
        where.affiliateId ? eq(users.affiliateId, where.affiliateId) : undefined,
      ),
    )
    .for('update');
  if (!user) throw new AppError('not_found', 'No such invitation.');
  if (user.passwordHash) throw new AppError('conflict', 'They have accepted the invitation already: they sign in with their own password.');
  return { id: user.id, email: user.email, name: user.name };
}

/** Revokes the user's open invitation links. */
export async function revokeInvitation(tx: Tx, userId: string): Promise<void> {
  await revokeAccountTokens(tx, userId, 'invitation');
}
