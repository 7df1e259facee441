// One-time links to set a password: a password reset (at most an hour) and an invitation
// (a few days). The link carries 256 random bits; the database keeps only their SHA-256,
// so a copy of the table opens nothing. A token is used by one conditional UPDATE
// (unused, unrevoked, unexpired → used), so two concurrent uses cannot both succeed.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { accountTokens, type AccountTokenPurpose } from '@/db/schema';
import { appUrl } from '../env';

export const RESET_TOKEN_MS = 60 * 60_000;
export const INVITATION_TOKEN_MS = 7 * 24 * 60 * 60_000;

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The page each kind of link opens. */
const pathOf: Record<AccountTokenPurpose, string> = { password_reset: '/reset-password', invitation: '/accept-invitation' };

export function accountTokenLink(purpose: AccountTokenPurpose, token: string): string {
  return `${appUrl()}${pathOf[purpose]}?token=${encodeURIComponent(token)}`;
}

/**
 * A new link for the user; the user's earlier unused links of the same purpose are revoked
 * (the newest mail is the one that works). Returns the token (for the mail only) and its expiry.
 */
export async function issueAccountToken(
  tx: Db | Tx,
  opts: { merchantId: string; userId: string; purpose: AccountTokenPurpose; createdBy?: string; now?: Date },
): Promise<{ token: string; link: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  await revokeAccountTokens(tx, opts.userId, opts.purpose, now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + (opts.purpose === 'password_reset' ? RESET_TOKEN_MS : INVITATION_TOKEN_MS));
  await tx.insert(accountTokens).values({
    merchantId: opts.merchantId,
    userId: opts.userId,
    purpose: opts.purpose,
    tokenHash: hashOf(token),
    expiresAt,
    createdBy: opts.createdBy ?? null,
  });
  return { token, link: accountTokenLink(opts.purpose, token), expiresAt };
}

/** Revokes the user's unused links (of one purpose, or all). */
export async function revokeAccountTokens(tx: Db | Tx, userId: string, purpose?: AccountTokenPurpose, now = new Date()): Promise<number> {
  const rows = await tx
    .update(accountTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(accountTokens.userId, userId),
        purpose ? eq(accountTokens.purpose, purpose) : undefined,
        isNull(accountTokens.usedAt),
        isNull(accountTokens.revokedAt),
      ),
    )
    .returning({ id: accountTokens.id });
  return rows.length;
}

const usable = (now: Date) => and(isNull(accountTokens.usedAt), isNull(accountTokens.revokedAt), gt(accountTokens.expiresAt, now));

/** The user a link would open, without using it (the page asks for a password only with a live link). */
export async function peekAccountToken(db: Db, purpose: AccountTokenPurpose, token: string, now = new Date()) {
  if (!isPlausibleToken(token)) return undefined;
  const [row] = await db
    .select({ userId: accountTokens.userId, merchantId: accountTokens.merchantId, expiresAt: accountTokens.expiresAt })
    .from(accountTokens)
    .where(and(eq(accountTokens.tokenHash, hashOf(token)), eq(accountTokens.purpose, purpose), usable(now)));
  return row;
}

/** Uses the link once: the user it belongs to, or undefined (unknown, expired, used, revoked, another purpose). */
export async function useAccountToken(tx: Db | Tx, purpose: AccountTokenPurpose, token: string, now = new Date()) {
  if (!isPlausibleToken(token)) return undefined;
  const [row] = await tx
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.tokenHash, hashOf(token)), eq(accountTokens.purpose, purpose), usable(now)))
    .returning({ userId: accountTokens.userId, merchantId: accountTokens.merchantId });
  return row;
}

/** When the user's live invitation expires, per user (for "pending" in the team list and on the affiliate page). */
export async function pendingInvitations(db: Db, merchantId: string, now = new Date()): Promise<Map<string, Date>> {
  const rows = await db
    .select({ userId: accountTokens.userId, expiresAt: sql<Date>`max(${accountTokens.expiresAt})`.mapWith((v) => new Date(v)) })
    .from(accountTokens)
    .where(and(eq(accountTokens.merchantId, merchantId), eq(accountTokens.purpose, 'invitation'), usable(now)))
    .groupBy(accountTokens.userId);
  return new Map(rows.map((r) => [r.userId, r.expiresAt]));
}

function isPlausibleToken(token: string): boolean {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token);
}
