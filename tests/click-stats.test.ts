// The dashboards count clicks from the daily rollup the click writer keeps in the
// same transaction: the figures must equal counting the clicks themselves, for any
// period start (a partial first day) and per affiliate.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/client';
import { newVisitorId } from '@/server/ids';
import { overview, topAffiliates } from '@/server/queries/overview';
import { dailySeries } from '@/server/queries/series';
import { ClickWriter } from '@/server/tracking/click-writer';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let affA: string;
let affB: string;
const DAY = 86_400_000;
const since = new Date(Date.now() - 3 * DAY);

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  const ids = rowsOf<{ id: string; ref_id: string }>(
    await t.db.execute(sql`select id, ref_id from affiliates where merchant_id = 'demo' order by ref_id`),
  );
  affA = ids.find((r) => r.ref_id === 'demo-aff')!.id;
  affB = ids.find((r) => r.ref_id === 'demo-sub')!.id;
  const click = (affiliateId: string, at?: Date, isRepeat = false) => ({
    merchantId: 'demo',
    visitorId: newVisitorId(),
    affiliateId,
    campaignId: 'cmp_demo',
    isRepeat,
    ...(at ? { createdAt: at } : {}),
  });
  const writer = new ClickWriter(async () => t.db);
  const startOfSinceDay = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()));
  await Promise.all([
    writer.write(click(affA), true),
    writer.write(click(affA), true),
    writer.write(click(affA, undefined, true), true),
    // The period's first day: after its start (counted) and before it (not).
    writer.write(click(affB, new Date(since.getTime() + 60_000)), true),
    writer.write(click(affB, new Date(Math.max(startOfSinceDay.getTime(), since.getTime() - 60_000))), true),
    writer.write(click(affB, new Date(Date.now() - 40 * DAY)), true),
  ]);
  // One more in its own transaction: the rollup adds up across batches.
  await new ClickWriter(async () => t.db, { groupCommit: false }).write(click(affB, new Date(Date.now() - DAY)), true);
});
afterAll(async () => {
  await t?.close();
});

async function counted(from: Date, affiliateId?: string) {
  const rows = rowsOf<{ n: number; u: number }>(
    await t.db.execute(sql`select count(*)::int as n, (count(*) filter (where not is_repeat))::int as u from clicks
      where merchant_id = 'demo' and created_at >= ${from.toISOString()}::timestamptz
      ${affiliateId ? sql`and affiliate_id = ${affiliateId}` : sql``}`),
  );
  return rows[0]!;
}

describe('click counts from the daily rollup', () => {
  it('equal counting the clicks, for the period and per affiliate', async () => {
    const all = await overview(t.db, 'demo', { since });
    const raw = await counted(since);
    expect(raw).toEqual({ n: 5, u: 4 });
    expect([all.clicks, all.uniqueClicks]).toEqual([raw.n, raw.u]);
    const a = await overview(t.db, 'demo', { since, affiliateId: affA });
    expect([a.clicks, a.uniqueClicks]).toEqual([3, 2]);
    const b = await overview(t.db, 'demo', { since, affiliateId: affB });
    expect(b.clicks).toBe(2);
    const year = await overview(t.db, 'demo', { since: new Date(Date.now() - 365 * DAY) });
    expect(year.clicks).toBe((await counted(new Date(Date.now() - 365 * DAY))).n);
  });

  it('the daily series adds up to the same, day by day', async () => {
    const series = await dailySeries(t.db, 'demo', { since });
    expect(series.reduce((s, d) => s + d.clicks, 0)).toBe(5);
    const today = new Date().toISOString().slice(0, 10);
    expect(series.find((d) => d.day === today)?.clicks).toBe(3);
  });

  it('top affiliates carry their clicks of the period', async () => {
    await t.db.execute(sql`insert into conversions (merchant_id, campaign_id, order_id, total, currency, status, method, affiliate_id, source)
      values ('demo', 'cmp_demo', 'stats-1', 1000, 'USD', 'attributed', 'cookie', ${affA}, 'js'),
             ('demo', 'cmp_demo', 'stats-2', 500, 'USD', 'attributed', 'cookie', ${affB}, 'js')`);
    const top = await topAffiliates(t.db, 'demo', { since });
    expect(Object.fromEntries(top.map((r) => [r.refId, r.clicks]))).toEqual({ 'demo-aff': 3, 'demo-sub': 2 });
  });
});
