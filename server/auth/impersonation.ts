// "Log in as affiliate": a merchant opens an affiliate's panel as that affiliate
// sees it, for a limited time, with a visible banner and a way back. Both ends
// are audited. The merchant's own session is replaced, not widened: while
// impersonating, the session is an affiliate session and nothing more.
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, auditLog, users } from '@/db/schema';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import { signGrant, verifyGrant } from './grants';
import { spendToken } from './spent-tokens';
import type { SessionUser } from './sign-in';

export const IMPERSONATION_MS = 30 * 60_000;

/** A grant to sign in as the affiliate's user; audited. */
export async function startImpersonation(
  db: Db,
  merchantId: string,
  actor: { userId: string; ip: string },
  affiliateId: string,
): Promise<{ grant: string }> {
  if (!isUuid(affiliateId)) throw new AppError('not_found', 'No such affiliate.');
  const [row] = await db
    .select({ userId: users.id })
    .from(affiliates)
    .innerJoin(users, eq(users.affiliateId, affiliates.id))
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
  if (!row) throw new AppError('not_found', 'This affiliate has no login to open.');
  await db.insert(auditLog).values({
    merchantId,
    actorUserId: actor.userId,
    action: 'affiliate.impersonate',
    targetType: 'affiliate',
    targetId: affiliateId,
    details: { minutes: IMPERSONATION_MS / 60_000 },
    ip: actor.ip,
  });
  return { grant: signGrant({ purpose: 'impersonate', userId: row.userId, actorUserId: actor.userId }) };
}

/** A grant back to the merchant who started the impersonation; audited. */
export async function endImpersonation(
  db: Db,
  merchantId: string,
  session: { affiliateId: string; impersonatedBy: string },
  ip: string,
): Promise<{ grant: string }> {
  await db.insert(auditLog).values({
    merchantId,
    actorUserId: session.impersonatedBy,
    action: 'affiliate.impersonate.end',
    targetType: 'affiliate',
    targetId: session.affiliateId,
    ip,
  });
  return { grant: signGrant({ purpose: 'return', userId: session.impersonatedBy }) };
}

export interface GrantedUser extends SessionUser {
  impersonatedBy?: string;
  impersonationExpires?: number;
}

/** The session user a valid grant names (checked again against the database); each grant works once. */
export async function userFromGrant(db: Db, token: string): Promise<GrantedUser> {
  const grant = verifyGrant(token);
  if (!grant) throw new Error('This sign-in link has expired. Try again.');
  // Spent first, atomically: of two concurrent uses exactly one gets it.
  if (!(await spendToken(db, `grant:${grant.id}`, new Date(grant.exp)))) throw new Error('This sign-in link has been used already.');
  const [user] = await db.select().from(users).where(eq(users.id, grant.userId));
  if (!user) throw new Error('This account no longer exists.');
  const base: SessionUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    merchantId: user.merchantId,
    affiliateId: user.affiliateId,
    sessionVersion: user.sessionVersion,
  };
  if (grant.purpose === 'impersonate') {
    const [actor] = await db.select().from(users).where(eq(users.id, grant.actorUserId ?? ''));
    // Only staff of the affiliate's own program may open its panel.
    if (!actor || actor.role !== 'merchant' || actor.merchantId !== user.merchantId || user.role !== 'affiliate')
      throw new Error('You cannot open this panel.');
    return { ...base, impersonatedBy: actor.id, impersonationExpires: Date.now() + IMPERSONATION_MS };
  }
  if (user.role !== 'merchant') throw new Error('You cannot open this panel.');
  return base;
}
