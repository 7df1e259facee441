import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { authenticate, WRONG_CREDENTIALS } from '@/server/auth/sign-in';
import { checkThrottle, recordFailure } from '@/server/auth/throttle';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seed: true });
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

  it('slows down and then blocks repeated failures from one address, even with the right password', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 5; i++) await recordFailure(t.db, `ip:${ip}`);
    // Past three free failures each try waits longer: 250 ms, 500 ms, 1 s…
    expect((await checkThrottle(t.db, `ip:${ip}`)).delayMs).toBe(500);
    const started = Date.now();
    await expect(authenticate(t.db, { email: 'merchant@example.com', password: 'wrong', ip })).rejects.toThrow(WRONG_CREDENTIALS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    for (let i = 0; i < 4; i++) await recordFailure(t.db, `ip:${ip}`);
    // The tenth failure blocks the address for a while, whatever it sends.
    await expect(authenticate(t.db, { email: 'merchant@example.com', password: 'demo-merchant', ip })).rejects.toThrow(/Too many failed sign-ins/);
    // Another address is not affected, and a success clears its own count.
    await expect(authenticate(t.db, { email: 'merchant@example.com', password: 'demo-merchant', ip: '10.1.1.1' })).resolves.toMatchObject({ role: 'merchant' });
  });
});
