// Limits on creating accounts, so that one address cannot mass-register programs or
// flood a program with applications, and one email cannot be probed for over and over.
// Counted like the /t/* limits: in Redis when REDIS_URL is set, else in this process.
import { AppError } from '../errors';
import { consume } from '../http/rate-limit';

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

async function check(key: string, limit: number): Promise<void> {
  const r = await consume(key, limit, WINDOW_MS);
  if (!r.ok) {
    const minutes = Math.ceil(r.retryAfterS / 60);
    throw new AppError('rate_limited', `Too many tries; try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`, {
      'Retry-After': String(r.retryAfterS),
    });
  }
}

export async function limitMerchantSignUp(ip: string, email: string): Promise<void> {
  await check(`signup-ip:${ip}`, SIGN_UP_LIMITS.merchantPerIp);
  await check(`signup-email:${email.trim().toLowerCase()}`, SIGN_UP_LIMITS.merchantPerEmail);
}

export async function limitAffiliateJoin(ip: string, account: string): Promise<void> {
  await check(`join-ip:${ip}`, SIGN_UP_LIMITS.joinPerIp);
  await check(`join-program:${account.trim().toLowerCase()}`, SIGN_UP_LIMITS.joinPerProgram);
}

export async function limitEmailChange(userId: string): Promise<void> {
  await check(`email-change:${userId}`, SIGN_UP_LIMITS.emailChangePerUser);
}
