// The Post Affiliate Pro drop-in and the impression pixel over real HTTP (PLATFORM-API.md §4):
// /scripts/trackjs.js, sale.php (by cookie and by visitorId, under the browser rules of
// TRACKING-API.md §0/§3), click.php (redirect rules of §2), imp.php and /t/imp (raw and unique
// per visitor and day), and `default1` through the tracking domain. Its own app: it sets the
// demo account's tracking domain, which other files' "no account" cases must not see.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base, post, request, uniq, useApp } from './helpers/http';
import { expectError, HEX32, s2sSale, sale } from './helpers/tracking';
// @ts-expect-error — plain .mjs helper
import { signInCookie, startTestServer } from '../scripts/test-server.mjs';

let app: { baseURL: string; stop(): Promise<void> };
let merchant: string;
let banner: string;

const trpcPost = (path: string, input: unknown) =>
  request(`/api/trpc/${path}`, { method: 'POST', json: { json: input }, headers: { cookie: merchant, origin: base() } });
const trpcGet = (path: string, input: unknown) =>
  request(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie: merchant } });
const get = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
  request(`${path}?${new URLSearchParams(params)}`, { headers });

beforeAll(async () => {
  app = await startTestServer({ label: 'pap' });
  useApp(app.baseURL);
  merchant = await signInCookie(app.baseURL, 'merchant@example.com', 'demo-merchant');
  const created = await trpcPost('campaigns.banners.create', { campaignId: 'cmp_demo', name: 'Spring', kind: 'text', linkText: 'Shop', targetUrl: 'http://localhost:4000/spring' });
  expect(created.status, created.text).toBe(200);
  banner = created.json.result.data.json.id;
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

/** A click of the demo affiliate; its visitor id (from the cookie). */
async function clickVid(): Promise<string> {
  const res = await post('/t/click', { account: 'demo', aff: 'demo-aff' });
  expect(res.status).toBe(200);
  return res.json.visitorId;
}

const expectGif = (res: { status: number; headers: Headers; text: string }) => {
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/gif');
  expect(res.headers.get('cache-control')).toMatch(/no-store/);
};

describe('GET /scripts/trackjs.js', () => {
  it('serves PostAffTracker, small and cacheable', async () => {
    const res = await request('/scripts/trackjs.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age/);
    for (const name of ['PostAffTracker', 'setAccountId', 'createSale', 'createAction', 'register', 'getVisitorId', 'writeCookieToCustomField', 'writeCookieToLink', 'setTotalCost', 'setData'])
      expect(res.text).toContain(name);
    expect(gzipSync(res.text, { level: 9 }).length).toBeLessThanOrEqual(2048);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('GET /scripts/sale.php', () => {
  it('records a sale credited by the visitor cookie, and answers the pixel', async () => {
    const vid = await clickVid();
    const orderId = uniq('pap');
    expectGif(await get('/scripts/sale.php', { AccountId: 'demo', TotalCost: '120.50', OrderID: orderId, ProductID: 'p-1', Currency: 'USD' }, { cookie: `_aff_vid=${vid}` }));
    // The browser's report exists (a repeat is a duplicate) and carries that visitor: the merchant's verified report, naming none, is credited by it.
    expect((await sale({ orderId, total: '120.50' })).json).toEqual({ conversionId: expect.any(String), status: 'duplicate' });
    expect((await s2sSale({ orderId, total: '120.50' })).json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  });

  it('takes the visitor from visitorId, and an action by its ActionCode', async () => {
    const vid = await clickVid();
    const orderId = uniq('pap');
    expectGif(await get('/scripts/sale.php', { AccountId: 'demo', TotalCost: '10', OrderID: orderId, visitorId: vid, data1: 'sub' }));
    expect((await s2sSale({ orderId, total: '10' })).json).toMatchObject({ status: 'attributed', method: 'cookie' });
    const lead = uniq('lead');
    expectGif(await get('/scripts/sale.php', { AccountId: 'demo', ActionCode: 'signup', OrderID: lead, visitorId: vid }));
    expect((await sale({ orderId: lead, actionCode: 'signup' })).json.status).toBe('duplicate');
  });

  it('obeys the browser rules: no affiliate, status or fixed commission from a page, and nothing is recorded', async () => {
    for (const [field, value] of [['AffiliateID', 'demo-aff'], ['Status', 'A'], ['FixedCost', '50']] as const) {
      const orderId = uniq('pap');
      expectError(await get('/scripts/sale.php', { AccountId: 'demo', TotalCost: '10', OrderID: orderId, [field]: value }), 403, 'forbidden');
      expect((await sale({ orderId, total: '10' })).json.status).not.toBe('duplicate');
    }
  });

  it('refuses bad money and unknown accounts as /t/sale does', async () => {
    expectError(await get('/scripts/sale.php', { AccountId: 'demo', TotalCost: '1e3', OrderID: uniq('p') }), 400, 'invalid_request', 'total');
    expectError(await get('/scripts/sale.php', { AccountId: 'nobody-here', TotalCost: '1', OrderID: uniq('p') }), 404, 'unknown_account');
  });
});

describe('GET /scripts/click.php', () => {
  it('records the click and redirects to desturl on an allowed domain, with a hand-off token', async () => {
    const res = await get('/scripts/click.php', { AccountId: 'demo', a_aid: 'demo-aff', a_bid: banner, desturl: 'http://localhost:4000/landing' });
    expect(res.status, res.text).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('http://localhost:4000/landing');
    expect(location.searchParams.get('aff_vid')).toMatch(/^ah1_/);
    expect(res.headers.get('set-cookie')).toMatch(/^_aff_vid=[0-9a-f]{32};/);
  });

  it('without desturl, goes to the banner’s target page', async () => {
    const res = await get('/scripts/click.php', { AccountId: 'demo', a_aid: 'demo-aff', a_bid: banner });
    expect(res.status, res.text).toBe(302);
    expect(res.headers.get('location')).toMatch(/^http:\/\/localhost:4000\/spring\?aff_vid=ah1_/);
  });

  it('is no open redirect', async () => {
    for (const to of ['https://evil.example/', '//evil.example/', 'javascript:alert(1)', 'http://localhost@evil.example/', '/relative']) {
      const res = await get('/scripts/click.php', { AccountId: 'demo', a_aid: 'demo-aff', desturl: to });
      expectError(res, 400, 'invalid_redirect');
      expect(res.headers.get('location')).toBeNull();
    }
    expectError(await get('/scripts/click.php', { AccountId: 'demo', a_aid: 'nobody', desturl: 'http://localhost/' }), 404, 'unknown_affiliate');
  });
});

describe('impressions', () => {
  const stats = async () => (await trpcGet('campaigns.byId', { id: 'cmp_demo' })).json.result.data.json.bannerStats[banner];

  it('counts raw and unique per visitor and day, per banner, with the click-through rate', async () => {
    const before = await stats();
    const ua = { 'user-agent': `Imp/${uniq('ua')}` };
    expectGif(await get('/t/imp', { account: 'demo', aff: 'demo-aff', banner }, ua));
    expectGif(await get('/t/imp', { account: 'demo', aff: 'demo-aff', banner }, ua));
    // imp.php is the same pixel under PAP's names; another visitor (its cookie) is unique again.
    expectGif(await get('/scripts/imp.php', { AccountId: 'demo', a_aid: 'demo-aff', a_bid: banner }, { ...ua, cookie: `_aff_vid=${'c'.repeat(32)}` }));
    const after = await stats();
    expect(after.impressions - before.impressions).toBe(3);
    expect(after.uniqueImpressions - before.uniqueImpressions).toBe(2);
    expect(after.clicks).toBeGreaterThan(0); // the click.php clicks above, on this banner
    expect(after.ctr).toBeCloseTo(after.clicks / after.impressions);
  });

  it('the affiliate sees its own figures', async () => {
    const aff = await signInCookie(app.baseURL, 'affiliate@example.com', 'demo-affiliate');
    const res = await request(`/api/trpc/affiliate.bannerStats`, { headers: { cookie: aff } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.result.data.json[banner].impressions).toBeGreaterThanOrEqual(3);
  });

  it('refuses what a click refuses, in the contract’s shape', async () => {
    expectError(await get('/t/imp', { account: 'demo', aff: 'nobody' }), 404, 'unknown_affiliate');
    expectError(await get('/t/imp', { account: 'nobody-here', aff: 'demo-aff' }), 404, 'unknown_account');
    expectError(await get('/t/imp', { account: 'demo' }), 400, 'invalid_request', 'aff');
  });
});

describe('default1 and the tracking domain', () => {
  it('default1 is the account whose tracking domain is the request’s host', async () => {
    expectError(await get('/scripts/imp.php', { AccountId: 'default1', a_aid: 'demo-aff' }), 404, 'unknown_account', 'default1');
    expect((await trpcPost('settings.setTrackingDomain', { trackingDomain: '127.0.0.1' })).status).toBe(200);
    expectGif(await get('/scripts/imp.php', { AccountId: 'default1', a_aid: 'demo-aff' }));
    const vid = await clickVid();
    const orderId = uniq('d1');
    expectGif(await get('/scripts/sale.php', { AccountId: 'default1', TotalCost: '5', OrderID: orderId, visitorId: vid }));
    expect((await s2sSale({ orderId, total: '5' })).json).toMatchObject({ status: 'attributed' });
    const res = await get('/scripts/click.php', { a_aid: 'demo-aff', desturl: 'http://127.0.0.1:1/x' });
    expect(res.status, res.text).toBe(302);
    // /t/click without an account on the tracking domain is that account's too.
    const c = await post('/t/click', { aff: 'demo-aff' });
    expect(c.json.visitorId).toMatch(HEX32);
  });
});
