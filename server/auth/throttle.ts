// Slows down password guessing without locking anyone out for good. Each sign-in attempt
// is counted, atomically and BEFORE the password is checked, under a few keys in the
// database (so every app server sees them):
//   pair:<address>|<email>  one client guessing one account — the main limit;
//   ip:<address>            one client trying many accounts (password spraying);
//   account:<email>         many addresses guessing one account.
// Past a key's free attempts, each further checked attempt opens a wait that doubles
// (1 s, 2 s, 4 s … up to the key's cap), and an attempt made during the wait is refused
// unchecked, so concurrent guesses cannot slip past the count. The ip and account keys
// allow many more attempts than the pair key, so a noisy neighbour behind the same NAT, or
// a stranger hammering an account, slows others down far less than itself; and the owner's
// own browser (a recent-device cookie from a successful sign-in) skips both of those keys.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { rowsOf } from '@/db';
import { signInThrottle } from '@/db/schema';

export interface ThrottleRule {
  /** Attempts in a window that are checked without any wait. */
  free: number;
  /** The longest wait between checked attempts, in seconds. */
  capS: number;
}

export const THROTTLE_RULES = {
  pair: { free: 5, capS: 15 * 60 },
  ip: { free: 50, capS: 60 },
  account: { free: 20, capS: 60 },
  device: { free: 10, capS: 5 * 60 },
} as const satisfies Record<string, ThrottleRule>;

/** A key forgets its attempts after this long without one. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;

export interface ThrottleDecision {
  allowed: boolean;
  /** Attempts counted in the window, this one included. */
  attempts: number;
  /** When refused: when the next attempt will be checked. */
  retryAt?: Date;
}

/**
 * Counts one attempt under `key` and says whether it may be checked: one atomic upsert
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING) increments and decides at once, so two
 * concurrent attempts never both see the same count.
 */
export async function countAttempt(db: Db, key: string, rule: ThrottleRule, now = new Date()): Promise<ThrottleDecision> {
  // Raw SQL parameters go as ISO strings: drivers differ in how they send a Date.
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const staleBefore = sql`${new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString()}::timestamptz`;
  const t = signInThrottle;
  const free = sql.raw(String(Math.trunc(rule.free)));
  const cap = sql.raw(String(Math.trunc(rule.capS)));
  const stale = sql`${t.lastAttemptAt} < ${staleBefore}`;
  const waiting = sql`(${t.blockedUntil} is not null and ${t.blockedUntil} > ${nowTs})`;
  // The wait after the n-th checked attempt (n > free): 2^(n - free - 1) seconds, capped.
  const wait = (n: ReturnType<typeof sql>) =>
    sql`case when ${n} > ${free} then ${nowTs} + least(power(2, ${n} - ${free} - 1), ${cap}) * interval '1 second' else null end`;
  const next = sql`(${t.failures} + 1)`;
  const result = await db.execute(sql`
    insert into ${t} (key, failures, window_start, last_attempt_at, blocked_until, last_allowed)
    values (${key}, 1, ${nowTs}, ${nowTs}, ${wait(sql`1`)}, true)
    on conflict (key) do update set
      failures = case when ${stale} then 1 when ${waiting} then ${t.failures} else ${next} end,
      window_start = case when ${stale} then ${nowTs} else ${t.windowStart} end,
      blocked_until = case when ${stale} then ${wait(sql`1`)} when ${waiting} then ${t.blockedUntil} else ${wait(next)} end,
      last_allowed = ${stale} or not ${waiting},
      last_attempt_at = ${nowTs}
    returning failures, blocked_until, last_allowed`);
  const row = rowsOf<{ failures: number; blocked_until: string | Date | null; last_allowed: boolean }>(result)[0]!;
  return {
    allowed: row.last_allowed,
    attempts: Number(row.failures),
    retryAt: row.last_allowed || !row.blocked_until ? undefined : new Date(row.blocked_until),
  };
}

/**
 * After a successful sign-in, on the address's and the account's keys: the attempt that
 * succeeded is taken back (one, not the whole count — the failures stay counted, so signing
 * in to one's own account between guesses at others gains nothing), so an office of people
 * signing in from one address does not use up its allowance by signing in.
 */
export async function uncountAttempt(db: Db, key: string): Promise<void> {
  await db
    .update(signInThrottle)
    .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
    .where(eq(signInThrottle.key, key));
}

/** After a successful sign-in: that client's count for that account starts again (its pair key only). */
export async function clearKey(db: Db, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/** Forgets keys idle for a whole window (called after successful sign-ins, which happen all the time). */
export async function pruneThrottle(db: Db, now = new Date()): Promise<void> {
  const staleBefore = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  await db.execute(
    sql`delete from ${signInThrottle} where last_attempt_at < ${staleBefore}::timestamptz and (blocked_until is null or blocked_until < ${now.toISOString()}::timestamptz)`,
  );
}
