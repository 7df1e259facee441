// The session as every guard sees it: next-auth's signed token, checked against the
// database, so a removed team member or a suspended affiliate loses access at once
// rather than when the token expires; a signed-out session's token (spent_tokens) and a session older than the user's last password
// change or "sign out everywhere" (users.session_version) ends; and an impersonation
// whose time is up ends.
import { eq, sql } from 'drizzle-orm';
import { getServerSession, type Session } from 'next-auth';
import { getDb } from '@/db';
import { affiliates, spentTokens, users } from '@/db/schema';
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
      // Signed out (this token's id spent): refused though its signature is still good.
      signedOut: sql<boolean>`exists (select 1 from ${spentTokens} where ${spentTokens.id} = ${`session:${claims.sessionId}`})`,
    })
    .from(users)
    .leftJoin(affiliates, eq(affiliates.id, users.affiliateId))
    .where(eq(users.id, claims.id));
  if (!row || row.role !== claims.role || row.merchantId !== claims.merchantId || row.affiliateId !== claims.affiliateId) return null;
  // A token without a version predates versions: it is ended too (one sign-in again).
  if (claims.sessionVersion !== row.sessionVersion || row.signedOut) return null;
  // A merchant looking through an affiliate's eyes may see a pending or suspended one; the affiliate itself may not.
  if (row.role === 'affiliate' && row.status !== 'approved' && !claims.impersonatedBy) return null;
  return session;
}
