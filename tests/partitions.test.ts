// Partitioned clicks (PostgreSQL) and retention (both databases): the conversion of a `clicks`
// holding months of clicks keeps every row, partitions are made ahead, inserts land in their month,
// retention drops an old month whole while its rollups stay, and IP addresses go only from old rows.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/client';
import {
  clickPartitions,
  DEFAULT_PARTITION,
  ensureClickPartitions,
  isClicksPartitioned,
  monthStart,
  partitionClicks,
  partitionName,
} from '@/db/partitions';
import { affiliates } from '@/db/schema';
import { newVisitorId } from '@/server/ids';
import { schema as envSchema } from '@/server/env';
import { runRetention } from '@/server/retention';
import { ClickWriter } from '@/server/tracking/click-writer';
import { createTestDb, type TestDb } from './helpers/db';

const onPostgres = !!process.env.DATABASE_URL?.startsWith('postgres');
const NOW = new Date();
const DAY = 86_400_000;
/** Mid-month, `offset` months from now: never near a month's edge, whatever day the test runs. */
const midMonth = (offset: number) => new Date(monthStart(NOW, offset).getTime() + 14 * DAY + 3_600_000);

async function q<T>(t: TestDb, query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await t.db.execute(query));
}

/** What must not change: counts, sums and a digest of every row, per merchant. */
async function fingerprint(t: TestDb) {
  return q(
    t,
    sql`select merchant_id, count(*)::int as n, sum(id)::text as ids, sum(length(coalesce(url, '')))::text as url_len,
          count(ip)::int as ips, count(*) filter (where is_repeat)::int as repeats,
          min(created_at)::text as first, max(created_at)::text as last,
          md5(string_agg(c::text, '|' order by id)) as digest
        from clicks c group by merchant_id order by merchant_id`,
  );
}

async function affiliateOf(t: TestDb, refId: string): Promise<string> {
  const [row] = await t.db.select({ id: affiliates.id }).from(affiliates).where(eq(affiliates.refId, refId));
  return row!.id;
}

