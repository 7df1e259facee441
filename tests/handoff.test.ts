// Hand-off tokens in-process (server/tracking/handoff.ts): sealing, resolution, and a
// held visitor credited with a token's click by the campaign's first/last-click rule,
// once, without counting that click twice in the dashboards.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/client';
import { campaigns, clickDailyStats, clicks } from '@/db/schema';
import { clickFacts } from '@/server/queries/click-counts';
import { exchangeHandoff, openHandoff, resolveVisitorRef, sealHandoff } from '@/server/tracking/handoff';
import { invalidateLookups, recordClick, recordConversion } from '@/server/tracking';
import { newVisitorId } from '@/server/ids';
import { clickInput } from '@/server/tracking/inputs';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';
import { uniq } from './helpers/http';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  await t.db.insert(campaigns).values({ id: 'cmp_first', merchantId: 'demo', name: 'First click', attributionModel: 'first_click' });
  invalidateLookups();
});
afterAll(async () => {
  await t?.close();
});

const clickOf = (aff: string, extra: { vid?: string; campaign?: string; data1?: string } = {}) =>
  recordClick(clickInput.parse({ account: 'demo', aff, ...extra }), { ip: '198.51.100.9', userAgent: 'HandoffTest/1.0', redirect: false });

describe('sealing', () => {
  it('opens under its own account only, and any altered byte is refused', () => {
    const vid = newVisitorId();
    const token = sealHandoff('demo', { visitorId: vid, clickId: 42 }, 1_700_000_000_000);
    expect(token).toMatch(/^ah1_[A-Za-z0-9_-]{75}$/);
    expect(token).not.toContain(vid);
    expect(openHandoff('demo', token)).toEqual({ visitorId: vid, clickId: 42, issuedAt: 1_700_000_000 });
    expect(openHandoff('other', token)).toBeUndefined();
    for (let i = 4; i < token.length; i++) {
      const c = token[i] === 'A' ? 'B' : 'A';
      expect(openHandoff('demo', token.slice(0, i) + c + token.slice(i + 1)), `byte ${i}`).toBeUndefined();
    }
  });

  it('resolveVisitorRef: a raw id as it is, a token of the account within the cookie lifetime, nothing else', async () => {
    const vid = newVisitorId();
    expect(await resolveVisitorRef(t.db, 'demo', vid)).toBe(vid);
    expect(await resolveVisitorRef(t.db, 'demo', sealHandoff('demo', { visitorId: vid, clickId: 0 }, Date.now() - 29 * 86_400_000))).toBe(vid);
    expect(await resolveVisitorRef(t.db, 'demo', sealHandoff('demo', { visitorId: vid, clickId: 0 }, Date.now() - 31 * 86_400_000))).toBeUndefined();
    expect(await resolveVisitorRef(t.db, 'demo', sealHandoff('other', { visitorId: vid, clickId: 0 }))).toBeUndefined();
    expect(await resolveVisitorRef(t.db, 'demo', 'order-1001')).toBeUndefined();
    expect(await resolveVisitorRef(t.db, 'demo', undefined)).toBeUndefined();
  });
});

describe('a held visitor is credited with the token’s click', () => {
  const sell = (visitorId: string) =>
    recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: uniq('o'), total: '10.00', visitorId });

  it('first click: the held visitor’s own earlier click still wins', async () => {
    const held = (await clickOf('demo-aff', { campaign: 'cmp_first' })).visitorId;
    const link = await clickOf('demo-sub', { campaign: 'cmp_first', data1: 'from-link' });
    const token = sealHandoff('demo', { visitorId: link.visitorId, clickId: link.clickId });
    expect(await exchangeHandoff(t.db, { account: 'demo', handoff: token, vid: held })).toMatchObject({ visitorId: held, affiliate: 'demo-sub', campaign: 'cmp_first' });
    expect(await sell(held)).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  });

  it('last click: the token’s click, the later one, wins', async () => {
    const held = (await clickOf('demo-aff')).visitorId;
    const link = await clickOf('demo-sub');
    await exchangeHandoff(t.db, { account: 'demo', handoff: sealHandoff('demo', link), vid: held });
    expect(await sell(held)).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
  });

  it('the copy is the same click (affiliate, campaign, sub-ids, time), made once, and counted once in the dashboards', async () => {
    const before = await dashboardClicks();
    const held = (await clickOf('demo-aff')).visitorId;
    const link = await clickOf('demo-sub', { data1: 'spring' });
    const token = sealHandoff('demo', link);
    for (let i = 0; i < 3; i++) await exchangeHandoff(t.db, { account: 'demo', handoff: token, vid: held });
    const rows = await t.db.select().from(clicks).where(and(eq(clicks.merchantId, 'demo'), eq(clicks.visitorId, held)));
    const [original] = await t.db.select().from(clicks).where(and(eq(clicks.merchantId, 'demo'), eq(clicks.id, link.clickId)));
    const copy = rows.find((r) => r.flag === 'handoff')!;
    expect(rows).toHaveLength(2);
    expect(copy).toMatchObject({
      affiliateId: original!.affiliateId,
      campaignId: original!.campaignId,
      bannerId: original!.bannerId,
      data1: 'spring',
      ip: original!.ip,
      createdAt: original!.createdAt,
      isRepeat: true,
    });
    // Two clicks happened: the rollup and the partial-day count both say two, not three.
    const after = await dashboardClicks();
    expect([after.rollup - before.rollup, after.facts - before.facts]).toEqual([2, 2]);
  });

  it('a browser without a visitor (or with one the tracker never made) adopts the token’s visitor, and nothing is written', async () => {
    const link = await clickOf('demo-sub');
    const count = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from clicks`))[0]!.n;
    const n = await count();
    expect((await exchangeHandoff(t.db, { account: 'demo', handoff: sealHandoff('demo', link) })).visitorId).toBe(link.visitorId);
    expect((await exchangeHandoff(t.db, { account: 'demo', handoff: sealHandoff('demo', link), vid: newVisitorId() })).visitorId).toBe(link.visitorId);
    expect(await count()).toBe(n);
  });
});

/** The account's clicks as the dashboards count them: the daily rollup, and clickFacts (the partial first day from the clicks themselves). */
async function dashboardClicks(): Promise<{ rollup: number; facts: number }> {
  const [rollup] = rowsOf<{ n: number }>(
    await t.db.execute(sql`select coalesce(sum(clicks), 0)::int as n from ${clickDailyStats} where merchant_id = 'demo'`),
  );
  const [facts] = rowsOf<{ n: number }>(
    await t.db.execute(sql`select coalesce(sum(clicks), 0)::int as n from ${clickFacts('demo', { since: new Date(Date.now() - 3_600_000) })}`),
  );
  return { rollup: rollup!.n, facts: facts!.n };
}
