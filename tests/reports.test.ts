// Report figures (server/reports, the one query layer of the Reports pages, their CSV and
// GET /api/v1/reports) against hand-computed expectations on clicks written by the click
// writer (so from the rollup it keeps) and known conversions: refunds netted out, test,
// unattributed and other-currency conversions never counted, declined commissions left
// out; filters combine; the previous period; and another account's rows never appear.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/client';
import type { NewClick } from '@/db/schema';
import { newVisitorId } from '@/server/ids';
import { buildReport, type ReportRequest } from '@/server/reports';
import { buildReportView, previousPeriod } from '@/server/reports/view';
import { countryOf, startGeo } from '@/server/geo';
import { affiliateTerms } from '@/server/queries/affiliate-terms';
import { ClickWriter } from '@/server/tracking/click-writer';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let affA: string;
let affB: string;
let otherAff: string;
const D1 = '2025-03-03'; // a Monday
const D2 = '2025-03-04';
const D3 = '2025-03-11'; // the next week
const PREV = '2025-02-25'; // in the previous period of D1…D3 (2025-02-22…2025-03-02)
const at = (day: string, h = 12) => new Date(`${day}T${String(h).padStart(2, '0')}:00:00Z`);
const range = { from: D1, to: D3 };

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  const ids = rowsOf<{ id: string; ref_id: string }>(await t.db.execute(sql`select id, ref_id from affiliates where merchant_id = 'demo'`));
  affA = ids.find((r) => r.ref_id === 'demo-aff')!.id;
  affB = ids.find((r) => r.ref_id === 'demo-sub')!.id;
  await t.db.execute(sql`insert into campaigns (id, merchant_id, name) values ('cmp_rep_two', 'demo', 'Second campaign')`);
  await t.db.execute(sql`insert into merchants (id, name, allowed_domains) values ('rep_other', 'Other', '{}')`);
  await t.db.execute(sql`insert into campaigns (id, merchant_id, name, is_default) values ('cmp_rep_other', 'rep_other', 'Default', true)`);
  otherAff = rowsOf<{ id: string }>(
    await t.db.execute(sql`insert into affiliates (merchant_id, ref_id, name, email, status)
      values ('rep_other', 'demo-aff', 'Same refId elsewhere', 'x@example.com', 'approved') returning id`),
  )[0]!.id;

  const writer = new ClickWriter(async () => t.db);
  const click = (c: Partial<NewClick> & { affiliateId: string; createdAt: Date }): Promise<number> =>
    writer.write({ merchantId: 'demo', visitorId: newVisitorId(), campaignId: 'cmp_demo', ...c } as NewClick, true);
  const chrome = { device: 'Desktop', browser: 'Chrome', os: 'Windows' };
  const [c1, , c3, c4] = await Promise.all([
    click({ affiliateId: affA, createdAt: at(D1), channel: 'email', data1: 's1', url: 'https://shop.example/p/1?utm=x', referrer: 'https://www.Blog.example/post', country: 'DE', ...chrome }),
    click({ affiliateId: affA, createdAt: at(D1, 13), channel: 'email', data1: 's1', url: 'https://shop.example/p/1#top', referrer: 'http://blog.example/', country: 'DE', isRepeat: true, ...chrome }),
    click({ affiliateId: affA, createdAt: at(D2), channel: 'social', url: 'https://shop.example/p/2', country: 'FR', device: 'Mobile', browser: 'Safari', os: 'iOS' }),
    click({ affiliateId: affB, createdAt: at(D2), channel: 'email', data1: 's2', country: 'DE', ...chrome }),
    click({ affiliateId: affB, createdAt: at(D3), campaignId: 'cmp_rep_two' }),
    click({ affiliateId: affA, createdAt: at(PREV), channel: 'email' }),
    // Another account's clicks on the same days, channel and sub-id: never in demo's figures.
    writer.write({ merchantId: 'rep_other', visitorId: newVisitorId(), campaignId: 'cmp_rep_other', affiliateId: otherAff, channel: 'email', data1: 's1', country: 'DE', createdAt: at(D1) } as NewClick, true),
  ]);
  const conv = async (o: { order: string; aff: string | null; click?: number; total: number; refunded?: number; day: string; currency?: string; test?: boolean; status?: string; campaign?: string; merchant?: string }) =>
    rowsOf<{ id: string }>(
      await t.db.execute(sql`insert into conversions (merchant_id, campaign_id, order_id, total, refunded, currency, status, method, affiliate_id, click_id, source, test, created_at)
        values (${o.merchant ?? 'demo'}, ${o.campaign ?? 'cmp_demo'}, ${o.order}, ${o.total}, ${o.refunded ?? 0}, ${o.currency ?? 'USD'}, ${o.status ?? 'attributed'},
          ${o.status === 'unattributed' ? null : 'cookie'}, ${o.aff}, ${o.click ?? null}, 'api', ${o.test ?? false}, ${at(o.day, 15).toISOString()}::timestamptz) returning id`),
    )[0]!.id;
  const comm = (conversion: string, aff: string, amount: number, status: string, tier = 1, merchant = 'demo') =>
    t.db.execute(sql`insert into commissions (merchant_id, conversion_id, affiliate_id, tier, amount, original_amount, currency, status)
      values (${merchant}, ${conversion}, ${aff}, ${tier}, ${amount}, ${amount}, 'USD', ${status})`);
  const v1 = await conv({ order: 'rep-1', aff: affA, click: c1, total: 10000, refunded: 2500, day: D1 });
  await comm(v1, affA, 1000, 'approved');
  await comm(v1, affB, 200, 'pending', 2); // the parent's tier-2 commission on A's sale
  const v2 = await conv({ order: 'rep-2', aff: affA, click: c3, total: 5000, day: D2 });
  await comm(v2, affA, 500, 'declined');
  const v3 = await conv({ order: 'rep-3', aff: affB, click: c4, total: 8000, day: D2 });
  await comm(v3, affB, 800, 'pending');
  // Never counted: a test sale, an unattributed order, another currency, another account.
  const vt = await conv({ order: 'rep-test', aff: affA, click: c1, total: 99999, day: D1, test: true });
  await comm(vt, affA, 9999, 'declined');
  await conv({ order: 'rep-unattributed', aff: null, total: 7777, day: D1, status: 'unattributed' });
  await conv({ order: 'rep-eur', aff: affA, click: c1, total: 4444, day: D1, currency: 'EUR' });
  const vo = await conv({ order: 'rep-other', aff: otherAff, total: 6666, day: D1, merchant: 'rep_other', campaign: 'cmp_rep_other' });
  await comm(vo, otherAff, 666, 'approved', 1, 'rep_other');
  // The previous period.
  await conv({ order: 'rep-prev', aff: affA, total: 3000, day: PREV });
  // Banner impressions (no banner named by the pixel): known by affiliate and period, not by channel.
  await t.db.execute(sql`insert into impression_daily_stats (merchant_id, day, affiliate_id, banner_id, impressions, unique_impressions)
    values ('demo', ${D1}, ${affA}, '', 10, 7), ('rep_other', ${D1}, ${otherAff}, '', 99, 99)`);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const report = (groupBy: ReportRequest['groupBy'], extra: Partial<ReportRequest> = {}) => buildReport(t.db, 'demo', { groupBy, ...range, ...extra });
