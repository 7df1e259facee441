import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { authenticate, WRONG_CREDENTIALS } from '@/server/auth/sign-in';
import { recentDeviceId } from '@/server/auth/recent-device';
import { countAttempt, THROTTLE_RULES } from '@/server/auth/throttle';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seed: true });
});
// Each test starts with no counted attempts (the account keys are shared between tests).
beforeEach(async () => {
  await t.db.delete(s.signInThrottle).where(sql`true`);
});
afterAll(async () => {
  await t?.close();
});

describe('sign-in', () => {
  it('signs in both roles with their session claims', async () => {
    const m = await authenticate(t.db, { email: 'Merchant@Example.com ', password: 'demo-merchant', ip: '10.0.0.1' });
    expect(m).toMatchObject({ role: 'merchant', merchantId: 'demo', affiliateId: null });
    const a = await authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '10.0.0.1' });
    expect(a.role).toBe('affiliate');
    expect(a.affiliateId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a wrong password and an unknown email with the same clear message', async () => {
    await expect(authenticate(t.db, { email: 'merchant@example.com', password: 'nope', ip: '10.0.0.2' })).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(authenticate(t.db, { email: 'nobody@example.com', password: 'nope', ip: '10.0.0.2' })).rejects.toThrow(WRONG_CREDENTIALS);
  });

  it('refuses an affiliate whose application is pending', async () => {
    const [aff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    await t.db.update(s.affiliates).set({ status: 'pending' }).where(eq(s.affiliates.id, aff!.id));
    await expect(authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '10.0.0.3' })).rejects.toThrow(/approval/);
    await t.db.update(s.affiliates).set({ status: 'approved' }).where(eq(s.affiliates.id, aff!.id));
  });

  it('counts concurrent guesses before checking them: 60 at once, only the free five are checked', async () => {
    const ip = '10.9.9.9';
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () => authenticate(t.db, { email: 'merchant@example.com', password: 'wrong-guess', ip })),
    );
    const reasons = results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'signed in'));
    const checked = reasons.filter((m) => m === WRONG_CREDENTIALS).length;
    // At most the five free attempts and the first delayed one are checked; every other is refused unchecked.
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(THROTTLE_RULES.pair.free + 1);
    expect(reasons.filter((m) => /Too many sign-in attempts/.test(m)).length).toBe(60 - checked);
    // Refused attempts do not count as checked ones: the pair's count is what was let through.
    const [pair] = await t.db.select().from(s.signInThrottle).where(eq(s.signInThrottle.key, `pair:${ip}|merchant@example.com`));
    expect(pair!.failures).toBeLessThanOrEqual(THROTTLE_RULES.pair.free + 1);
    expect(pair!.blockedUntil).not.toBeNull();
  });

  it('waits grow per address+account pair; another address, or the owner’s recent device, is not held up', async () => {
    const ip = '10.7.7.7';
    const key = `pair:${ip}|merchant@example.com`;
    const t0 = new Date('2030-01-01T00:00:00Z');
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    for (let i = 0; i < THROTTLE_RULES.pair.free; i++) expect((await countAttempt(t.db, key, THROTTLE_RULES.pair, t0)).allowed).toBe(true);
    // The 6th opens a 1 s wait, the 7th (after it) 2 s, the 8th 4 s: progressive, not a hard block.
    expect(await countAttempt(t.db, key, THROTTLE_RULES.pair, at(0))).toMatchObject({ allowed: true, attempts: 6 });
    expect(await countAttempt(t.db, key, THROTTLE_RULES.pair, at(0.5))).toMatchObject({ allowed: false, attempts: 6, retryAt: at(1) });
    expect(await countAttempt(t.db, key, THROTTLE_RULES.pair, at(1))).toMatchObject({ allowed: true, attempts: 7 });
    expect(await countAttempt(t.db, key, THROTTLE_RULES.pair, at(2))).toMatchObject({ allowed: false, retryAt: at(3) });
    expect(await countAttempt(t.db, key, THROTTLE_RULES.pair, at(3))).toMatchObject({ allowed: true, attempts: 8 });
    expect(await countAttempt(t.db, key, THROTTLE_RULES.pair, at(6))).toMatchObject({ allowed: false, retryAt: at(7) });
    // A window without attempts forgets the pair.
    expect(await countAttempt(t.db, key, THROTTLE_RULES.pair, at(7 + 15 * 60 + 1))).toMatchObject({ allowed: true, attempts: 1 });
  });

  it('one account guessed from many addresses slows the account, but not the owner on a recent device', async () => {
    const email = 'affiliate@example.com';
    const signedIn = await authenticate(t.db, { email, password: 'demo-affiliate', ip: '10.5.0.1' });
    expect(recentDeviceId(signedIn.deviceToken, email)).toBeTruthy();
    // A recent-device token is bound to its account.
    expect(recentDeviceId(signedIn.deviceToken, 'merchant@example.com')).toBeUndefined();
    expect(recentDeviceId(signedIn.deviceToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), email)).toBeUndefined();
    // Attackers on many addresses use up the account's allowance (each address once; the sign-in above is not a failure).
    for (let i = 0; i < THROTTLE_RULES.account.free + 1; i++)
      await expect(authenticate(t.db, { email, password: `guess-${i}`, ip: `10.6.0.${i + 1}` })).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(authenticate(t.db, { email, password: 'demo-affiliate', ip: '10.6.1.1' })).rejects.toThrow(/Too many sign-in attempts/);
    // The owner's browser, with its cookie, signs in at once.
    await expect(authenticate(t.db, { email, password: 'demo-affiliate', ip: '10.6.1.1', deviceToken: signedIn.deviceToken })).resolves.toMatchObject({
      role: 'affiliate',
    });
  });

  it('a success clears only that pair: the address keeps counting (no free spraying between own sign-ins)', async () => {
    const ip = '10.8.8.8';
    for (let i = 0; i < 3; i++)
      await expect(authenticate(t.db, { email: `nobody-${i}@example.com`, password: 'guess', ip })).rejects.toThrow(WRONG_CREDENTIALS);
    await authenticate(t.db, { email: 'merchant@example.com', password: 'demo-merchant', ip });
    // The three failures stay counted against the address (the success itself is not a failure).
    const rows = await t.db.select().from(s.signInThrottle).where(eq(s.signInThrottle.key, `ip:${ip}`));
    expect(rows[0]?.failures).toBe(3);
    expect(await t.db.select().from(s.signInThrottle).where(eq(s.signInThrottle.key, `pair:${ip}|merchant@example.com`))).toEqual([]);
    expect((await t.db.select().from(s.signInThrottle).where(eq(s.signInThrottle.key, `pair:${ip}|nobody-0@example.com`)))[0]?.failures).toBe(1);
  });
});
