// The session as every guard sees it: next-auth's signed token, checked against the
// database, so a removed team member or a suspended affiliate loses access at once
// rather than when the token expires; a signed-out session's token (spent_tokens) and a session older than the user's last password
// change or "sign out everywhere" (users.session_version) ends; and an impersonation
// whose time is up ends. The team role and the two-factor state come from the database too.
import { eq, sql } from 'drizzle-orm';
import { getServerSession, type Session } from 'next-auth';
import { getDb } from '@/db';
import { affiliates, merchants, spentTokens, users } from '@/db/schema';
import { authOptions } from './options';

export async function currentSession(): Promise<Session | null> {
  const session = await getServerSession(authOptions);
  const claims = session?.user;
  if (!claims?.role || !claims.id || !claims.sessionId) return null;
  if (claims.impersonationExpires && claims.impersonationExpires < Date.now()) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      role: users.role,
      merchantId: users.merchantId,
      affiliateId: users.affiliateId,
      sessionVersion: users.sessionVersion,
      status: affiliates.status,
      teamRole: users.teamRole,
      twoFactor: sql<boolean>`${users.totpEnabledAt} is not null`,
      twoFactorRequired: merchants.requireTwoFactor,
      // Signed out (this token's id spent): refused though its signature is still good.
      signedOut: sql<boolean>`exists (select 1 from ${spentTokens} where ${spentTokens.id} = ${`session:${claims.sessionId}`})`,
    })
    .from(users)
    .leftJoin(affiliates, eq(affiliates.id, users.affiliateId))
    .innerJoin(merchants, eq(merchants.id, users.merchantId))
    .where(eq(users.id, claims.id));
  if (!row || row.role !== claims.role || row.merchantId !== claims.merchantId || row.affiliateId !== claims.affiliateId) return null;
  // A token without a version predates versions: it is ended too (one sign-in again).
  if (claims.sessionVersion !== row.sessionVersion || row.signedOut) return null;
  // A merchant looking through an affiliate's eyes may see a pending or suspended one; the affiliate itself may not.
  if (row.role === 'affiliate' && row.status !== 'approved' && !claims.impersonatedBy) return null;
  // The role and the two-factor state as they are now: a changed role applies at the next request.
  return {
    ...(session as Session),
    user: {
      ...claims,
      teamRole: row.role === 'merchant' ? row.teamRole : undefined,
      twoFactor: !!row.twoFactor,
      twoFactorRequired: row.role === 'merchant' && row.twoFactorRequired,
    },
  };
}
