// Email + password sign-in, with the throttle against password guessing.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, users, type UserRole } from '@/db/schema';
import { noteAffiliateSignIn } from '../fraud/sign-in-ips';
import { verifyAgainstNothing, verifyPassword } from './password';
import { checkThrottle, clearFailures, recordFailure } from './throttle';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  merchantId: string;
  affiliateId: string | null;
}

export const WRONG_CREDENTIALS = 'Wrong email or password.';

export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip: string },
): Promise<SessionUser> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  // Failures count per address (one guesser) and per account (many addresses guessing one password).
  const keys = [`ip:${input.ip}`, `email:${email}`];
  const [byIp, byEmail] = await Promise.all(keys.map((k) => checkThrottle(db, k)));
  for (const [t, from] of [[byIp!, 'from your address'], [byEmail!, 'for this account']] as const) {
    if (t.blockedUntil) {
      const minutes = Math.max(1, Math.ceil((t.blockedUntil.getTime() - Date.now()) / 60_000));
      throw new Error(`Too many failed sign-ins ${from}. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`);
    }
  }
  const delayMs = Math.max(byIp!.delayMs, byEmail!.delayMs);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));

  const [row] = await db
    .select({ user: users, affiliateStatus: affiliates.status })
    .from(users)
    .leftJoin(affiliates, eq(affiliates.id, users.affiliateId))
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
  const ok = row ? await verifyPassword(row.user.passwordHash, input.password) : (await verifyAgainstNothing(input.password), false);
  if (!row || !ok) {
    await Promise.all(keys.map((k) => recordFailure(db, k)));
    throw new Error(WRONG_CREDENTIALS);
  }
  if (row.user.role === 'affiliate' && row.affiliateStatus !== 'approved') {
    throw new Error(
      row.affiliateStatus === 'pending'
        ? 'Your application is waiting for the merchant’s approval.'
        : 'Your affiliate account is not active. Contact the merchant.',
    );
  }
  await Promise.all(keys.map((k) => clearFailures(db, k)));
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
  };
}
