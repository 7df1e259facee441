// The importer of Post Affiliate Pro's CSV exports (server/imports), on files in PAP's export
// format (tests/fixtures/pap-export: [[SECTION]] markers, `!COLUMN` headers, `;` and `,`
// separators): a dry run changes nothing and lists what would be created and every bad row with
// its reason; the import creates exactly that in one transaction; a second run creates nothing.
// Also `npm run import:pap` on the same folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { importPap, type PapImportReport } from '@/server/imports';
import { createTestDb, type TestDb } from './helpers/db';

const DIR = path.join(import.meta.dirname, 'fixtures/pap-export');
const files = () => fs.readdirSync(DIR).sort().map((name) => ({ name, text: fs.readFileSync(path.join(DIR, name), 'utf8') }));
const actor = { userId: null as unknown as string, ip: '192.0.2.1' };

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seed: true });
  const [user] = await t.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, 'merchant@example.com'));
  actor.userId = user!.id;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** Row counts of what an import writes, for "changed nothing" checks. */
async function counts() {
  const n = async (table: typeof s.affiliates | typeof s.campaigns | typeof s.banners | typeof s.coupons | typeof s.conversions | typeof s.commissions | typeof s.importedRecords) =>
    Number((await t.db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.merchantId, 'demo')))[0]!.n);
  return {
    affiliates: await n(s.affiliates),
    campaigns: await n(s.campaigns),
    banners: await n(s.banners),
    coupons: await n(s.coupons),
    conversions: await n(s.conversions),
    commissions: await n(s.commissions),
    records: await n(s.importedRecords),
  };
}

const created = (r: PapImportReport) => Object.fromEntries(Object.entries(r.created).map(([k, v]) => [k, v.map((i) => i.externalId)]));
const reasons = (r: PapImportReport) => r.problems.map((p) => `${p.file}:${p.line} ${p.externalId ?? ''} ${p.reason}`);

const EXPECTED = {
  affiliates: ['11111111', '22222222', '33333333', '66666666'],
  campaigns: ['c0000001'],
  banners: ['b0000001', 'b0000002'],
  coupons: ['cp000001'],
  commissions: ['t0000001', 't0000003', 't0000004', 't0000002'],
};

