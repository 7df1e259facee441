// Passwords: common and breached-list passwords are refused everywhere a password is set
// (sign-up, join, password change), offline; the seeded demo
// logins still work. And the email oracles: one wording that names no program, and a limit
// on trying emails on one's own profile.
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { authenticate } from '@/server/auth/sign-in';
import { weakPasswordReason } from '@/server/auth/password-rules';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

let t: TestDb;
let affUser: s.User;
let merchantUser: s.User;
const as = (user: s.User | null) =>
  createCaller({
    db: t.db,
    ip: `198.51.100.${Math.floor(Math.random() * 250)}`,
    session: user ? ({ user: { id: user.id, email: user.email, role: user.role, merchantId: user.merchantId, affiliateId: user.affiliateId }, expires: '2099-01-01' } as Session) : null,
  });
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
};

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  affUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'affiliate@example.com')))[0]!;
  merchantUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!;
});
afterAll(async () => {
  await t?.close();
});

describe('password rules', () => {
  it('refuse common, breached-list and personal passwords; accept a good one', () => {
    for (const p of ['password', '12345678', 'password1', 'qwertyuiop', 'iloveyou1', 'aaaaaaaa', 'Password123'])
      expect(weakPasswordReason(p), p).toMatch(/Too easy to guess/);
    expect(weakPasswordReason('annsmith1', ['ann.smith@example.com', 'Ann Smith'])).toMatch(/Too easy/);
    expect(weakPasswordReason('short')).toBe('At least 8 characters.');
    expect(weakPasswordReason('coffee-and-tiny-links')).toBeUndefined();
  });

  it('apply to merchant sign-up, affiliate join and a password change, naming the field', async () => {
    const signUp = (password: string, n: string) =>
      as(null).auth.signUpMerchant({ programName: 'Weak Shop', accountId: `weak-${n}`, name: 'W', email: `weak-${n}@example.com`, password, currency: 'USD' });
    expect(await failure(signUp('password', 'a'))).toMatch(/^BAD_REQUEST: password: Too easy to guess/);
    expect(await failure(signUp('12345678', 'b'))).toMatch(/^BAD_REQUEST: password: Too easy to guess/);
    expect(await failure(signUp('coffee-and-tiny-links', 'c'))).toBe('OK');

    const join = (password: string) =>
      as(null).auth.joinProgram({ account: 'demo', form: { name: 'Jo', email: `jo-${password.length}@example.com`, password, promotionMethod: 'blog', acceptTerms: true } });
    expect(await failure(join('password1'))).toMatch(/^BAD_REQUEST: password: Too easy/);

    const change = (newPassword: string) => as(affUser).affiliate.changePassword({ currentPassword: 'demo-affiliate', newPassword, confirmPassword: newPassword });
    expect(await failure(change('12345678'))).toMatch(/^BAD_REQUEST: newPassword: Too easy/);
    expect(await failure(change('demo-affiliate1'))).toMatch(/^BAD_REQUEST: newPassword: Too easy/);
  });

  it('leave the seeded demo logins working', async () => {
    await expect(authenticate(t.db, { email: 'merchant@example.com', password: 'demo-merchant', ip: '10.3.3.3' })).resolves.toMatchObject({ role: 'merchant' });
    await expect(authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '10.3.3.3' })).resolves.toMatchObject({ role: 'affiliate' });
  });
});

describe('email oracles', () => {
  it('sign-up, join and profile answer a taken email without naming the account or its program', async () => {
    const join = await failure(
      as(null).auth.joinProgram({ account: 'demo', form: { name: 'M', email: 'merchant@example.com', password: 'coffee-and-tiny-links', promotionMethod: 'blog', acceptTerms: true } }),
    );
    expect(join).toBe('CONFLICT: email: this email cannot be used for a new account. If it is yours, sign in with it instead.');
    const profile = await failure(as(affUser).affiliate.updateProfile({ name: 'Demo Affiliate', email: 'merchant@example.com' }));
    expect(profile).toBe('CONFLICT: email: this email cannot be used. Choose another one.');
    expect(join + profile).not.toMatch(/exists already|another account|demo/i);
  });

  it('trying emails on one’s own profile is limited', async () => {
    const [other] = await t.db.insert(s.affiliates).values({ merchantId: 'demo', refId: 'prober', name: 'Prober', email: 'prober@example.com', status: 'approved' }).returning();
    const [prober] = await t.db
      .insert(s.users)
      .values({ merchantId: 'demo', role: 'affiliate', email: 'prober@example.com', name: 'Prober', passwordHash: merchantUser.passwordHash, affiliateId: other!.id })
      .returning();
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) codes.push((await failure(as(prober!).affiliate.updateProfile({ name: 'Prober', email: `probe-${i}@victims.example` }))).split(':')[0]!);
    expect(codes.slice(0, 5)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(codes.slice(5)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  });
});
