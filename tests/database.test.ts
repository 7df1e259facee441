// Schema, migrations and the demo seed, on PGlite or (with DATABASE_URL) PostgreSQL.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMigrated } from '@/db';
import { rowsOf } from '@/db/client';
import { DEMO, seedDemo } from '@/db/seed';
import * as s from '@/db/schema';
import { verifyPassword } from '@/server/auth/password';
import { sha256Hex } from '@/server/ids';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

describe('migrations', () => {
  it('create every table of the data model', async () => {
    expect(await isMigrated(t.db)).toBe(true);
    const rows = rowsOf<{ table_name: string }>(
      await t.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`),
    );
    const names = rows.map((r) => r.table_name).sort();
    for (const table of [
      'merchants', 'users', 'affiliates', 'campaigns', 'commission_rules', 'banners', 'coupons', 'visitors', 'clicks',
      'conversions', 'commissions', 'customers', 'api_keys', 'webhook_secrets', 'webhook_events', 'payouts', 'audit_log', 'refunds',
    ])
      expect(names).toContain(table);
  });

  it('apply twice without harm', async () => {
    await t.migrate();
    expect(await isMigrated(t.db)).toBe(true);
  });
});

describe('demo seed', () => {
  it('seeds exactly the demo program, once', async () => {
    expect(await seedDemo(t.db)).toBe(true);
    expect(await seedDemo(t.db)).toBe(false);
    const merchants = await t.db.select().from(s.merchants);
    expect(merchants.map((m) => m.id)).toEqual(['demo']);
    expect(merchants[0]!.allowedDomains).toEqual(['localhost', '127.0.0.1']);

    const affs = await t.db.select().from(s.affiliates).where(eq(s.affiliates.merchantId, 'demo'));
    const aff = affs.find((a) => a.refId === 'demo-aff')!;
    const sub = affs.find((a) => a.refId === 'demo-sub')!;
    expect(aff.status).toBe('approved');
    expect(sub.status).toBe('approved');
    expect(sub.parentId).toBe(aff.id);

    const users = await t.db.select().from(s.users);
    const merchantUser = users.find((u) => u.email === DEMO.merchantEmail)!;
    const affiliateUser = users.find((u) => u.email === DEMO.affiliateEmail)!;
    expect(merchantUser.role).toBe('merchant');
    expect(affiliateUser.role).toBe('affiliate');
    expect(affiliateUser.affiliateId).toBe(aff.id);
    expect(merchantUser.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(merchantUser.passwordHash, 'demo-merchant')).toBe(true);
    expect(await verifyPassword(affiliateUser.passwordHash, 'demo-affiliate')).toBe(true);

    const [campaign] = await t.db.select().from(s.campaigns).where(eq(s.campaigns.merchantId, 'demo'));
    expect(campaign).toMatchObject({
      isDefault: true, currency: 'USD', cookieDays: 30, attributionModel: 'last_click',
      lifetimeCommissions: true, recurringCommissions: true, autoApprove: false, fingerprintWindowHours: 24,
    });
    const rules = await t.db.select().from(s.commissionRules).where(eq(s.commissionRules.campaignId, campaign!.id));
    const simplified = rules.map((r) => [r.actionCode, r.tier, r.kind, r.percentBp ?? r.fixedAmount]).sort();
    expect(simplified).toEqual([
      ['', 1, 'percent', 1000],
      ['', 2, 'percent', 200],
      ['signup', 1, 'fixed', 200],
    ]);

    const [coupon] = await t.db.select().from(s.coupons);
    expect(coupon).toMatchObject({ code: 'DEMO10', affiliateId: aff.id });
    const [key] = await t.db.select().from(s.apiKeys);
    expect(key!.keyHash).toBe(sha256Hex('sk_demo_0000000000000000'));
    expect(key!.keyHash).not.toContain('sk_demo');
    const secrets = await t.db.select().from(s.webhookSecrets);
    expect(secrets.map((w) => w.provider).sort()).toEqual(['generic', 'lemonsqueezy', 'paddle', 'shopify', 'stripe', 'woocommerce']);
    expect(new Set(secrets.map((w) => w.secret))).toEqual(new Set(['whsec_demo']));
  });
});

describe('constraints', () => {
  it('a conversion is unique per (account, order id, action code); actions without an order id never collide', async () => {
    const base = { merchantId: 'demo', campaignId: DEMO.campaignId, currency: 'USD', status: 'unattributed' as const, source: 'test' };
    const first = await t.db.insert(s.conversions).values({ ...base, orderId: 'o-1', total: 100 }).onConflictDoNothing().returning();
    const again = await t.db.insert(s.conversions).values({ ...base, orderId: 'o-1', total: 100 }).onConflictDoNothing().returning();
    const action = await t.db.insert(s.conversions).values({ ...base, orderId: 'o-1', actionCode: 'signup' }).onConflictDoNothing().returning();
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(0);
    expect(action).toHaveLength(1);
    const n1 = await t.db.insert(s.conversions).values({ ...base, actionCode: 'lead' }).returning();
    const n2 = await t.db.insert(s.conversions).values({ ...base, actionCode: 'lead' }).returning();
    expect(n1[0]!.id).not.toBe(n2[0]!.id);
    const rows = await t.db.select().from(s.conversions).where(and(eq(s.conversions.merchantId, 'demo'), eq(s.conversions.orderId, 'o-1')));
    expect(rows).toHaveLength(2);
  });

  it('user emails are unique whatever their case', async () => {
    await expect(
      t.db.insert(s.users).values({ merchantId: 'demo', role: 'merchant', email: 'MERCHANT@example.com', name: 'x', passwordHash: 'x' }),
    ).rejects.toThrow();
  });

  it('one default campaign per merchant', async () => {
    await expect(t.db.insert(s.campaigns).values({ id: 'cmp_two', merchantId: 'demo', name: 'Second', isDefault: true })).rejects.toThrow();
  });
});
