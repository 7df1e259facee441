// Signed tokens spent before their expiry: a used sign-in grant, a signed-out session.
// One INSERT … ON CONFLICT DO NOTHING RETURNING decides, so of two concurrent uses of the
// same grant exactly one succeeds. Rows go once the token would have expired anyway.
import { eq, lt } from 'drizzle-orm';
import type { Db } from '@/db';
import { spentTokens } from '@/db/schema';

/** Marks the token spent; true if this call did (false: it was spent already). */
export async function spendToken(db: Db, id: string, expiresAt: Date): Promise<boolean> {
  // A minute's margin: an expired token is refused by its own signature check anyway.
  await db.delete(spentTokens).where(lt(spentTokens.expiresAt, new Date(Date.now() - 60_000)));
  const rows = await db.insert(spentTokens).values({ id, expiresAt }).onConflictDoNothing().returning({ id: spentTokens.id });
  return rows.length > 0;
}

export async function isSpent(db: Db, id: string): Promise<boolean> {
  const rows = await db.select({ id: spentTokens.id }).from(spentTokens).where(eq(spentTokens.id, id)).limit(1);
  return rows.length > 0;
}
