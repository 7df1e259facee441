// Team members: the merchant's own users (role `merchant`), each an owner, an admin or a
// viewer. An invited member gets a mail with a link to set their own password (no password
// is made up, shown or mailed) and is listed as pending until they do; the invitation can
// be sent again or revoked. Nobody removes themselves or changes their own role, and the
// program always keeps an owner.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { users } from '@/db/schema';
import { pendingInvitee, revokeInvitation, sendInvitation } from '../accounts/invitations';
import { changePassword } from '../affiliates/account';
import type { passwordChangeSchema } from '../affiliates/schemas';
import { endAllSessions } from '../auth/session-version';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { audit, isUniqueViolation, type Actor } from '../audit';
import { teamInviteSchema, teamMemberSchema, teamRemoveSchema, teamRoleSchema, type TeamInviteInput } from './schemas';
import type { z } from 'zod';

const EMAIL_TAKEN = 'email: an account with this email exists already.';

export async function inviteTeamMember(db: Db, merchantId: string, actor: Actor, raw: TeamInviteInput) {
  const input = teamInviteSchema.parse(raw);
  try {
    return await db.transaction(async (tx) => {
      const taken = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, input.email)).limit(1);
      if (taken.length) throw new AppError('conflict', EMAIL_TAKEN);
      // No password until they choose one from the invitation (an empty hash signs nothing in).
      const [row] = await tx
        .insert(users)
        .values({ merchantId, role: 'merchant', teamRole: input.role, email: input.email, name: input.name, passwordHash: '' })
        .returning({ id: users.id, name: users.name, email: users.email, teamRole: users.teamRole, createdAt: users.createdAt });
      const { expiresAt } = await sendInvitation(tx, merchantId, actor.userId, row!, 'team_invitation');
      await audit(tx, merchantId, actor, 'team.invite', { type: 'user', id: row!.id }, { email: row!.email, name: row!.name, role: input.role });
      return { ...row!, invitationExpiresAt: expiresAt };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', EMAIL_TAKEN);
    throw err;
  }
}

/** A new invitation link for a member who has not accepted yet (the previous link stops working). */
export async function resendTeamInvitation(db: Db, merchantId: string, actor: Actor, raw: z.input<typeof teamMemberSchema>) {
  const { userId } = teamMemberSchema.parse(raw);
  if (!isUuid(userId)) throw new AppError('not_found', 'No such invitation.');
  return db.transaction(async (tx) => {
    const invitee = await pendingTeamInvitee(tx, merchantId, userId);
    const { expiresAt } = await sendInvitation(tx, merchantId, actor.userId, invitee, 'team_invitation');
    await audit(tx, merchantId, actor, 'team.invite_resend', { type: 'user', id: userId }, { email: invitee.email });
    return { id: userId, invitationExpiresAt: expiresAt };
  });
}

/** Withdraws an invitation not accepted yet: the link stops working and the pending member goes. */
export async function revokeTeamInvitation(db: Db, merchantId: string, actor: Actor, raw: z.input<typeof teamMemberSchema>) {
  const { userId } = teamMemberSchema.parse(raw);
  if (!isUuid(userId)) throw new AppError('not_found', 'No such invitation.');
  return db.transaction(async (tx) => {
    const invitee = await pendingTeamInvitee(tx, merchantId, userId);
    await revokeInvitation(tx, userId);
    await tx.delete(users).where(and(eq(users.merchantId, merchantId), eq(users.id, userId), eq(users.passwordHash, '')));
    await audit(tx, merchantId, actor, 'team.invite_revoke', { type: 'user', id: userId }, { email: invitee.email });
    return { id: userId };
  });
}

async function pendingTeamInvitee(tx: Tx, merchantId: string, userId: string) {
  const [member] = await tx.select({ role: users.role }).from(users).where(and(eq(users.merchantId, merchantId), eq(users.id, userId)));
  if (member?.role !== 'merchant') throw new AppError('not_found', 'No such invitation.');
  return pendingInvitee(tx, merchantId, { userId });
}

/** Locks the team's rows: two owners changing each other at once cannot leave the program without one. */
const lockTeam = (tx: Tx, merchantId: string) =>
  tx
    .select({ id: users.id, email: users.email, teamRole: users.teamRole })
    .from(users)
    .where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant')))
    .for('update');

const LAST_OWNER = 'The program needs an owner: make someone else an owner first.';

export async function setTeamRole(db: Db, merchantId: string, actor: Actor, raw: z.input<typeof teamRoleSchema>) {
  const { userId, role } = teamRoleSchema.parse(raw);
  if (userId === actor.userId) throw new AppError('forbidden', 'You cannot change your own role; ask another owner.');
  if (!isUuid(userId)) throw new AppError('not_found', 'No such team member.');
  return db.transaction(async (tx) => {
    const team = await lockTeam(tx, merchantId);
    const member = team.find((u) => u.id === userId);
    if (!member) throw new AppError('not_found', 'No such team member.');
    if (member.teamRole === 'owner' && role !== 'owner' && team.filter((u) => u.teamRole === 'owner').length <= 1)
      throw new AppError('forbidden', LAST_OWNER);
    await tx.update(users).set({ teamRole: role }).where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant'), eq(users.id, userId)));
    await audit(tx, merchantId, actor, 'team.role', { type: 'user', id: userId }, { email: member.email, from: member.teamRole, to: role });
    return { id: userId, teamRole: role };
  });
}

export async function removeTeamMember(db: Db, merchantId: string, actor: Actor, raw: z.input<typeof teamRemoveSchema>) {
  const { userId } = teamRemoveSchema.parse(raw);
  if (userId === actor.userId) throw new AppError('forbidden', 'You cannot remove yourself; ask another team member.');
  if (!isUuid(userId)) throw new AppError('not_found', 'No such team member.');
  return db.transaction(async (tx) => {
    // Lock the team's rows: two members removing each other at once cannot leave nobody.
    const team = await lockTeam(tx, merchantId);
    const member = team.find((u) => u.id === userId);
    if (!member) throw new AppError('not_found', 'No such team member.');
    if (team.length <= 1) throw new AppError('forbidden', 'The last team member cannot be removed.');
    if (member.teamRole === 'owner' && team.filter((u) => u.teamRole === 'owner').length <= 1) throw new AppError('forbidden', LAST_OWNER);
    await tx.delete(users).where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant'), eq(users.id, userId)));
    await audit(tx, merchantId, actor, 'team.remove', { type: 'user', id: userId }, { email: member.email });
    return { id: userId };
  });
}

/** The signed-in merchant user changes their own password (the current one is required). */
export async function changeOwnPassword(db: Db, merchantId: string, actor: Actor, raw: z.input<typeof passwordChangeSchema>) {
  const [me] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, actor.userId), eq(users.merchantId, merchantId), eq(users.role, 'merchant')));
  if (!me) throw new AppError('not_found', 'Your user no longer exists.');
  return db.transaction(async (tx) => {
    const changed = await changePassword(tx as unknown as Db, actor.userId, raw);
    await audit(tx, merchantId, actor, 'user.password_change', { type: 'user', id: actor.userId });
    return changed;
  });
}

/** "Sign out everywhere" for a merchant user: every session of theirs ends; audited. */
export async function signOutEverywhere(db: Db, merchantId: string, actor: Actor) {
  await db.transaction(async (tx) => {
    await endAllSessions(tx as unknown as Db, actor.userId);
    await audit(tx, merchantId, actor, 'user.sign_out_everywhere', { type: 'user', id: actor.userId });
  });
  return { ok: true };
}
