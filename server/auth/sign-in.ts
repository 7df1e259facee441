// Email + password sign-in, with the throttle against password guessing (./throttle.ts).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, users, type UserRole } from '@/db/schema';
import { noteAffiliateSignIn } from '../fraud/sign-in-ips';
import { verifyAgainstNothing, verifyPassword } from './password';
import { issueDeviceToken, recentDeviceId } from './recent-device';
import { clearKey, countAttempt, pruneThrottle, uncountAttempt, THROTTLE_RULES, type ThrottleRule } from './throttle';
import { acceptSecondFactor } from './two-factor';
import { TWO_FACTOR_REQUIRED, WRONG_TWO_FACTOR_CODE } from './two-factor-messages';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  merchantId: string;
  affiliateId: string | null;
  sessionVersion: number;
}

export const WRONG_CREDENTIALS = 'Wrong email or password.';

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  /** The browser's recent-device cookie, when it sent one (./recent-device.ts). */
  deviceToken?: string;
  /** With two-factor sign-in on: the current TOTP code or an unused recovery code. */
  code?: string;
}

/** The throttle keys an attempt counts under (./throttle.ts). */
export function throttleKeys(email: string, ip: string, deviceToken?: string): [string, ThrottleRule][] {
  const device = recentDeviceId(deviceToken, email);
  // The owner's own browser: its own key only, out of reach of other clients' attempts.
  if (device) return [[`device:${device}`, THROTTLE_RULES.device]];
  return [
    [`pair:${ip}|${email}`, THROTTLE_RULES.pair],
    [`ip:${ip}`, THROTTLE_RULES.ip],
    [`account:${email}`, THROTTLE_RULES.account],
  ];
}

export async function authenticate(db: Db, input: SignInInput): Promise<SessionUser & { deviceToken: string }> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const keys = throttleKeys(email, input.ip, input.deviceToken);
  // Counted before anything is checked, each in one atomic statement: concurrent guesses each get their own count.
  const decisions = await Promise.all(keys.map(([key, rule]) => countAttempt(db, key, rule)));
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length) {
    const retryAt = Math.max(...refused.map((d) => d.retryAt?.getTime() ?? Date.now() + 1000));
    const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
    const wait = seconds < 120 ? `${seconds} second${seconds > 1 ? 's' : ''}` : `${Math.ceil(seconds / 60)} minutes`;
    throw new Error(`Too many sign-in attempts. Try again in ${wait}.`);
  }

  const [row] = await db
    .select({ user: users, affiliateStatus: affiliates.status })
    .from(users)
    .leftJoin(affiliates, eq(affiliates.id, users.affiliateId))
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
  // A user still to accept an invitation has no password: checked like an unknown email (same time, same answer).
  const hasPassword = !!row?.user.passwordHash;
  const ok = hasPassword ? await verifyPassword(row!.user.passwordHash, input.password) : (await verifyAgainstNothing(input.password), false);
  if (!row || !ok) throw new Error(WRONG_CREDENTIALS);
  if (row.user.role === 'affiliate' && row.affiliateStatus !== 'approved') {
    throw new Error(
      row.affiliateStatus === 'pending'
        ? 'Your application is waiting for the merchant’s approval.'
        : 'Your affiliate account is not active. Contact the merchant.',
    );
  }
  if (row.user.totpEnabledAt) {
    const code = input.code?.trim() ?? '';
    if (!code) {
      // The password was right: this attempt is not a guess at it (codes have their own count).
      for (const [key] of keys) await uncountAttempt(db, key);
      throw new Error(TWO_FACTOR_REQUIRED);
    }
    // Throws a readable refusal when too many codes were tried (./two-factor.ts).
    if (!(await acceptSecondFactor(db, row.user, code))) throw new Error(WRONG_TWO_FACTOR_CODE);
  }
  // Only this client's count for this account starts again: the address's and the account's
  // failures stay counted (only this successful attempt is taken back), so signing in to one's
  // own account between guesses at others gains nothing.
  await clearKey(db, keys[0]![0]);
  for (const [key] of keys.slice(1)) await uncountAttempt(db, key);
  await pruneThrottle(db);
  await db.update(users).set({ lastSignInAt: new Date(), lastSignInIp: input.ip }).where(eq(users.id, row.user.id));
  if (row.user.role === 'affiliate' && row.user.affiliateId)
    await noteAffiliateSignIn(db, row.user.merchantId, row.user.affiliateId, input.ip);
  return {
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.user.role,
    merchantId: row.user.merchantId,
    affiliateId: row.user.affiliateId,
    sessionVersion: row.user.sessionVersion,
    deviceToken: issueDeviceToken(email),
  };
}
