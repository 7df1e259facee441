// Team members: the merchant's own users (role `merchant`). An invited member gets a
// generated one-time password, shown once — this app sends no email. Nobody removes
// themselves, and the last member stays.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { users } from '@/db/schema';
import { passwordSchema } from '../accounts/schemas';
import { changePassword } from '../affiliates/account';
import type { passwordChangeSchema } from '../affiliates/schemas';
import { hashPassword } from '../auth/password';
import { weakPasswordReason } from '../auth/password-rules';
import { endAllSessions } from '../auth/session-version';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { audit, isUniqueViolation, type Actor } from '../audit';
import { teamInviteSchema, teamRemoveSchema, type TeamInviteInput } from './schemas';
import type { z } from 'zod';

const EMAIL_TAKEN = 'email: an account with this email exists already.';

/** 16 characters of base64url (96 random bits) that pass the password rules. */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(12).toString('base64url');
    if (passwordSchema.safeParse(candidate).success && !weakPasswordReason(candidate)) return candidate;
  }
}

export async function inviteTeamMember(db: Db, merchantId: string, actor: Actor, raw: TeamInviteInput) {
  const input = teamInviteSchema.parse(raw);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.transaction(async (tx) => {
      const taken = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, input.email)).limit(1);
      if (taken.length) throw new AppError('conflict', EMAIL_TAKEN);
      const [row] = await tx
        .insert(users)
        .values({ merchantId, role: 'merchant', email: input.email, name: input.name, passwordHash })
        .returning({ id: users.id, name: users.name, email: users.email, createdAt: users.createdAt });
      await audit(tx, merchantId, actor, 'team.invite', { type: 'user', id: row!.id }, { email: row!.email, name: row!.name });
      return row!;
    });
    // The only time the password leaves the server.
    return { ...user, password };
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', EMAIL_TAKEN);
    throw err;
  }
}

export async function removeTeamMember(db: Db, merchantId: string, actor: Actor, raw: z.input<typeof teamRemoveSchema>) {
  const { userId } = teamRemoveSchema.parse(raw);
  if (userId === actor.userId) throw new AppError('forbidden', 'You cannot remove yourself; ask another team member.');
  if (!isUuid(userId)) throw new AppError('not_found', 'No such team member.');
  return db.transaction(async (tx) => {
    // Lock the team's rows: two members removing each other at once cannot leave nobody.
    const team = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant')))
      .for('update');
    const member = team.find((u) => u.id === userId);
    if (!member) throw new AppError('not_found', 'No such team member.');
    if (team.length <= 1) throw new AppError('forbidden', 'The last team member cannot be removed.');
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
