// First-party mode over real HTTP (PLATFORM-API.md §4): the shop serves the tracker through its
// own reverse proxy (tests/helpers/shop-proxy.ts, a node:http proxy). Through the proxy that
// TRUST_PROXY names, /t/click sets `_aff_vid` as an HttpOnly cookie of the shop's own host with
// the campaign's lifetime; the same forwarded headers from any other peer are ignored. Also the
// tracking-domain mapping (a request to a merchant's tracking domain is that account's, `default1`
// included) and "check my proxy".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base, post, request, useApp } from './helpers/http';
import { startShopProxy, type ShopProxy } from './helpers/shop-proxy';
import { expectError, HEX32 } from './helpers/tracking';
// @ts-expect-error — plain .mjs helper
import { signInCookie, startTestServer } from '../scripts/test-server.mjs';

// The proxy connects from 127.0.0.2: the only peer the app trusts. This test file talks to the app from 127.0.0.1.
const PROXY_ADDRESS = '127.0.0.2';

let app: { baseURL: string; stop(): Promise<void> };
let shop: ShopProxy;
let shopHttps: ShopProxy;
let untrusted: ShopProxy;
let merchant: string;

const mutation = (path: string, input: unknown) =>
  request(`/api/trpc/${path}`, { method: 'POST', json: { json: input }, headers: { cookie: merchant, origin: base() } });

beforeAll(async () => {
  app = await startTestServer({ label: 'first-party', env: { TRUST_PROXY: PROXY_ADDRESS, PROXY_CHECK_ALLOW_PRIVATE: '1' } });
  useApp(app.baseURL);
  shop = await startShopProxy({ tracker: app.baseURL, localAddress: PROXY_ADDRESS });
  shopHttps = await startShopProxy({ tracker: app.baseURL, localAddress: PROXY_ADDRESS, proto: 'https' });
  // The same proxy, but from an address TRUST_PROXY does not name.
  untrusted = await startShopProxy({ tracker: app.baseURL, localAddress: '127.0.0.3' });
  merchant = await signInCookie(app.baseURL, 'merchant@example.com', 'demo-merchant');
  expect(merchant).toBeTruthy();
}, 120_000);
afterAll(async () => {
  await Promise.all([shop?.close(), shopHttps?.close(), untrusted?.close()]);
  await app?.stop();
});