const byKey = async (groupBy: ReportRequest['groupBy'], extra: Partial<ReportRequest> = {}) =>
  Object.fromEntries((await report(groupBy, extra)).data.map((r) => [r.key, r]));

describe('report figures', () => {
  it('by affiliate: clicks, unique clicks, impressions, conversions, net revenue, refunds, commissions, rate, EPC', async () => {
    const r = await report('affiliate');
    expect(r.currency).toBe('USD');
    expect(r.data).toEqual([
      {
        key: 'demo-sub', label: expect.any(String), clicks: 2, uniqueClicks: 2, impressions: 0, conversions: 1, revenue: 8000, refunds: 0,
        commissions: 800, currency: 'USD', conversionRate: 0.5, epc: 400,
      },
      {
        // v1 (10000 − 2500 refunded) + v2 5000; commissions 1000 + the parent's 200 (v2's are declined).
        key: 'demo-aff', label: expect.any(String), clicks: 3, uniqueClicks: 2, impressions: 10, conversions: 2, revenue: 12500, refunds: 2500,
        commissions: 1200, currency: 'USD', conversionRate: 1, epc: 400,
      },
    ].sort((a, b) => b.revenue - a.revenue));
  });

  it('by channel, sub-id, country, landing page, referrer domain, device, browser and OS (a conversion counts with its click)', async () => {
    expect(await byKey('channel')).toEqual({
      email: expect.objectContaining({ clicks: 3, uniqueClicks: 2, impressions: null, conversions: 2, revenue: 15500, commissions: 2000 }),
      social: expect.objectContaining({ clicks: 1, uniqueClicks: 1, conversions: 1, revenue: 5000, commissions: 0 }),
    });
    expect(await byKey('data1')).toEqual({
      s1: expect.objectContaining({ clicks: 2, uniqueClicks: 1, conversions: 1, revenue: 7500, refunds: 2500 }),
      s2: expect.objectContaining({ clicks: 1, conversions: 1, revenue: 8000 }),
    });
    expect(await byKey('country')).toEqual({
      DE: expect.objectContaining({ clicks: 3, uniqueClicks: 2, conversions: 2, revenue: 15500 }),
      FR: expect.objectContaining({ clicks: 1, conversions: 1, revenue: 5000 }),
    });
    expect(await byKey('landingPage')).toEqual({
      'https://shop.example/p/1': expect.objectContaining({ clicks: 2, uniqueClicks: 1, conversions: 1, revenue: 7500 }),
      'https://shop.example/p/2': expect.objectContaining({ clicks: 1, conversions: 1, revenue: 5000 }),
    });
    expect(await byKey('referrer')).toEqual({ 'blog.example': expect.objectContaining({ clicks: 2, conversions: 1, revenue: 7500 }) });
    expect(await byKey('device')).toEqual({
      Desktop: expect.objectContaining({ clicks: 3, conversions: 2 }),
      Mobile: expect.objectContaining({ clicks: 1, conversions: 1 }),
    });
    expect(Object.keys(await byKey('browser')).sort()).toEqual(['Chrome', 'Safari']);
    expect((await byKey('os')).iOS).toMatchObject({ clicks: 1, revenue: 5000 });
  });

  it('by campaign, day, week and month', async () => {
    const campaign = await byKey('campaign');
    expect(campaign).toEqual({
      cmp_demo: expect.objectContaining({ clicks: 4, uniqueClicks: 3, conversions: 3, revenue: 20500, commissions: 2000 }),
      cmp_rep_two: expect.objectContaining({ label: 'Second campaign', clicks: 1, conversions: 0 }),
    });
    const days = (await report('day')).data;
    expect(days.map((d) => [d.key, d.clicks, d.conversions, d.revenue, d.impressions])).toEqual([
      [D1, 2, 1, 7500, 10],
      [D2, 2, 2, 13000, 0],
      [D3, 1, 0, 0, 0],
    ]);
    expect((await report('week')).data.map((d) => [d.key, d.clicks, d.uniqueClicks, d.conversions, d.revenue])).toEqual([
      ['2025-03-03', 4, 3, 3, 20500],
      ['2025-03-10', 1, 1, 0, 0],
    ]);
    expect((await report('month', { from: PREV })).data.map((d) => [d.key, d.clicks, d.conversions, d.revenue])).toEqual([
      ['2025-02', 1, 1, 3000],
      ['2025-03', 5, 3, 20500],
    ]);
  });

  it('filters combine: this affiliate, this campaign, both', async () => {
    expect(await byKey('channel', { affiliateId: affA })).toEqual({
      email: expect.objectContaining({ clicks: 2, uniqueClicks: 1, conversions: 1, revenue: 7500, commissions: 1200 }),
      social: expect.objectContaining({ clicks: 1, conversions: 1, revenue: 5000 }),
    });
    expect(await byKey('affiliate', { campaignId: 'cmp_rep_two' })).toEqual({
      'demo-sub': expect.objectContaining({ clicks: 1, conversions: 0, impressions: 0 }),
    });
    expect(await byKey('day', { affiliateId: affB, campaignId: 'cmp_demo' })).toEqual({
      [D2]: expect.objectContaining({ clicks: 1, conversions: 1, revenue: 8000 }),
    });
    // An affiliate's own view: only the commissions credited to it (not its parent's tier 2).
    expect(await byKey('day', { affiliateId: affA, commissionsOf: affA })).toEqual({
      [D1]: expect.objectContaining({ clicks: 2, conversions: 1, commissions: 1000, impressions: 10 }),
      [D2]: expect.objectContaining({ clicks: 1, conversions: 1, commissions: 0 }),
    });
  });

  it('sorts by any measure, either way', async () => {
    expect((await report('channel', { sort: 'clicks', dir: 'asc' })).data.map((r) => r.key)).toEqual(['social', 'email']);
    expect((await report('country', { sort: 'key', dir: 'desc' })).data.map((r) => r.key)).toEqual(['FR', 'DE']);
  });

  it('the page view: totals of the selection, the previous period, and a series with every day', async () => {
    expect(previousPeriod(D1, D3)).toEqual({ from: '2025-02-22', to: '2025-03-02' });
    const v = await buildReportView(t.db, 'demo', { groupBy: 'channel', ...range });
    // Every click, including one with no channel.
    expect(v.totals).toMatchObject({ clicks: 5, uniqueClicks: 4, conversions: 3, revenue: 20500, refunds: 2500, commissions: 2000, impressions: 10 });
    expect(v.previous).toMatchObject({ from: '2025-02-22', to: '2025-03-02', totals: { clicks: 1, conversions: 1, revenue: 3000 } });
    expect(v.previous!.byKey.email).toMatchObject({ clicks: 1, conversions: 0 });
    expect(v.seriesBy).toBe('day');
    expect(v.series).toHaveLength(9);
    expect(v.series.reduce((s, p) => s + p.clicks, 0)).toBe(5);
  });

  it('never another account’s rows', async () => {
    const other = await buildReport(t.db, 'rep_other', { groupBy: 'channel', ...range });
    expect(other.data).toEqual([expect.objectContaining({ key: 'email', clicks: 1, conversions: 0 })]);
    const otherAffs = await buildReport(t.db, 'rep_other', { groupBy: 'affiliate', ...range });
    expect(otherAffs.data).toEqual([expect.objectContaining({ key: 'demo-aff', clicks: 1, conversions: 1, revenue: 6666, commissions: 666, impressions: 99 })]);
    // demo filtered by the other account's affiliate id: nothing.
    expect((await report('day', { affiliateId: otherAff })).data).toEqual([]);
  });
});

