// Ends every session of a user at once: the session token carries users.session_version,
// and the database-checked session (./session.ts) refuses a token whose version is older.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { users } from '@/db/schema';

/** Bumps the user's session version: all their sessions, on every device, end at their next request. */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}
