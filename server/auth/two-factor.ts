// Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30 s) with the otpauth library, and
// one-time recovery codes. The secret is kept encrypted (AES-256-GCM, key derived from the
// auth secret) and is shown only while it is being enrolled. A code is accepted once: the
// last accepted time step is kept per user and moved forward by one conditional UPDATE, so a
// code seen over someone's shoulder, or sent twice at once, does not sign in again. Codes
// are counted by the sign-in throttle per user before they are checked.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Db, Tx } from '@/db';
import { recoveryCodes, users } from '@/db/schema';
import { AppError } from '../errors';
import { verifyPassword } from './password';
import { authSecret } from './secret';
import { clearKey, countAttempt, type ThrottleRule } from './throttle';

const ISSUER = 'Affiliate Tracker';
const PERIOD_S = 30;
export const RECOVERY_CODE_COUNT = 10;
/** Code guesses per user before waits start (then 1 s, 2 s … up to 15 minutes between guesses). */
export const CODE_THROTTLE: ThrottleRule = { free: 5, capS: 15 * 60 };

// --- the secret at rest ---------------------------------------------------------------

const key = () => Buffer.from(hkdfSync('sha256', authSecret(), 'totp-secret', 'affiliate-tracker two-factor', 32));

export function sealSecret(base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

export function openSecret(sealed: string): string | undefined {
  const [v, iv, body, tag] = sealed.split('.');
  if (v !== 'v1' || !iv || !body || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

const totpOf = (base32: string, label = '') =>
  new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: OTPAuth.Secret.fromBase32(base32) });

/** The time step a 6-digit code is valid for (this one or its neighbours), or undefined. */
function stepOfCode(base32: string, code: string, now: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(base32).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD_S) + delta;
}

// --- recovery codes -------------------------------------------------------------------

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** 16 characters of a 31-letter alphabet (79 bits), written in groups of four. */
function newRecoveryCode(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (let i = 0; out.length < 16 && i < bytes.length; i++) if (bytes[i]! < 248) out += ALPHABET[bytes[i]! % 31];
  if (out.length < 16) return newRecoveryCode();
  return out.match(/.{4}/g)!.join('-');
}
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const hashRecoveryCode = (code: string) => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

// --- enrolment ------------------------------------------------------------------------

async function userRow(db: Db | Tx, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row) throw new AppError('not_found', 'Your user no longer exists.');
  return row;
}

export async function twoFactorStatus(db: Db, userId: string) {
  const row = await userRow(db, userId);
  const [left] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enabled: !!row.totpEnabledAt, enabledAt: row.totpEnabledAt, recoveryCodesLeft: row.totpEnabledAt ? Number(left?.n ?? 0) : 0 };
}

/** Step one: a new secret (kept aside, encrypted, until confirmed) and its QR code. */
export async function beginTwoFactor(db: Db, userId: string) {
  const row = await userRow(db, userId);
  if (row.totpEnabledAt) throw new AppError('conflict', 'Two-factor sign-in is on already. Turn it off first to use another device.');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await db.update(users).set({ totpPendingSecret: sealSecret(secret) }).where(eq(users.id, userId));
  const uri = totpOf(secret, row.email).toString();
  const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 200 });
  return { uri, qrDataUrl, secret };
}

/** Step two: a code from the app proves it holds the secret; the recovery codes are returned this once. */
export async function confirmTwoFactor(db: Db, userId: string, code: string, now = Date.now()) {
  await throttleCodes(db, userId);
  const row = await userRow(db, userId);
  const secret = row.totpPendingSecret ? openSecret(row.totpPendingSecret) : undefined;
  if (!secret) throw new AppError('conflict', 'Start again: scan a new QR code.');
  const step = stepOfCode(secret, code.replace(/\s/g, ''), now);
  if (step === undefined) throw new AppError('invalid_request', 'code: That code is not right. Enter the 6 digits your app shows now.');
  const codes = await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(now), totpLastStep: step })
      .where(eq(users.id, userId));
    return replaceRecoveryCodes(tx, userId);
  });
  await clearKey(db, codeKey(userId));
  return { recoveryCodes: codes, user: { id: row.id, email: row.email, name: row.name, merchantId: row.merchantId } };
}

/** Turning it off takes the password (a session left open is not enough). */
export async function disableTwoFactor(db: Db, userId: string, password: string) {
  const row = await userRow(db, userId);
  if (!(await verifyPassword(row.passwordHash, password))) throw new AppError('invalid_request', 'password: Wrong password.');
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  });
  return { ok: true };
}

/** New recovery codes (the old ones stop working), for a current code. */
export async function regenerateRecoveryCodes(db: Db, userId: string, code: string) {
  const row = await userRow(db, userId);
  if (!row.totpEnabledAt) throw new AppError('conflict', 'Two-factor sign-in is off.');
  if (!(await acceptSecondFactor(db, row, code, { recoveryCodes: false })))
    throw new AppError('invalid_request', 'code: That code is not right.');
  return { recoveryCodes: await db.transaction((tx) => replaceRecoveryCodes(tx, userId)) };
}

// --- sign-in --------------------------------------------------------------------------

const codeKey = (userId: string) => `2fa:${userId}`;

async function throttleCodes(db: Db, userId: string): Promise<void> {
  const d = await countAttempt(db, codeKey(userId), CODE_THROTTLE);
  if (!d.allowed) {
    const s = Math.max(1, Math.ceil(((d.retryAt?.getTime() ?? Date.now() + 1000) - Date.now()) / 1000));
    throw new AppError('rate_limited', `Too many codes tried. Try again in ${s < 120 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`}.`);
  }
}

/**
 * Checks a sign-in's second factor: the current TOTP code (each time step once) or an unused
 * recovery code (used up by this). Throttled per user; throws a readable error when throttled.
 */
export async function acceptSecondFactor(
  db: Db,
  user: { id: string; totpSecret: string | null },
  rawCode: string,
  opts: { now?: number; recoveryCodes?: boolean } = {},
): Promise<boolean> {
  await throttleCodes(db, user.id);
  const code = rawCode.trim();
  const now = opts.now ?? Date.now();
  let ok = false;
  const digits = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(digits)) {
    const secret = user.totpSecret ? openSecret(user.totpSecret) : undefined;
    const step = secret ? stepOfCode(secret, digits, now) : undefined;
    if (step !== undefined) {
      // Only forward: the step of a code already accepted (or an older one) is refused.
      const moved = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
        .returning({ id: users.id });
      ok = moved.length > 0;
    }
  } else if (opts.recoveryCodes !== false && normalizeRecoveryCode(code).length === 16) {
    const used = await db
      .update(recoveryCodes)
      .set({ usedAt: sql`now()` })
      .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    ok = used.length > 0;
  }
  if (ok) await clearKey(db, codeKey(user.id));
  return ok;
}
