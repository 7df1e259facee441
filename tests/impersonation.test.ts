// "Log in as affiliate": audited, limited to the merchant's own affiliates, time-limited, with a way back.
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { signGrant, verifyGrant } from '@/server/auth/grants';
import { IMPERSONATION_MS, userFromGrant } from '@/server/auth/impersonation';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let merchantUser: s.User;
let affiliate: s.Affiliate;
let otherMerchantUser: s.User;
const caller = (user: Partial<Session['user']>) =>
  createCaller({ db: t.db, session: { user: { email: 'x', affiliateId: null, ...user }, expires: '2099-01-01' } as Session, ip: '10.0.0.9' });

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  merchantUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!;
  affiliate = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
  await signUpMerchant(t.db, { programName: 'Other', accountId: 'other', name: 'O', email: 'o@other.example', password: 'other-password', currency: 'USD' });
  otherMerchantUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'o@other.example')))[0]!;
});
afterAll(async () => {
  await t?.close();
});

describe('grants', () => {
  it('are signed, expire, and cannot be altered', () => {
    const token = signGrant({ purpose: 'return', userId: 'u1' }, 1000, 0);
    expect(verifyGrant(token, 500)).toMatchObject({ purpose: 'return', userId: 'u1' });
    expect(verifyGrant(token, 1001)).toBeUndefined();
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ purpose: 'return', userId: 'admin', exp: 9e15 })).toString('base64url');
    expect(verifyGrant(`${forged}.${mac}`, 500)).toBeUndefined();
    expect(verifyGrant(`${body}.${mac}x`, 500)).toBeUndefined();
    expect(verifyGrant('garbage', 500)).toBeUndefined();
  });
});

describe('log in as affiliate', () => {
  it('gives the merchant a 30-minute affiliate session, audited, and a way back', async () => {
    const asMerchant = caller({ id: merchantUser.id, role: 'merchant', teamRole: 'owner', merchantId: 'demo' });
    const { grant } = await asMerchant.merchant.affiliates.impersonate({ id: affiliate.id });
    const user = await userFromGrant(t.db, grant);
    expect(user).toMatchObject({ role: 'affiliate', affiliateId: affiliate.id, merchantId: 'demo', impersonatedBy: merchantUser.id });
    expect(user.impersonationExpires! - Date.now()).toBeGreaterThan(IMPERSONATION_MS - 5_000);
    expect(user.impersonationExpires! - Date.now()).toBeLessThanOrEqual(IMPERSONATION_MS);

    const asImpersonated = caller({ id: user.id, role: 'affiliate', merchantId: 'demo', affiliateId: affiliate.id, impersonatedBy: merchantUser.id });
    expect((await asImpersonated.affiliate.me()).refId).toBe('demo-aff');
    const back = await userFromGrant(t.db, (await asImpersonated.affiliate.endImpersonation()).grant);
    expect(back).toMatchObject({ id: merchantUser.id, role: 'merchant', merchantId: 'demo' });
    expect(back.impersonatedBy).toBeUndefined();

    const audit = await t.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, affiliate.id));
    expect(audit.map((a) => a.action)).toEqual(['affiliate.impersonate', 'affiliate.impersonate.end']);
    expect(audit.every((a) => a.actorUserId === merchantUser.id && a.ip === '10.0.0.9')).toBe(true);
  });

  it('is refused for another merchant’s affiliate, and for an affiliate that is not impersonated', async () => {
    const other = caller({ id: otherMerchantUser.id, role: 'merchant', teamRole: 'owner', merchantId: 'other' });
    await expect(other.merchant.affiliates.impersonate({ id: affiliate.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A grant minted for a user of another program is refused at sign-in too.
    const [affUser] = await t.db.select().from(s.users).where(eq(s.users.affiliateId, affiliate.id));
    const forgedActor = signGrant({ purpose: 'impersonate', userId: affUser!.id, actorUserId: otherMerchantUser.id });
    await expect(userFromGrant(t.db, forgedActor)).rejects.toThrow('You cannot open this panel.');
    // A plain affiliate has nowhere to go back to.
    const plain = caller({ id: affUser!.id, role: 'affiliate', merchantId: 'demo', affiliateId: affiliate.id });
    await expect(plain.affiliate.endImpersonation()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // A return grant cannot make an affiliate a merchant.
    await expect(userFromGrant(t.db, signGrant({ purpose: 'return', userId: affUser!.id }))).rejects.toThrow('You cannot open this panel.');
  });
});

describe('grants are single use', () => {
  it('a grant signs in once; a second use, even concurrent, is refused', async () => {
    const asMerchant = caller({ id: merchantUser.id, role: 'merchant', teamRole: 'owner', merchantId: 'demo' });
    const { grant } = await asMerchant.merchant.affiliates.impersonate({ id: affiliate.id });
    await expect(userFromGrant(t.db, grant)).resolves.toMatchObject({ role: 'affiliate', impersonatedBy: merchantUser.id });
    await expect(userFromGrant(t.db, grant)).rejects.toThrow('This sign-in link has been used already.');

    const back = signGrant({ purpose: 'return', userId: merchantUser.id });
    const both = await Promise.allSettled([userFromGrant(t.db, back), userFromGrant(t.db, back), userFromGrant(t.db, back)]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason.message))).toEqual([
      'This sign-in link has been used already.',
      'This sign-in link has been used already.',
    ]);
  });

  it('carries the user’s session version, so a password change ends the impersonation too', async () => {
    const [affUser] = await t.db.select().from(s.users).where(eq(s.users.affiliateId, affiliate.id));
    const user = await userFromGrant(t.db, signGrant({ purpose: 'impersonate', userId: affUser!.id, actorUserId: merchantUser.id }));
    expect(user.sessionVersion).toBe(affUser!.sessionVersion);
  });
});
