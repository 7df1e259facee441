// The merchant's Affiliates manager: create, edit, list with sort and pages, stats — own program only.
import { eq, sql } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { setPasswordWithToken } from '@/server/accounts/password-reset';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { authenticate } from '@/server/auth/sign-in';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
const as = (merchantId: string) =>
  createCaller({ db: t.db, session: { user: { id: crypto.randomUUID(), role: 'merchant', teamRole: 'owner', merchantId, affiliateId: null }, expires: '2099-01-01' } as Session, ip: '10.1.2.3' });
const code = (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string }) => e.code ?? String(e));

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  await signUpMerchant(t.db, { programName: 'Other', accountId: 'other', name: 'O', email: 'o@other.example', password: 'other-password', currency: 'USD' });
});
afterAll(async () => {
  await t?.close();
});

describe('affiliates manager', () => {
  it('creates an approved affiliate whose login they set from an invitation mail (no password is made up)', async () => {
    const created = await as('demo').merchant.affiliates.create({ name: 'Ann Partner', email: 'ann@partner.example', refId: 'ann', parentRefId: 'demo-aff' });
    expect(Object.keys(created).sort()).toEqual(['email', 'id', 'invitationExpiresAt']);
    const { id } = created;
    const [ann] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, id));
    expect(ann).toMatchObject({ status: 'approved', refId: 'ann', merchantId: 'demo' });
    await expect(authenticate(t.db, { email: 'ann@partner.example', password: '', ip: '10.0.0.1' })).rejects.toThrow();
    const [mail] = await t.db.select().from(s.outboxMessages).where(eq(sql`${s.outboxMessages.payload}->>'to'`, 'ann@partner.example'));
    expect(mail!.payload).toMatchObject({ mailKind: 'affiliate_invitation' });
    const token = /accept-invitation\?token=([A-Za-z0-9_-]+)/.exec(String(mail!.payload.text))![1]!;
    await setPasswordWithToken(t.db, 'invitation', { token, password: 'coffee-and-tiny-links', confirmPassword: 'coffee-and-tiny-links' }, '10.0.0.1');
    expect(await authenticate(t.db, { email: 'ann@partner.example', password: 'coffee-and-tiny-links', ip: '10.0.0.1' })).toMatchObject({ role: 'affiliate', affiliateId: id });
    const audit = await t.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, id));
    expect(audit.map((a) => a.action)).toEqual(['affiliate.create']);
  });

  it('refuses taken referral ids and emails, unknown parents and cycles, with field errors', async () => {
    expect(await code(as('demo').merchant.affiliates.create({ name: 'X', email: 'x1@example.com', refId: 'demo-aff' }))).toBe('CONFLICT');
    expect(await code(as('demo').merchant.affiliates.create({ name: 'X', email: 'AFFILIATE@example.com', refId: 'x1' }))).toBe('CONFLICT');
    expect(await code(as('demo').merchant.affiliates.create({ name: 'X', email: 'x2@example.com', refId: 'x2', parentRefId: 'nobody' }))).toBe('BAD_REQUEST');
    expect(await code(as('demo').merchant.affiliates.create({ name: 'X', email: 'x3@example.com', refId: 'bad id!' }))).toBe('BAD_REQUEST');
    const [demoAff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    // demo-sub is demo-aff's child: making demo-aff a child of demo-sub would be a cycle.
    expect(
      await code(as('demo').merchant.affiliates.update({ id: demoAff!.id, form: { name: 'Demo Affiliate', email: 'affiliate@example.com', refId: 'demo-aff', parentRefId: 'demo-sub' } })),
    ).toBe('BAD_REQUEST');
    const [after] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, demoAff!.id));
    expect(after!.parentId).toBeNull();
  });

  it('edits name, email, referral id and parent; the login follows the email', async () => {
    const [sub] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-sub'));
    await as('demo').merchant.affiliates.update({ id: sub!.id, form: { name: 'Sub Renamed', email: 'sub-new@example.com', refId: 'sub-2', parentRefId: '' } });
    const [row] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, sub!.id));
    expect(row).toMatchObject({ name: 'Sub Renamed', email: 'sub-new@example.com', refId: 'sub-2', parentId: null });
  });

  it('lists with search, status, sort and pages; stats per affiliate', async () => {
    const page = await as('demo').merchant.affiliates.list({ sort: 'name', page: 1 });
    expect(page.rows.map((r) => r.name)).toEqual([...page.rows.map((r) => r.name)].sort((a, b) => a.localeCompare(b)));
    expect(page.hasNext).toBe(false);
    expect((await as('demo').merchant.affiliates.list({ search: 'ann', page: 1 })).rows.map((r) => r.refId)).toEqual(['ann']);
    expect((await as('demo').merchant.affiliates.list({ page: 2 })).rows).toEqual([]);
    const [demoAff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    const stats = await as('demo').merchant.affiliates.stats({ id: demoAff!.id, days: 30 });
    expect(stats.affiliate.refId).toBe('demo-aff');
    expect(stats.overview.clicks).toBe(0);
  });

  it('another merchant can neither read nor change these affiliates', async () => {
    const [demoAff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    expect(await code(as('other').merchant.affiliates.stats({ id: demoAff!.id, days: 30 }))).toBe('NOT_FOUND');
    expect(
      await code(as('other').merchant.affiliates.update({ id: demoAff!.id, form: { name: 'Hacked', email: 'h@example.com', refId: 'hacked' } })),
    ).toBe('NOT_FOUND');
    const [row] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, demoAff!.id));
    expect(row!.name).toBe('Demo Affiliate');
    expect((await as('other').merchant.affiliates.list({ page: 1 })).rows).toEqual([]);
  });
});
