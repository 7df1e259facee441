// The country back-fill (server/geo/backfill.ts): clicks stored without a country (before the
// column existed) get it from their stored IP address, in bounded batches, with the report
// rollup's `country` rows counted in the same statement; anonymised and unknown addresses stay
// null; a second run changes nothing. On PostgreSQL `clicks` is partitioned by month here.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import * as s from '@/db/schema';
import { backfillClickCountries } from '@/server/geo/backfill';
import { newVisitorId } from '@/server/ids';
import { buildReport } from '@/server/reports';
import { ALL_AFFILIATES } from '@/server/tracking/click-stats';
import { ClickWriter } from '@/server/tracking/click-writer';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let affId: string;
let writer: ClickWriter;
let campaignId: string;
const DAY1 = '2026-10-05';
const DAY2 = '2026-11-20';

/** A click as an old version of the tracker stored it: no country (the rollup then has no country row for it). */
const oldClick = (ip: string | null, day: string, isRepeat = false) =>
  writer.write(
    { merchantId: 'demo', visitorId: newVisitorId(), affiliateId: affId, campaignId, ip, country: null, isRepeat, createdAt: new Date(`${day}T12:00:00Z`) },
    true,
    0,
  );

const countryDims = async () =>
  rowsOf<{ day: string; affiliate_id: string; value: string; clicks: number; unique_clicks: number }>(
    await t.db.execute(sql`select day::text as day, affiliate_id::text as affiliate_id, value, clicks, unique_clicks from click_daily_dims
      where merchant_id = 'demo' and dim = 'country' order by day, value, affiliate_id`),
  ).map((r) => ({ ...r, clicks: Number(r.clicks), unique_clicks: Number(r.unique_clicks) }));

beforeAll(async () => {
  t = await createTestDb({ seed: true, partitionClicks: true });
  affId = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!.id;
  writer = new ClickWriter(() => Promise.resolve(t.db), { groupCommit: false });
  campaignId = (await t.db.select().from(s.campaigns).where(and(eq(s.campaigns.merchantId, 'demo'), eq(s.campaigns.isDefault, true))))[0]!.id;
  await oldClick('77.88.8.8', DAY1); // RU
  await oldClick('5.255.255.5', DAY1, true); // RU again, a repeat
  await oldClick('8.8.8.8', DAY1); // US
  await oldClick('2001:4860:4860::8888', DAY2); // US, IPv6, another month
  await oldClick('200.160.2.3', DAY2); // BR
  await oldClick(null, DAY2); // its address removed by retention
  await oldClick('192.0.2.1', DAY2); // documentation range: no country
  await oldClick('unknown', DAY2); // no address header
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('backfillClickCountries', () => {
  it('fills each click’s country from its address, batch by batch, and counts it in the rollup', async () => {
    expect(await countryDims()).toEqual([]);
    // Batches of 2, at most 2: it stops with work left, and says so.
    const first = await backfillClickCountries(t.db, { batch: 2, maxBatches: 2 });
    expect(first).toMatchObject({ ran: true, scanned: 4, batches: 2, more: true });
    const rest = await backfillClickCountries(t.db, { batch: 2 });
    expect(rest.more).toBe(false);
    expect(first.filled + rest.filled).toBe(5);

    const rows = await t.db.select({ ip: s.clicks.ip, country: s.clicks.country }).from(s.clicks).where(eq(s.clicks.merchantId, 'demo'));
    const byIp = Object.fromEntries(rows.map((r) => [r.ip ?? 'null', r.country]));
    expect(byIp).toMatchObject({
      '77.88.8.8': 'RU',
      '5.255.255.5': 'RU',
      '8.8.8.8': 'US',
      '2001:4860:4860::8888': 'US',
      '200.160.2.3': 'BR',
      null: null,
      '192.0.2.1': null,
      unknown: null,
    });

    // The affiliate's own row and the all-affiliates row per day and country; the repeat is not unique.
    const dims = await countryDims();
    const expected = [
      { day: DAY1, value: 'RU', clicks: 2, unique_clicks: 1 },
      { day: DAY1, value: 'US', clicks: 1, unique_clicks: 1 },
      { day: DAY2, value: 'BR', clicks: 1, unique_clicks: 1 },
      { day: DAY2, value: 'US', clicks: 1, unique_clicks: 1 },
    ].flatMap((r) => [r, r].map((x, i) => ({ ...x, affiliate_id: i === 0 ? ALL_AFFILIATES : affId })));
    expect(dims).toEqual(expect.arrayContaining(expected));
    expect(dims).toHaveLength(expected.length);

    // The report by country reads the rollup: it now agrees with the clicks.
    const report = await buildReport(t.db, 'demo', { groupBy: 'country', from: DAY1, to: DAY2 });
    const byCountry = Object.fromEntries(report.data.map((r) => [r.key, [r.clicks, r.uniqueClicks]]));
    expect(byCountry).toMatchObject({ RU: [2, 1], US: [2, 2], BR: [1, 1] });
  });

  it('is idempotent: a second run fills nothing and leaves the rollup as it was', async () => {
    const before = await countryDims();
    const again = await backfillClickCountries(t.db);
    // Only the clicks with an address but no known country are looked at again.
    expect(again).toMatchObject({ ran: true, filled: 0, scanned: 2 });
    expect(await countryDims()).toEqual(before);
  });

  it('leaves clicks that already have a country alone, and adds a new old click to existing rollup rows', async () => {
    await oldClick('77.88.8.8', DAY1);
    const r = await backfillClickCountries(t.db);
    expect(r.filled).toBe(1);
    const ru = (await countryDims()).filter((d) => d.day === DAY1 && d.value === 'RU');
    expect(ru.map((d) => [d.clicks, d.unique_clicks])).toEqual([[3, 2], [3, 2]]);
    const left = await t.db.select().from(s.clicks).where(and(eq(s.clicks.merchantId, 'demo'), isNull(s.clicks.country)));
    expect(left.map((c) => c.ip).sort()).toEqual(['192.0.2.1', 'unknown', null].sort());
  });
});
