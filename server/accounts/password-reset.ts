// Password reset for both roles (PLATFORM-API.md §1), and setting a password from an
// invitation. /forgot-password answers the same way, in the same time, whether or not the
// address has an account: the answer is padded to a fixed minimum, and the work that only a
// known address does (a token, a mail in the outbox) is two small inserts well inside it.
// Counted per client address and per account address before anything is looked up, so the
// limit says nothing about whether an account exists either.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants, users, type AccountTokenPurpose } from '@/db/schema';
import { issueAccountToken, peekAccountToken, revokeAccountTokens, useAccountToken } from '../auth/account-tokens';
import { hashPassword } from '../auth/password';
import { assertStrongPassword } from '../auth/password-rules';
import { countAttempt, type ThrottleRule } from '../auth/throttle';
import { audit } from '../audit';
import { AppError } from '../errors';
import { sendAccountMail } from './account-mail';
import { DEAD_LINK_MESSAGES, forgotPasswordSchema, setPasswordSchema, type SetPasswordInput } from './schemas';

/** Every answer of /forgot-password takes at least this long. */
export const RESET_ANSWER_MS = 350;

/** Requests allowed per window of the throttle (15 minutes since the last request), counted before anything is looked up. */
export const RESET_LIMITS = {
  /** One client address asking for many accounts. */
  ip: { free: 20, capS: 15 * 60 },
  /** Many requests for one account address (whoever asks): a mailbox is not flooded. */
  account: { free: 3, capS: 15 * 60 },
} as const satisfies Record<string, ThrottleRule>;

export const RESET_ANSWER = 'If an account uses this address, a link to choose a new password is on its way. It works once, for one hour.';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function requestPasswordReset(db: Db, raw: { email: string }, ip: string): Promise<{ message: string }> {
  const started = Date.now();
  const { email } = forgotPasswordSchema.parse(raw);
  const decisions = await Promise.all([
    countAttempt(db, `reset-ip:${ip}`, RESET_LIMITS.ip),
    countAttempt(db, `reset-account:${email}`, RESET_LIMITS.account),
  ]);
  // A fixed allowance per window (THROTTLE_WINDOW_MS since the last request), not just slower answers.
  if (decisions.some((d, i) => !d.allowed || d.attempts > [RESET_LIMITS.ip, RESET_LIMITS.account][i]!.free)) {
    await sleep(started + RESET_ANSWER_MS - Date.now());
    throw new AppError('rate_limited', 'Too many reset requests for now. Wait a few minutes, then try again.');
  }
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, merchantId: users.merchantId })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
  if (user) {
    await db.transaction(async (tx) => {
      const { link } = await issueAccountToken(tx, { merchantId: user.merchantId, userId: user.id, purpose: 'password_reset' });
      // Of no program (merchantId null): a reset link must not be readable in the program's e-mail log,
      // or a merchant could take over an affiliate's account with it.
      await sendAccountMail(tx, { merchantId: null, email: user.email, name: user.name, userId: user.id }, { kind: 'password_reset', vars: { name: user.name, link } });
    });
  }
  await sleep(started + RESET_ANSWER_MS - Date.now());
  return { message: RESET_ANSWER };
}

const DEAD_LINK: Record<AccountTokenPurpose, string> = DEAD_LINK_MESSAGES;

/** Who a live link is for (the page greets them); undefined for a dead link. */
export async function describeAccountLink(db: Db, purpose: AccountTokenPurpose, token: string) {
  const live = await peekAccountToken(db, purpose, token);
  if (!live) return undefined;
  const [row] = await db
    .select({ email: users.email, name: users.name, role: users.role, programName: merchants.name })
    .from(users)
    .innerJoin(merchants, eq(merchants.id, users.merchantId))
    .where(eq(users.id, live.userId));
  return row ? { ...row, expiresAt: live.expiresAt } : undefined;
}

/**
 * Sets the password of the link's user, once: the token is used and every other link of the
 * user revoked in the same transaction, and every session of the user ends (session_version).
 */
export async function setPasswordWithToken(db: Db, purpose: AccountTokenPurpose, raw: SetPasswordInput, ip: string) {
  const input = setPasswordSchema.parse(raw);
  return db.transaction(async (tx) => {
    const used = await useAccountToken(tx, purpose, input.token);
    if (!used) throw new AppError('invalid_request', `token: ${DEAD_LINK[purpose]}`);
    const [user] = await tx.select().from(users).where(eq(users.id, used.userId));
    if (!user) throw new AppError('invalid_request', `token: ${DEAD_LINK[purpose]}`);
    // A weak password throws here, and the transaction gives the link back.
    assertStrongPassword(input.password, [user.email, user.name]);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(input.password), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id));
    await revokeAccountTokens(tx, user.id);
    await audit(tx, user.merchantId, { userId: user.id, ip }, purpose === 'invitation' ? 'user.invitation_accepted' : 'user.password_reset', {
      type: 'user',
      id: user.id,
    });
    return { email: user.email, role: user.role };
  });
}
