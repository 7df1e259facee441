// GET /api/v1/reports on known data of a program of this file's own: clicks and unique
// clicks from the rollups by affiliate, channel, sub-id and day; conversions, revenue and
// commissions of real conversions only (the live test's sale is never counted).
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectApiError, newProgram, trpcMutation, type Program } from './helpers/api';
import { base, post, request, uniq } from './helpers/http';
// @ts-expect-error — plain .mjs helper
import { signInCookie } from '../scripts/test-server.mjs';

let p: Program;
let a: string;
let b: string;
let commissionOfSale = 0;
const today = new Date().toISOString().slice(0, 10);

async function click(aff: string, extra: Record<string, string> = {}) {
  const res = await post('/t/click', { account: p.account, aff, ...extra });
  expect(res.status, res.text).toBe(200);
  return res.json.visitorId as string;
}

const report = async (groupBy: string, extra = '') => {
  const res = await api('GET', `/reports?groupBy=${groupBy}&from=${today}&to=${today}${extra}`, { key: p.readKey });
  expect(res.status, res.text).toBe(200);
  return res.json as { currency: string; data: Record<string, number | string>[] };
};

beforeAll(async () => {
  p = await newProgram('rep');
  a = uniq('ra');
  b = uniq('rb');
  for (const refId of [a, b]) expect((await api('POST', '/affiliates', { key: p.writeKey, json: { refId, name: refId, email: `${refId}@example.com` } })).status).toBe(201);
  // a: four clicks by e-mail with sub-id s1, b: two on social. All come from this machine's address,
  // so after each affiliate's first click the others are repeats (the merchant's repeat window): not unique.
  const v1 = await click(a, { channel: 'email', data1: 's1' });
  await click(a, { channel: 'email', data1: 's1', vid: v1 });
  await click(a, { channel: 'email', data1: 's1' });
  await click(a, { channel: 'email', data1: 's1' });
  await click(b, { channel: 'social' });
  await click(b, { channel: 'social' });
  // One real sale on a's first visitor, attributed by its cookie.
  const sale = await api('POST', '/conversions', { key: p.writeKey, json: { orderId: uniq('o'), total: '100.00', currency: 'USD', visitorId: v1 } });
  expect(sale.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: a });
  commissionOfSale = sale.json.commissions.reduce((s: number, c: { amount: number }) => s + c.amount, 0);
  // The live test's sale on the same visitor: a test conversion, never counted.
  const t = await trpcMutation('integration.testSale', { total: '500.00', visitorId: v1 }, p.cookie);
  expect(t.status, t.text).toBe(200);
}, 120_000);

describe('GET /api/v1/reports', () => {
  it('by affiliate: clicks, unique clicks, conversions, revenue, commissions, conversion rate and EPC', async () => {
    const r = await report('affiliate');
    expect(r.currency).toBe('USD');
    const rowA = r.data.find((x) => x.key === a)!;
    const rowB = r.data.find((x) => x.key === b)!;
    expect(rowA).toEqual({
      key: a,
      label: a,
      impressions: 0,
      refunds: 0,
      clicks: 4,
      uniqueClicks: 1,
      conversions: 1,
      revenue: 10000,
      commissions: commissionOfSale,
      currency: 'USD',
      conversionRate: 1,
      epc: Math.round((commissionOfSale / 4) * 100) / 100,
    });
    expect(rowB).toMatchObject({ clicks: 2, uniqueClicks: 1, conversions: 0, revenue: 0, commissions: 0, conversionRate: 0, epc: 0 });
    // Sorted by revenue.
    expect(r.data[0]!.key).toBe(a);
  });

  it('by channel, sub-id, campaign and day', async () => {
    expect((await report('channel')).data).toEqual([
      expect.objectContaining({ key: 'email', clicks: 4, uniqueClicks: 1, conversions: 1, revenue: 10000 }),
      expect.objectContaining({ key: 'social', clicks: 2, uniqueClicks: 1, conversions: 0 }),
    ]);
    expect((await report('data1')).data).toEqual([expect.objectContaining({ key: 's1', clicks: 4, conversions: 1, revenue: 10000 })]);
    const campaign = (await report('campaign')).data;
    expect(campaign).toHaveLength(1);
    expect(campaign[0]).toMatchObject({ clicks: 6, uniqueClicks: 2, conversions: 1, revenue: 10000, commissions: commissionOfSale });
    expect((await report('day')).data).toEqual([expect.objectContaining({ key: today, clicks: 6, uniqueClicks: 2, conversions: 1, revenue: 10000 })]);
    expect((await report('banner')).data).toEqual([]);
  });

  it('another currency counts nothing of these; a period without data is empty', async () => {
    const eur = await report('affiliate', '&currency=eur');
    expect(eur.currency).toBe('EUR');
    expect(eur.data.find((x) => x.key === a)).toMatchObject({ clicks: 4, conversions: 0, revenue: 0, commissions: 0 });
    const past = await api('GET', '/reports?groupBy=day&from=2020-01-01&to=2020-01-31', { key: p.readKey });
    expect(past.json.data).toEqual([]);
  });

  it('bad input names the field', async () => {
    expectApiError(await api('GET', `/reports?from=${today}&to=${today}`, { key: p.readKey }), 400, 'invalid_request', 'groupBy');
    expectApiError(await api('GET', `/reports?groupBy=planet&from=${today}&to=${today}`, { key: p.readKey }), 400, 'invalid_request', 'groupBy');
    expectApiError(await api('GET', `/reports?groupBy=day&from=2025-02-30&to=${today}`, { key: p.readKey }), 400, 'invalid_request', 'from');
    expectApiError(await api('GET', `/reports?groupBy=day&from=${today}&to=2020-01-01`, { key: p.readKey }), 400, 'invalid_request', 'to');
    expectApiError(await api('GET', `/reports?groupBy=day&from=${today}`, { key: p.readKey }), 400, 'invalid_request', 'to');
  });

  it("another merchant's key sees none of it", async () => {
    const other = await newProgram('rep2');
    const r = await api('GET', `/reports?groupBy=affiliate&from=${today}&to=${today}`, { key: other.readKey });
    expect(r.json.data).toEqual([]);
  });
});

