// Accounts, in-process: one-time links (stored hashed, at most an hour for a reset, expired and
// concurrent uses refused), two-factor codes (a time step accepted once, neighbours only,
// codes throttled per user, secrets and recovery codes never stored in the clear).
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { setPasswordWithToken } from '@/server/accounts/password-reset';
import { INVITATION_TOKEN_MS, issueAccountToken, RESET_TOKEN_MS } from '@/server/auth/account-tokens';
import { authenticate } from '@/server/auth/sign-in';
import { acceptSecondFactor, beginTwoFactor, CODE_THROTTLE, confirmTwoFactor, openSecret } from '@/server/auth/two-factor';
import { createTestDb, type TestDb } from './helpers/db';
import { totpAt } from './helpers/accounts';

let t: TestDb;
let merchantUser: s.User;
let affiliateUser: s.User;
beforeAll(async () => {
  t = await createTestDb({ seed: true });
  merchantUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!;
  affiliateUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'affiliate@example.com')))[0]!;
});
afterAll(async () => {
  await t?.close();
});

const NEW = { password: 'coffee-and-tiny-links', confirmPassword: 'coffee-and-tiny-links' };

describe('one-time links', () => {
  it('the demo merchant is an owner; a reset link lives an hour at most and only its hash is stored', async () => {
    expect(merchantUser.teamRole).toBe('owner');
    const now = new Date();
    const { token, expiresAt, link } = await issueAccountToken(t.db, { merchantId: 'demo', userId: affiliateUser.id, purpose: 'password_reset', now });
    expect(expiresAt.getTime() - now.getTime()).toBe(RESET_TOKEN_MS);
    expect(RESET_TOKEN_MS).toBeLessThanOrEqual(60 * 60_000);
    expect(link).toMatch(/\/reset-password\?token=/);
    const rows = await t.db.select().from(s.accountTokens).where(eq(s.accountTokens.userId, affiliateUser.id));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((r) => r.tokenHash)).toContain(createHash('sha256').update(token).digest('hex'));
  });

  it('an expired link is refused', async () => {
    const past = new Date(Date.now() - RESET_TOKEN_MS - 60_000);
    const { token } = await issueAccountToken(t.db, { merchantId: 'demo', userId: affiliateUser.id, purpose: 'password_reset', now: past });
    await expect(setPasswordWithToken(t.db, 'password_reset', { token, ...NEW }, '10.0.0.1')).rejects.toThrow(/expired or was used/);
    const oldInvite = await issueAccountToken(t.db, { merchantId: 'demo', userId: affiliateUser.id, purpose: 'invitation', now: new Date(Date.now() - INVITATION_TOKEN_MS - 1000) });
    await expect(setPasswordWithToken(t.db, 'invitation', { token: oldInvite.token, ...NEW }, '10.0.0.1')).rejects.toThrow(/expired/);
    // Nothing changed: the demo password still signs in.
    await expect(authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '10.0.0.1' })).resolves.toMatchObject({ role: 'affiliate' });
  });

  it('a newer link replaces the older one; of two concurrent uses of a link exactly one wins', async () => {
    const first = await issueAccountToken(t.db, { merchantId: 'demo', userId: affiliateUser.id, purpose: 'password_reset' });
    const second = await issueAccountToken(t.db, { merchantId: 'demo', userId: affiliateUser.id, purpose: 'password_reset' });
    await expect(setPasswordWithToken(t.db, 'password_reset', { token: first.token, ...NEW }, '10.0.0.1')).rejects.toThrow();
    const results = await Promise.allSettled([
      setPasswordWithToken(t.db, 'password_reset', { token: second.token, ...NEW }, '10.0.0.1'),
      setPasswordWithToken(t.db, 'password_reset', { token: second.token, password: 'tea-and-long-sentences', confirmPassword: 'tea-and-long-sentences' }, '10.0.0.2'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [after] = await t.db.select().from(s.users).where(eq(s.users.id, affiliateUser.id));
    // Every session of the user ended: the version moved on.
    expect(after!.sessionVersion).toBe(affiliateUser.sessionVersion + 1);
  });
});

describe('two-factor codes', () => {
  let secret: string;
  const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
  it('enrolment stores the secret encrypted and the recovery codes hashed', async () => {
    const begun = await beginTwoFactor(t.db, merchantUser.id);
    secret = begun.secret;
    const { recoveryCodes } = await confirmTwoFactor(t.db, merchantUser.id, totpAt(secret, T0), T0);
    const [row] = await t.db.select().from(s.users).where(eq(s.users.id, merchantUser.id));
    expect(row!.totpSecret).not.toContain(secret);
    expect(openSecret(row!.totpSecret!)).toBe(secret);
    expect(row!.totpPendingSecret).toBeNull();
    const stored = await t.db.select().from(s.recoveryCodes).where(eq(s.recoveryCodes.userId, merchantUser.id));
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!);
  });

  it('each time step is accepted once: the enrolment code, then a replay, then the next step', async () => {
    const user = { id: merchantUser.id, totpSecret: (await t.db.select().from(s.users).where(eq(s.users.id, merchantUser.id)))[0]!.totpSecret };
    // The enrolment accepted T0's step: neither it nor an earlier one comes back.
    expect(await acceptSecondFactor(t.db, user, totpAt(secret, T0), { now: T0 + 5_000 })).toBe(false);
    expect(await acceptSecondFactor(t.db, user, totpAt(secret, T0 - 30_000), { now: T0 + 5_000 })).toBe(false);
    // The next step, shown a little early (clock drift: one step either side)…
    expect(await acceptSecondFactor(t.db, user, totpAt(secret, T0 + 30_000), { now: T0 + 10_000 })).toBe(true);
    // …once, even sent twice at the same moment.
    const twice = await Promise.all([
      acceptSecondFactor(t.db, user, totpAt(secret, T0 + 60_000), { now: T0 + 60_000 }),
      acceptSecondFactor(t.db, user, totpAt(secret, T0 + 60_000), { now: T0 + 60_000 }),
    ]);
    expect(twice.filter(Boolean)).toHaveLength(1);
    // Two steps away is too far.
    expect(await acceptSecondFactor(t.db, user, totpAt(secret, T0 + 180_000), { now: T0 + 90_000 })).toBe(false);
  });

  it('codes are throttled per user, whichever address they come from', async () => {
    await t.db.delete(s.signInThrottle).where(sql`true`);
    const user = { id: merchantUser.id, totpSecret: (await t.db.select().from(s.users).where(eq(s.users.id, merchantUser.id)))[0]!.totpSecret };
    for (let i = 0; i <= CODE_THROTTLE.free; i++) expect(await acceptSecondFactor(t.db, user, '000000', { now: T0 })).toBe(false);
    await expect(acceptSecondFactor(t.db, user, totpAt(secret, T0 + 300_000), { now: T0 + 300_000 })).rejects.toThrow(/Too many codes/);
    // Sign-in says so too, and gives no session.
    await expect(
      authenticate(t.db, { email: 'merchant@example.com', password: 'demo-merchant', ip: '10.0.0.9', code: totpAt(secret, T0 + 300_000) }),
    ).rejects.toThrow(/Too many codes/);
    await t.db.delete(s.signInThrottle).where(sql`true`);
  });
});