const through = (proxy: ShopProxy, path: string, body?: unknown) =>
  fetch(`${proxy.origin}/_aff${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });

describe('through the shop’s trusted proxy', () => {
  it('serves t.js at the proxied path', async () => {
    const res = await through(shop, '/t.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/t/click');
  });

  it('sets _aff_vid as an HttpOnly cookie of the shop’s host, with the campaign’s lifetime, and says so', async () => {
    const res = await through(shop, '/t/click', { account: 'demo', aff: 'demo-aff' });
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json).toMatchObject({ affiliate: 'demo-aff', cookieDays: 30, firstParty: true });
    expect(json.visitorId).toMatch(HEX32);
    const cookie = res.headers.get('set-cookie')!;
    const attrs = cookie.split(/;\s*/);
    expect(attrs[0]).toBe(`_aff_vid=${json.visitorId}`);
    expect(attrs).toEqual(expect.arrayContaining(['Path=/', `Max-Age=${30 * 86_400}`, 'HttpOnly', 'SameSite=Lax']));
    // A host-only cookie (no Domain): the shop's own host, which the browser sees it come from.
    expect(cookie).not.toMatch(/domain=/i);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toMatch(/SameSite=None/);
  });

  it('marks it Secure when the proxy reports https', async () => {
    const res = await through(shopHttps, '/t/click', { account: 'demo', aff: 'demo-aff' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('a sale through the proxy is credited by the server-set cookie alone', async () => {
    const res = await through(shop, '/t/click', { account: 'demo', aff: 'demo-aff' });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const orderId = `fp-${Date.now()}`;
    const s = await fetch(`${shop.origin}/_aff/t/sale`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie },
      body: JSON.stringify({ account: 'demo', orderId, total: '10.00' }),
    });
    expect(await s.json()).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  });
});

describe('forwarded headers from an untrusted peer are ignored', () => {
  it('the same proxy from another address gets the tracker’s ordinary cookie, not the shop’s', async () => {
    const res = await through(untrusted, '/t/click', { account: 'demo', aff: 'demo-aff' });
    expect(res.status).toBe(200);
    expect((await res.json()).firstParty).toBeUndefined();
  });

  it('a client sending X-Forwarded-Host/-Proto itself changes nothing', async () => {
    const res = await post('/t/click', { account: 'demo', aff: 'demo-aff' }, { 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'http' });
    expect(res.status).toBe(200);
    expect(res.json.firstParty).toBeUndefined();
    const diag = await request('/t/proxy-check', { headers: { 'x-forwarded-host': 'shop.example' } });
    expect(diag.json).toMatchObject({ trusted: false, firstParty: false });
  });

  it('nor does it make a request another account’s by its tracking domain', async () => {
    expect((await mutation('settings.setTrackingDomain', { trackingDomain: 'spoof-me.example' })).status).toBe(200);
    const res = await post('/t/click', { aff: 'demo-aff' }, { 'x-forwarded-host': 'spoof-me.example' });
    expectError(res, 400, 'invalid_request', 'account');
  });
});

describe('tracking domains', () => {
  it('a request whose host is the merchant’s tracking domain belongs to that account; default1 names it', async () => {
    const set = await mutation('settings.setTrackingDomain', { trackingDomain: 'localhost' });
    expect(set.status, set.text).toBe(200);
    const onDomain = base().replace('127.0.0.1', 'localhost');
    const noAccount = await fetch(`${onDomain}/t/click`, { method: 'POST', body: JSON.stringify({ aff: 'demo-aff' }) });
    expect(await noAccount.json()).toMatchObject({ affiliate: 'demo-aff' });
    const pap = await fetch(`${onDomain}/t/click`, { method: 'POST', body: JSON.stringify({ account: 'default1', a_aid: 'demo-aff' }) });
    expect(pap.status).toBe(200);
    // On a host that is nobody's tracking domain, default1 names no account.
    expectError(await post('/t/click', { account: 'default1', aff: 'demo-aff' }), 404, 'unknown_account', 'default1');
    // Through the trusted proxy, the shop's host (X-Forwarded-Host) is what counts.
    expect((await mutation('settings.setTrackingDomain', { trackingDomain: '127.0.0.1' })).status).toBe(200);
    const proxied = await through(shop, '/t/click', { account: 'default1', aff: 'demo-aff' });
    expect(proxied.status).toBe(200);
  });

  it('is a validated hostname, unique across merchants', async () => {
    for (const bad of ['https://x.example', 'x.example/path', 'x.example:8080', '*.x.example'])
      expect((await mutation('settings.setTrackingDomain', { trackingDomain: bad })).status, bad).toBe(400);
    // Another merchant cannot take this one's domain (127.0.0.1, set above).
    const id = `other${Date.now()}`;
    const email = `${id}@example.com`;
    const password = 'Quartz-Lantern-Harbor-91';
    const up = await request('/api/trpc/auth.signUpMerchant', {
      method: 'POST',
      json: { json: { programName: 'Other Program', accountId: id, name: 'Owner', email, password, currency: 'USD' } },
      headers: { origin: base() },
    });
    expect(up.status, up.text).toBe(200);
    const otherCookie = await signInCookie(app.baseURL, email, password);
    const taken = await request('/api/trpc/settings.setTrackingDomain', {
      method: 'POST',
      json: { json: { trackingDomain: '127.0.0.1' } },
      headers: { cookie: otherCookie, origin: base() },
    });
    expect(taken.status, taken.text).toBe(409);
    expect(taken.text).toMatch(/already another account/);
  });
});

describe('check my proxy', () => {
  it('loads the proxied t.js, calls the diagnostic endpoint through the proxy and reports what arrived', async () => {
    const res = await mutation('integration.checkProxy', { url: `${shop.origin}/_aff/t.js` });
    expect(res.status, res.text).toBe(200);
    const report = res.json.result.data.json;
    expect(report).toMatchObject({ status: 200, isOurScript: true, ok: true });
    expect(report.diagnostic).toMatchObject({ forwardedHost: shop.host, trusted: true, firstParty: true });
  });

  it('says when the proxy is not trusted, or the path is not the tracker', async () => {
    const r1 = (await mutation('integration.checkProxy', { url: `${untrusted.origin}/_aff/t.js` })).json.result.data.json;
    expect(r1).toMatchObject({ isOurScript: true, ok: false, diagnostic: { trusted: false } });
    expect(r1.verdict).toMatch(/TRUST_PROXY/);
    const r2 = (await mutation('integration.checkProxy', { url: `${shop.origin}/elsewhere/t.js` })).json.result.data.json;
    expect(r2).toMatchObject({ status: 404, ok: false });
  });
});