describe('a dry run', () => {
  it('lists what would be created and every row it cannot take and why, and changes nothing', async () => {
    const before = await counts();
    const report = await importPap(t.db, 'demo', actor, files(), { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(created(report)).toEqual(EXPECTED);
    const why = reasons(report);
    const expectReason = (fragment: RegExp) => expect(why.some((w) => fragment.test(w)), `${fragment} in\n${why.join('\n')}`).toBe(true);
    expectReason(/affiliates\.csv:6 44444444 REFID/);
    expectReason(/affiliates\.csv:7 55555555 USERNAME .*valid email/);
    expectReason(/affiliates\.csv:8 66666666 PARENTUSERID 99999999 .*without a parent/);
    expectReason(/campaigns\.csv:4 c0000002 NAME/);
    expectReason(/b0000003 RTYPE .*only image \(I\) and text link \(T\)/);
    expectReason(/b0000004 DESTINATIONURL .*allowed domains/);
    expectReason(/cp000002 USERID 44444444 is not an affiliate/);
    expectReason(/t0000005 .*COMMISSION/);
    expectReason(/t0000006 USERID 77777777/);
    expectReason(/t0000007 RSTATUS “X”/);
    expectReason(/t0000008 RTYPE “C”/);
    expect(report.problems.every((p) => p.line > 0 && p.file)).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe('the import', () => {
  it('creates what the dry run listed, with referral ids, parents, statuses and money in minor units', async () => {
    const before = await counts();
    const report = await importPap(t.db, 'demo', actor, files(), { dryRun: false });
    expect(report.dryRun).toBe(false);
    expect(created(report)).toEqual(EXPECTED);
    const after = await counts();
    expect(after.affiliates - before.affiliates).toBe(4);
    expect(after.campaigns - before.campaigns).toBe(1);
    expect(after.banners - before.banners).toBe(2);
    expect(after.coupons - before.coupons).toBe(1);
    expect(after.conversions - before.conversions).toBe(3);
    expect(after.commissions - before.commissions).toBe(4);

    const aff = await t.db.select().from(s.affiliates).where(eq(s.affiliates.merchantId, 'demo'));
    const byRef = new Map(aff.map((a) => [a.refId, a]));
    expect(byRef.get('papann')).toMatchObject({ name: 'Ann Lee', email: 'ann@example.com', status: 'approved', parentId: null });
    expect(byRef.get('papbob')!.parentId).toBe(byRef.get('papann')!.id);
    expect(byRef.get('pappat')).toMatchObject({ status: 'pending', parentId: byRef.get('papann')!.id });
    expect(byRef.get('papsam')!.parentId).toBeNull();

    const [campaign] = await t.db.select().from(s.campaigns).where(and(eq(s.campaigns.merchantId, 'demo'), eq(s.campaigns.name, 'Spring sale')));
    expect(campaign).toMatchObject({ cookieDays: 45, isDefault: false });
    const bannerRows = await t.db.select().from(s.banners).where(eq(s.banners.campaignId, campaign!.id));
    expect(bannerRows.map((b) => [b.kind, b.name, b.targetUrl]).sort()).toEqual([
      ['image', 'Spring banner', 'http://localhost:4000/spring'],
      ['text', 'Spring text link', 'http://localhost:4000/spring'],
    ]);
    const [coupon] = await t.db.select().from(s.coupons).where(and(eq(s.coupons.merchantId, 'demo'), eq(s.coupons.code, 'SPRING-ANN')));
    expect(coupon!.affiliateId).toBe(byRef.get('papann')!.id);

    const [order] = await t.db.select().from(s.conversions).where(and(eq(s.conversions.merchantId, 'demo'), eq(s.conversions.orderId, 'PAP-ORD-1')));
    expect(order).toMatchObject({ total: 12050, currency: 'USD', status: 'attributed', affiliateId: byRef.get('papbob')!.id, campaignId: campaign!.id, productId: 'plan-pro', verified: true });
    const lines = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, order!.id));
    expect(lines.map((l) => [l.tier, l.affiliateId, l.amount, l.status]).sort()).toEqual([
      [1, byRef.get('papbob')!.id, 1205, 'paid'],
      [2, byRef.get('papann')!.id, 241, 'approved'],
    ]);
    const [lead] = await t.db.select().from(s.conversions).where(and(eq(s.conversions.merchantId, 'demo'), eq(s.conversions.orderId, 'PAP-LEAD-1')));
    expect(lead!.actionCode).toBe('pap_action');
    const [leadCommission] = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, lead!.id));
    expect(leadCommission!.status).toBe('declined');
    const [auditRow] = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.merchantId, 'demo'), eq(s.auditLog.action, 'import.pap')));
    expect(auditRow).toBeTruthy();
  });

  it('run twice creates nothing new: every row is known by its PAP id', async () => {
    const before = await counts();
    const report = await importPap(t.db, 'demo', actor, files(), { dryRun: false });
    expect(Object.values(report.created).flat()).toEqual([]);
    expect(report.alreadyImported.map((i) => i.externalId).sort()).toEqual(Object.values(EXPECTED).flat().sort());
    expect(await counts()).toEqual(before);
  });

  it('is all or nothing: a failure while writing leaves nothing behind', async () => {
    const before = await counts();
    const clash = [
      { name: 'affiliates.csv', text: '!USERID,!REFID,!USERNAME\nz1,fresh-one,f1@example.com\n' },
      { name: 'campaigns.csv', text: `!CAMPAIGNID,!NAME\n${'x'.repeat(3)},Camp\n` },
    ];
    // The affiliates are written first; a trigger then refuses the campaign, so the transaction fails half-way.
    await t.db.execute(sql`create function refuse_import() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`);
    await t.db.execute(sql`create trigger refuse_import before insert on campaigns for each row execute function refuse_import()`);
    try {
      await expect(importPap(t.db, 'demo', actor, clash, { dryRun: false })).rejects.toThrow();
    } finally {
      await t.db.execute(sql`drop trigger refuse_import on campaigns`);
      await t.db.execute(sql`drop function refuse_import()`);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('npm run import:pap', () => {
  it('imports a folder into an account from the command line, dry run first', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pap-cli-'));
    const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir };
    const base = process.env.DATABASE_URL;
    // On PostgreSQL the CLI runs against this file's own database; on PGlite an embedded one it migrates and seeds.
    if (base?.startsWith('postgres')) env.DATABASE_URL = t.url;
    const run = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/import-pap.ts', '--account', 'demo', '--dir', DIR, ...args], { env, encoding: 'utf8', timeout: 120_000 });
    if (!base?.startsWith('postgres'))
      for (const step of ['db/migrate-cli.ts', 'db/seed-cli.ts']) {
        const r = spawnSync('npx', ['tsx', step], { env, encoding: 'utf8', timeout: 120_000 });
        expect(r.status, r.stderr).toBe(0);
      }
    const dry = run('--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    if (!base?.startsWith('postgres')) {
      expect(dry.stdout).toContain('would create 4 affiliates');
      expect(dry.stdout).toMatch(/rows not taken: \d+/);
      const real = run();
      expect(real.status, real.stderr).toBe(0);
      expect(real.stdout).toContain('created 4 affiliates');
    } else {
      // This file's database was imported into above: the CLI sees everything as imported.
      expect(dry.stdout).toContain('would create 0 affiliates');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