describe.skipIf(!onPostgres)('clicks partitioned by month (PostgreSQL)', () => {
  let t: TestDb;
  let aff: string;
  let writer: ClickWriter;
  beforeAll(async () => {
    // The shared migrations only: `clicks` is still the plain table, as on an install from before.
    t = await createTestDb({ seed: true, partitionClicks: false });
    aff = await affiliateOf(t, 'demo-aff');
    writer = new ClickWriter(async () => t.db, { groupCommit: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('converts a table holding clicks of several months without losing or changing a row', async () => {
    expect(await isClicksPartitioned(t.db)).toBe(false);
    // Through the click writer (so their daily rollups exist): one click per month, seven months back.
    for (let m = -7; m <= 0; m++)
      await writer.write({ merchantId: 'demo', visitorId: newVisitorId(), affiliateId: aff, campaignId: 'cmp_demo', url: `https://shop.example/m${m}`, ip: `198.51.100.${m + 10}`, createdAt: m === 0 ? undefined : midMonth(m) }, true, 600);
    // And volume: 6,000 clicks of two merchants spread over the same months.
    await t.db.execute(sql`
      insert into clicks (created_at, merchant_id, visitor_id, affiliate_id, campaign_id, url, ip, is_repeat)
      select ${monthStart(NOW, -7).toISOString()}::timestamptz + (now() - ${monthStart(NOW, -7).toISOString()}::timestamptz) * (g / 6001.0),
             case when g % 3 = 0 then 'other-shop' else 'demo' end, md5(g::text), ${aff}::uuid, 'cmp_demo',
             'https://shop.example/p/' || g, '203.0.113.' || (g % 200), g % 7 = 0
      from generate_series(1, 6000) g`);
    const before = await fingerprint(t);
    const stats = await q(t, sql`select * from click_daily_stats order by 1, 2, 3`);
    expect(before.map((r) => (r as { n: number }).n).reduce((a, b) => a + b, 0)).toBe(6008);

    expect(await partitionClicks(t.db, { now: NOW })).toBe(true);
    expect(await isClicksPartitioned(t.db)).toBe(true);
    expect(await fingerprint(t)).toEqual(before);
    expect(await q(t, sql`select * from click_daily_stats order by 1, 2, 3`)).toEqual(stats);

    // A partition per month from the oldest row's to three months ahead, and the default.
    const names = await clickPartitions(t.db);
    const expected = [DEFAULT_PARTITION];
    for (let m = -7; m <= 3; m++) expected.push(partitionName(monthStart(NOW, m)));
    expect(names.sort()).toEqual(expected.sort());
    // Each row sits in its own month, none in the default.
    const misplaced = await q<{ n: number }>(
      t,
      sql`select count(*)::int as n from clicks where tableoid::regclass::text <> 'clicks_' || to_char(created_at at time zone 'UTC', 'YYYY_MM')`,
    );
    expect(misplaced[0]!.n).toBe(0);
    // The primary key holds the partition key and the merchant (Citus' distribution key).
    const [pk] = await q<{ def: string }>(t, sql`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'clicks'::regclass and contype = 'p'`);
    expect(pk!.def).toBe('PRIMARY KEY (merchant_id, id, created_at)');
    const indexes = await q<{ name: string }>(t, sql`select indexname::text as name from pg_indexes where tablename = 'clicks' order by 1`);
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(['clicks_affiliate_time_idx', 'clicks_fingerprint_idx', 'clicks_merchant_time_idx', 'clicks_visitor_idx']),
    );
    // Nothing of the old table is left, and a second run changes nothing.
    expect(await q(t, sql`select 1 from pg_class where relname = 'clicks_unpartitioned'`)).toEqual([]);
    expect(await partitionClicks(t.db, { now: NOW })).toBe(false);
    expect(await fingerprint(t)).toEqual(before);
  });

  it('writes new clicks into their month, with ids after the old ones, repeats and rollups as before', async () => {
    const [{ max }] = (await q<{ max: string }>(t, sql`select max(id)::text as max from clicks`)) as [{ max: string }];
    const visitor = newVisitorId();
    const click = { merchantId: 'demo', visitorId: visitor, affiliateId: aff, campaignId: 'cmp_demo', ip: '192.0.2.99' };
    const first = await writer.write(click, true, 600);
    const second = await writer.write(click, false, 600);
    expect(first).toBeGreaterThan(Number(max));
    const rows = await q<{ id: string; part: string; is_repeat: boolean }>(
      t,
      sql`select id::text, tableoid::regclass::text as part, is_repeat from clicks where visitor_id = ${visitor} order by id`,
    );
    expect(rows).toEqual([
      { id: String(first), part: partitionName(NOW), is_repeat: false },
      { id: String(second), part: partitionName(NOW), is_repeat: true },
    ]);
    // The reports' join by (merchant, click id) and the hand-off's lookup still find it.
    const found = await q(t, sql`select id from clicks where merchant_id = 'demo' and id = ${first}`);
    expect(found).toHaveLength(1);
  });

  it('never refuses a click no month covers: the default partition takes it, and the next upkeep moves it into its month', async () => {
    const far = midMonth(9);
    const id = await writer.write({ merchantId: 'demo', visitorId: newVisitorId(), affiliateId: aff, campaignId: 'cmp_demo', createdAt: far }, true);
    const where = async () =>
      (await q<{ part: string }>(t, sql`select tableoid::regclass::text as part from clicks where id = ${id}`))[0]?.part;
    expect(await where()).toBe(DEFAULT_PARTITION);
    // Upkeep at the usual time: this month and three ahead exist; the stray month is made and filled.
    const made = await ensureClickPartitions(t.db, { now: NOW });
    expect(made).toEqual([partitionName(far)]);
    expect(await where()).toBe(partitionName(far));
    expect((await q<{ n: number }>(t, sql.raw(`select count(*)::int as n from ${DEFAULT_PARTITION}`)))[0]!.n).toBe(0);
    // Months ahead are made as time passes; made once.
    const later = await ensureClickPartitions(t.db, { now: monthStart(NOW, 2) });
    expect(later).toEqual([partitionName(monthStart(NOW, 4)), partitionName(monthStart(NOW, 5))]);
    expect(await ensureClickPartitions(t.db, { now: monthStart(NOW, 2) })).toEqual([]);
  });

  it('retention drops whole months older than CLICK_RETENTION_MONTHS and keeps their daily rollups', async () => {
    const oldDay = midMonth(-7).toISOString().slice(0, 10);
    const rollup = () => q(t, sql`select clicks, unique_clicks from click_daily_stats where merchant_id = 'demo' and day = ${oldDay}`);
    const kept = await rollup();
    expect(kept).toEqual([{ clicks: 1, unique_clicks: 1 }]);
    const newer = await q<{ n: number }>(t, sql`select count(*)::int as n from clicks where created_at >= ${monthStart(NOW, -6).toISOString()}::timestamptz`);

    const r = await runRetention(t.db, { now: NOW, clickRetentionMonths: 6, ipRetentionDays: undefined });
    expect(r.droppedPartitions).toEqual([partitionName(monthStart(NOW, -7))]);
    expect(await clickPartitions(t.db)).not.toContain(partitionName(monthStart(NOW, -7)));
    expect(await clickPartitions(t.db)).toContain(partitionName(monthStart(NOW, -6)));
    expect((await q<{ n: number }>(t, sql`select count(*)::int as n from clicks where created_at < ${monthStart(NOW, -6).toISOString()}::timestamptz`))[0]!.n).toBe(0);
    expect(await q(t, sql`select count(*)::int as n from clicks where created_at >= ${monthStart(NOW, -6).toISOString()}::timestamptz`)).toEqual(newer);
    expect(await rollup()).toEqual(kept);
    // Again: nothing more to drop.
    expect((await runRetention(t.db, { now: NOW, clickRetentionMonths: 6, ipRetentionDays: undefined })).droppedPartitions).toEqual([]);
  });
});

describe('retention on either database', () => {
  let t: TestDb;
  let aff: string;
  beforeAll(async () => {
    t = await createTestDb({ seed: true });
    aff = await affiliateOf(t, 'demo-aff');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('removes old raw clicks (a partition on PostgreSQL, rows on PGlite) and keeps the rollups', async () => {
    expect(await isClicksPartitioned(t.db)).toBe(onPostgres);
    const writer = new ClickWriter(async () => t.db, { groupCommit: false });
    // An old click whose month partition exists on PostgreSQL: made ahead of "then".
    await ensureClickPartitions(t.db, { now: midMonth(-4) });
    const old = await writer.write({ merchantId: 'demo', visitorId: newVisitorId(), affiliateId: aff, campaignId: 'cmp_demo', createdAt: midMonth(-4) }, true);
    const recent = await writer.write({ merchantId: 'demo', visitorId: newVisitorId(), affiliateId: aff, campaignId: 'cmp_demo', createdAt: midMonth(-1) }, true);
    const day = midMonth(-4).toISOString().slice(0, 10);
    const rollup = () => q(t, sql`select clicks from click_daily_stats where merchant_id = 'demo' and day = ${day}`);
    expect(await rollup()).toEqual([{ clicks: 1 }]);

    const r = await runRetention(t.db, { now: NOW, clickRetentionMonths: 3, ipRetentionDays: undefined });
    if (onPostgres) expect(r.droppedPartitions).toContain(partitionName(midMonth(-4)));
    else expect(r.deletedClicks).toBe(1);
    const ids = (await q<{ id: string }>(t, sql`select id::text from clicks where id in (${old}, ${recent})`)).map((x) => Number(x.id));
    expect(ids).toEqual([recent]);
    expect(await rollup()).toEqual([{ clicks: 1 }]);
  });

  it('without CLICK_RETENTION_MONTHS or IP_RETENTION_DAYS removes nothing', async () => {
    const before = await q(t, sql`select count(*)::int as n, count(ip)::int as ips from clicks`);
    const r = await runRetention(t.db, { now: NOW, clickRetentionMonths: undefined, ipRetentionDays: undefined });
    expect(r).toMatchObject({ droppedPartitions: [], deletedClicks: 0, anonymised: {} });
    expect(await q(t, sql`select count(*)::int as n, count(ip)::int as ips from clicks`)).toEqual(before);
  });

  it('IP_RETENTION_DAYS removes IP addresses older than that, and only those', async () => {
    const writer = new ClickWriter(async () => t.db, { groupCommit: false });
    const oldAt = new Date(NOW.getTime() - 40 * DAY);
    const newAt = new Date(NOW.getTime() - 2 * DAY);
    await ensureClickPartitions(t.db, { now: oldAt });
    const oldClick = await writer.write({ merchantId: 'demo', visitorId: newVisitorId(), affiliateId: aff, campaignId: 'cmp_demo', ip: '198.51.100.1', userAgent: 'Old/1', createdAt: oldAt }, true);
    const newClick = await writer.write({ merchantId: 'demo', visitorId: newVisitorId(), affiliateId: aff, campaignId: 'cmp_demo', ip: '198.51.100.2', createdAt: newAt }, true);
    const conv = async (order: string, at: Date, ip: string) =>
      (
        await q<{ id: string }>(
          t,
          sql`insert into conversions (merchant_id, campaign_id, order_id, currency, status, source, ip, user_agent, created_at)
              values ('demo', 'cmp_demo', ${order}, 'USD', 'unattributed', 'api', ${ip}, 'UA/1', ${at.toISOString()}::timestamptz) returning id`,
        )
      )[0]!.id;
    const oldConv = await conv('ip-old', oldAt, '198.51.100.3');
    const newConv = await conv('ip-new', newAt, '198.51.100.4');
    await t.db.execute(sql`insert into audit_log (merchant_id, action, ip, created_at) values
      ('demo', 'test.old', '198.51.100.5', ${oldAt.toISOString()}::timestamptz), ('demo', 'test.new', '198.51.100.6', ${newAt.toISOString()}::timestamptz)`);
    await t.db.execute(sql`update users set last_sign_in_at = ${oldAt.toISOString()}::timestamptz, last_sign_in_ip = '198.51.100.7' where email = 'merchant@example.com'`);
    await t.db.execute(sql`update users set last_sign_in_at = ${newAt.toISOString()}::timestamptz, last_sign_in_ip = '198.51.100.8' where email = 'affiliate@example.com'`);
    await t.db.execute(sql`insert into affiliate_sign_in_ips (merchant_id, affiliate_id, ip, first_seen_at, last_seen_at) values
      ('demo', ${aff}, '198.51.100.9', ${oldAt.toISOString()}::timestamptz, ${oldAt.toISOString()}::timestamptz),
      ('demo', ${aff}, '198.51.100.10', ${oldAt.toISOString()}::timestamptz, ${newAt.toISOString()}::timestamptz)`);

    const r = await runRetention(t.db, { now: NOW, clickRetentionMonths: undefined, ipRetentionDays: 30 });
    expect(r.anonymised).toMatchObject({ clicks: 1, conversions: 1, auditLog: 1, users: 1, affiliateSignInIps: 1 });

    const clickIps = await q(t, sql`select id::int as id, ip, user_agent from clicks where id in (${oldClick}, ${newClick}) order by id`);
    expect(clickIps).toEqual([
      { id: oldClick, ip: null, user_agent: 'Old/1' },
      { id: newClick, ip: '198.51.100.2', user_agent: null },
    ]);
    const convIps = await q(t, sql`select order_id, ip from conversions where id in (${oldConv}, ${newConv}) order by order_id`);
    expect(convIps).toEqual([
      { order_id: 'ip-new', ip: '198.51.100.4' },
      { order_id: 'ip-old', ip: null },
    ]);
    expect(await q(t, sql`select action, ip from audit_log where action like 'test.%' order by action`)).toEqual([
      { action: 'test.new', ip: '198.51.100.6' },
      { action: 'test.old', ip: null },
    ]);
    expect(await q(t, sql`select email, last_sign_in_ip from users where email in ('merchant@example.com', 'affiliate@example.com') order by email`)).toEqual([
      { email: 'affiliate@example.com', last_sign_in_ip: '198.51.100.8' },
      { email: 'merchant@example.com', last_sign_in_ip: null },
    ]);
    expect(await q(t, sql`select ip from affiliate_sign_in_ips order by ip`)).toEqual([{ ip: '198.51.100.10' }]);
    // A second pass finds nothing left to remove.
    const again = await runRetention(t.db, { now: NOW, clickRetentionMonths: undefined, ipRetentionDays: 30 });
    expect(Object.values(again.anonymised).every((n) => n === 0)).toBe(true);
  });
});

describe('CLICK_RETENTION_MONTHS and IP_RETENTION_DAYS', () => {
  it('are whole numbers from 1, or unset (empty counts as unset); anything else is a start-up error', () => {
    expect(envSchema.parse({ CLICK_RETENTION_MONTHS: '6', IP_RETENTION_DAYS: ' 90 ' })).toMatchObject({ CLICK_RETENTION_MONTHS: 6, IP_RETENTION_DAYS: 90 });
    const unset = envSchema.parse({ CLICK_RETENTION_MONTHS: '' });
    expect(unset.CLICK_RETENTION_MONTHS).toBeUndefined();
    expect(unset.IP_RETENTION_DAYS).toBeUndefined();
    for (const bad of ['0', '-1', '1.5', 'abc', '6 months'])
      for (const name of ['CLICK_RETENTION_MONTHS', 'IP_RETENTION_DAYS'])
        expect(envSchema.safeParse({ [name]: bad }).success, `${name}=${bad}`).toBe(false);
  });
});
