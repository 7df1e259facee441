// Limits on creating accounts, so that one address cannot mass-register programs or
// flood a program with applications, and one email cannot be probed for over and over.
// In memory like the /t/* limits (sign-up is rare; a restart forgets, which is fine).
import { AppError } from '../errors';
import { rateLimit } from '../http/rate-limit';

const WINDOW_MS = 10 * 60_000;

/** Per window of ten minutes. */
export const SIGN_UP_LIMITS = {
  merchantPerIp: 20,
  merchantPerEmail: 5,
  joinPerIp: 20,
  joinPerProgram: 100,
  /** Tries of a new email on one's own profile (each answer says whether that email is in use). */
  emailChangePerUser: 5,
} as const;

function check(key: string, limit: number, now: number): void {
  const r = rateLimit(key, limit, now, WINDOW_MS);
  if (!r.ok) {
    const minutes = Math.ceil(r.retryAfterS / 60);
    throw new AppError('rate_limited', `Too many tries; try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`, {
      'Retry-After': String(r.retryAfterS),
    });
  }
}

export function limitMerchantSignUp(ip: string, email: string, now = Date.now()): void {
  check(`signup-ip:${ip}`, SIGN_UP_LIMITS.merchantPerIp, now);
  check(`signup-email:${email.trim().toLowerCase()}`, SIGN_UP_LIMITS.merchantPerEmail, now);
}

export function limitAffiliateJoin(ip: string, account: string, now = Date.now()): void {
  check(`join-ip:${ip}`, SIGN_UP_LIMITS.joinPerIp, now);
  check(`join-program:${account.trim().toLowerCase()}`, SIGN_UP_LIMITS.joinPerProgram, now);
}

export function limitEmailChange(userId: string, now = Date.now()): void {
  check(`email-change:${userId}`, SIGN_UP_LIMITS.emailChangePerUser, now);
}
