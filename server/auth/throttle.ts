// Slows down password guessing: failed sign-ins are counted per key (a client address,
// an account's email) in the database, so every app server sees them; past a few, each
// further try waits longer, and past many the key is refused for a while.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { signInThrottle } from '@/db/schema';

const WINDOW_MS = 15 * 60_000;
const FREE_FAILURES = 3;
const BLOCK_AFTER = 10;
const BLOCK_MS = 15 * 60_000;

export interface ThrottleState {
  /** Milliseconds to wait before answering this attempt. */
  delayMs: number;
  /** Set when the address is refused outright until then. */
  blockedUntil?: Date;
}

export async function checkThrottle(db: Db, key: string, now = new Date()): Promise<ThrottleState> {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
  if (!row) return { delayMs: 0 };
  if (row.blockedUntil && row.blockedUntil > now) return { delayMs: 0, blockedUntil: row.blockedUntil };
  if (now.getTime() - row.windowStart.getTime() > WINDOW_MS) return { delayMs: 0 };
  const extra = row.failures - FREE_FAILURES;
  return { delayMs: extra > 0 ? Math.min(250 * 2 ** (extra - 1), 4000) : 0 };
}

export async function recordFailure(db: Db, key: string, now = new Date()): Promise<void> {
  // Raw SQL parameters go as ISO strings: drivers differ in how they send a Date.
  const windowStart = sql`${new Date(now.getTime() - WINDOW_MS).toISOString()}::timestamptz`;
  const blockUntil = sql`${new Date(now.getTime() + BLOCK_MS).toISOString()}::timestamptz`;
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  await db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStart} < ${windowStart} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStart: sql`case when ${signInThrottle.windowStart} < ${windowStart} then ${nowTs} else ${signInThrottle.windowStart} end`,
        blockedUntil: sql`case when ${signInThrottle.windowStart} >= ${windowStart} and ${signInThrottle.failures} + 1 >= ${BLOCK_AFTER} then ${blockUntil} else null end`,
      },
    });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