describe('new groupings and filters, and the Reports pages and their CSV, each tenant its own', () => {
  it('the API groups by landing page, week and month, and filters by affiliate and campaign', async () => {
    const byAff = await report('channel', `&affiliate=${a}`);
    expect(byAff.data).toEqual([expect.objectContaining({ key: 'email', clicks: 4, conversions: 1, refunds: 0, impressions: null })]);
    expect((await report('channel', '&affiliate=nobody-here')).data).toEqual([]);
    const month = await report('month');
    expect(month.data).toEqual([expect.objectContaining({ key: today.slice(0, 7), clicks: 6, conversions: 1, revenue: 10000 })]);
    const country = await report('country');
    // Clicks from this machine's loopback address have no country.
    expect(country.data).toEqual([]);
    const campaign = (await report('campaign')).data[0]!.key as string;
    expect((await report('affiliate', `&campaign=${campaign}`)).data.map((r) => r.key).sort()).toEqual([a, b].sort());
    expect((await report('affiliate', '&campaign=cmp_not_mine')).data).toEqual([]);
  });

  it("the merchant's page and CSV show its own affiliates only; the CSV is the page's table", async () => {
    const page = await request(`/merchant/reports?groupBy=affiliate&from=${today}&to=${today}`, { headers: { cookie: p.cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(a);
    expect(page.text).not.toContain('demo-aff');
    const csv = await request(`/merchant/reports/export?groupBy=affiliate&from=${today}&to=${today}&sort=clicks&dir=asc`, { headers: { cookie: p.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Affiliate,Id,Clicks,Unique clicks,Impressions,Conversions,Conversion rate,Revenue,Refunds,Commissions,EPC,Clicks (previous period),Conversions (previous period),Revenue (previous period),Currency',
    );
    // Sorted as asked: b (2 clicks) before a (4).
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([b, a]);
    expect(lines[2]).toContain(`${a},${a},4,1,0,1,100.00 %,100.00,0.00,`);
    // The demo program's export never holds this program's affiliates.
    const demoCookie = (await signInCookie(base(), 'merchant@example.com', 'demo-merchant')) as string;
    const demoCsv = await request(`/merchant/reports/export?groupBy=affiliate&from=${today}&to=${today}`, { headers: { cookie: demoCookie } });
    expect(demoCsv.status).toBe(200);
    expect(demoCsv.text).not.toContain(a);
    expect(demoCsv.text).not.toContain(b);
  });

  it('bad export input is a JSON error; no session, no report', async () => {
    const bad = await request(`/merchant/reports/export?groupBy=planet`, { headers: { cookie: p.cookie } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_request');
    const anon = await request(`/merchant/reports/export?groupBy=affiliate`, { redirect: 'manual' });
    expect([302, 303, 307, 401, 403]).toContain(anon.status);
    expect(anon.text).not.toContain('Clicks,');
  });

  it("an affiliate's page and CSV hold its own traffic only", async () => {
    const mine = uniq('mine');
    const theirs = uniq('theirs');
    expect((await post('/t/click', { account: 'demo', aff: 'demo-aff', channel: mine })).status).toBe(200);
    expect((await post('/t/click', { account: 'demo', aff: 'demo-sub', channel: theirs })).status).toBe(200);
    const cookie = (await signInCookie(base(), 'affiliate@example.com', 'demo-affiliate')) as string;
    const page = await request(`/affiliate/reports?groupBy=channel&from=${today}&to=${today}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(mine);
    expect(page.text).not.toContain(theirs);
    const csv = await request(`/affiliate/reports/export?groupBy=channel&from=${today}&to=${today}`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`${mine},1,`);
    expect(csv.text).not.toContain(theirs);
    // An affiliate cannot group by affiliate (another's rows) nor use the merchant's export.
    expect((await request(`/affiliate/reports/export?groupBy=affiliate`, { headers: { cookie } })).status).toBe(400);
    const merchantCsv = await request(`/merchant/reports/export?groupBy=affiliate`, { headers: { cookie }, redirect: 'manual' });
    expect(merchantCsv.status).not.toBe(200);
  });
});