describe('country of an IP (bundled database)', () => {
  it('looks up IPv4, IPv4-mapped and IPv6 addresses; private and malformed ones have none', async () => {
    await startGeo();
    expect(countryOf('8.8.8.8')).toBe('US');
    expect(countryOf('::ffff:8.8.8.8')).toBe('US');
    expect(countryOf('2001:4860:4860::8888')).toBe('US');
    expect(countryOf('193.0.6.139')).toBe('NL'); // RIPE NCC
    expect(countryOf('10.1.2.3')).toBeNull();
    expect(countryOf('127.0.0.1')).toBeNull();
    expect(countryOf('unknown')).toBeNull();
    expect(countryOf('999.1.1.1')).toBeNull();
    expect(countryOf(null)).toBeNull();
  });
});

describe('what the affiliate should know', () => {
  it('its rates (its commission group’s rule replacing the campaign’s), cookie lifetime, payouts and its own coupons', async () => {
    await t.db.execute(sql`insert into coupons (merchant_id, code, affiliate_id, campaign_id) values ('demo', 'AFFA10', ${affA}, 'cmp_demo'), ('demo', 'AFFB10', ${affB}, 'cmp_demo')`);
    const [group] = rowsOf<{ id: string }>(await t.db.execute(sql`insert into commission_groups (merchant_id, campaign_id, name) values ('demo', 'cmp_demo', 'VIP') returning id`));
    await t.db.execute(sql`insert into commission_rules (merchant_id, campaign_id, action_code, tier, kind, percent_bp, commission_group_id)
      values ('demo', 'cmp_demo', '', 1, 'percent', 1500, ${group!.id})`);
    await t.db.execute(sql`insert into affiliate_commission_groups (merchant_id, affiliate_id, campaign_id, group_id) values ('demo', ${affA}, 'cmp_demo', ${group!.id})`);
    const a = await affiliateTerms(t.db, 'demo', affA);
    const demo = a.campaigns.find((c) => c.id === 'cmp_demo')!;
    expect(demo.cookieDays).toBe(30);
    expect(demo.rules.filter((r) => r.actionCode === '').map((r) => [r.actionCode, r.tier, r.percentBp, r.fromGroup])).toEqual([
      ['', 1, 1500, true],
      ['', 2, 200, false],
    ]);
    // Actions keep the campaign's own rule (the group sets none for them).
    expect(demo.rules.find((r) => r.actionCode === 'signup')).toMatchObject({ kind: 'fixed', fromGroup: false });
    expect(a.coupons.map((c) => c.code)).toEqual(['AFFA10', 'DEMO10']); // DEMO10: the seed's
    expect(a.payout).toMatchObject({ currency: expect.any(String), schedule: expect.any(String) });
    const b = await affiliateTerms(t.db, 'demo', affB);
    expect(b.campaigns.find((c) => c.id === 'cmp_demo')!.rules.filter((r) => r.actionCode === '').map((r) => [r.tier, r.percentBp, r.fromGroup])).toEqual([
      [1, 1000, false],
      [2, 200, false],
    ]);
    expect(b.coupons.map((c) => c.code)).toEqual(['AFFB10']);
  });
});
