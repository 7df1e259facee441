// Hand-off tokens over real HTTP (TRACKING-API.md §1, §2): what redirect mode and
// aff.decorate() put in URLs instead of the visitor id, how a landing page trades one in
// (POST /t/click with `handoff`), and how a token carried into a checkout is resolved when
// the sale arrives (/t/sale with an API key, a Stripe checkout webhook).
// The app runs here with a known AUTH_SECRET, so this file can also seal tokens the app
// would have made at another time (an expired one) or for another account.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sealHandoff } from '@/server/tracking/handoff';
import { post, request, uniq, useApp } from './helpers/http';
import { click, expectError, getQuery, HEX32, sale, s2sSale } from './helpers/tracking';
import { checkoutSession, deliverStripe, ids, stripeEvent } from './helpers/webhooks';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';

// Before anything reads the configuration: this process seals with the app's secret.
const SECRET = vi.hoisted(() => (process.env.AUTH_SECRET = 'handoff-test-secret-0123456789abcdef'));

const TOKEN = /^ah1_[A-Za-z0-9_-]{75}$/;

let app: { baseURL: string; stop(): Promise<void> };
beforeAll(async () => {
  app = await startTestServer({ label: 'handoff', env: { AUTH_SECRET: SECRET } });
  useApp(app.baseURL);
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

/** A redirect-mode click; returns the hand-off token of its Location and the visitor id of its cookie. */
async function redirectClick(params: Record<string, string> = {}) {
  const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', to: 'http://localhost:4000/landing?x=1', ...params });
  expect(res.status, res.text).toBe(302);
  const location = res.headers.get('location')!;
  const token = new URL(location).searchParams.get('aff_vid')!;
  const vid = /_aff_vid=([0-9a-f]{32})/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  return { location, token, vid };
}

/** Every spelling of the visitor id a URL could carry it in. */
function expectNoVisitorId(text: string, vid: string) {
  const bytes = Buffer.from(vid, 'hex');
  for (const form of [vid, vid.toUpperCase(), bytes.toString('base64url'), bytes.toString('base64'), encodeURIComponent(bytes.toString('base64'))])
    expect(text).not.toContain(form);
  // Nor hidden in the token's own bytes.
  const token = new URL(text).searchParams.get('aff_vid') ?? '';
  expect(Buffer.from(token.replace(/^ah1_/, ''), 'base64url').includes(bytes)).toBe(false);
}

const exchange = (body: Record<string, unknown>, headers: Record<string, string> = {}) => post('/t/click', { account: 'demo', ...body }, headers);

describe('redirect mode hands over a token, never the visitor id', () => {
  it('the Location carries a hand-off token that reveals nothing of the visitor id; the cookie still carries the id', async () => {
    const { location, token, vid } = await redirectClick();
    expect(vid).toMatch(HEX32);
    expect(token).toMatch(TOKEN);
    expectNoVisitorId(location, vid);
    // Two links, two tokens, even for one visitor.
    const again = await redirectClick({ vid });
    expect(again.vid).toBe(vid);
    expect(again.token).toMatch(TOKEN);
    expect(again.token).not.toBe(token);
    expectNoVisitorId(again.location, vid);
  });

  it('a browser without a visitor id trades the token in: it adopts the visitor, with the cookie, and no click is recorded', async () => {
    const { token, vid } = await redirectClick({ aff: 'demo-sub' });
    const res = await exchange({ handoff: token });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ visitorId: vid, affiliate: 'demo-sub', campaign: 'cmp_demo', cookieDays: 30 });
    expect(res.headers.get('set-cookie') ?? '').toContain(`_aff_vid=${vid}`);
    // The redirect's click is the one a sale is credited by.
    const s = await sale({ orderId: uniq('o'), total: '10.00', visitorId: vid });
    expect(s.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
  });

  it('a browser that holds a visitor keeps it; the token’s click is credited to it (last click on the demo campaign)', async () => {
    const held = await click({ aff: 'demo-aff' });
    const { token, vid } = await redirectClick({ aff: 'demo-sub' });
    const res = await exchange({ handoff: token, vid: held });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ visitorId: held, affiliate: 'demo-sub', cookieDays: 30 });
    expect(res.text).not.toContain(vid);
    expect(res.headers.get('set-cookie') ?? '').toContain(`_aff_vid=${held}`);
    // Trading the same token in again (a reload) changes nothing.
    expect((await exchange({ handoff: token, vid: held })).json.visitorId).toBe(held);
    const s = await sale({ orderId: uniq('o'), total: '10.00', visitorId: held });
    expect(s.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
  });

  it('a raw visitor id, a forged, altered, expired or other account’s token is refused: 400 invalid_request naming handoff, no cookie', async () => {
    const { token, vid } = await redirectClick();
    const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
    const expired = sealHandoff('demo', { visitorId: vid, clickId: 0 }, Date.now() - 11 * 60_000);
    const otherAccount = sealHandoff('other-shop', { visitorId: vid, clickId: 0 });
    const forged = 'ah1_' + Buffer.alloc(56, 7).toString('base64url');
    for (const handoff of [vid, flipped, expired, otherAccount, forged, 'ah1_', 'x'.repeat(300)]) {
      const res = await exchange({ handoff });
      expectError(res, 400, 'invalid_request', 'handoff');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expectError(await exchange({ handoff: expired }), 400, 'invalid_request', /expired/);
    // This file's sealing is the app's: the same token made now is taken.
    expect((await exchange({ handoff: sealHandoff('demo', { visitorId: vid, clickId: 0 }) })).json.visitorId).toBe(vid);
  });

  it('a token is not a click: no aff alongside it, no redirect, and an unknown account is 404', async () => {
    const { token } = await redirectClick();
    expectError(await exchange({ handoff: token, aff: 'demo-aff' }), 400, 'invalid_request', 'handoff');
    expectError(await getQuery('/t/click', { account: 'demo', handoff: token, to: 'http://localhost/' }), 400, 'invalid_request', 'to');
    expectError(await post('/t/click', { account: uniq('nope'), handoff: token }), 404, 'unknown_account');
  });

  it('the vid of a click can never be a token (only a raw id the browser holds)', async () => {
    const { token, vid } = await redirectClick();
    const res = await post('/t/click', { account: 'demo', aff: 'demo-aff', vid: token });
    expect(res.status, res.text).toBe(400);
    expect((await post('/t/click', { account: 'demo', aff: 'demo-aff', vid: token.slice(0, 64) })).json.visitorId).not.toBe(vid);
  });
});

describe('POST /t/handoff (aff.decorate())', () => {
  it('makes a token for a visitor the browser holds; another browser landing with it adopts that visitor', async () => {
    const vid = await click({ aff: 'demo-sub' });
    const res = await post('/t/handoff', { account: 'demo', vid }, { origin: 'https://shop.example' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ handoff: expect.stringMatching(TOKEN), expiresIn: 600 });
    expect(res.text).not.toContain(vid);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const adopted = await exchange({ handoff: res.json.handoff });
    expect(adopted.json).toMatchObject({ visitorId: vid, affiliate: 'demo-sub' });
    // A browser holding another visitor keeps it and is credited with demo-sub's click too; its own
    // demo-aff click is the later one, so the last click still wins.
    const other = await click({ aff: 'demo-aff' });
    const token = (await post('/t/handoff', { account: 'demo', vid })).json.handoff;
    expect((await exchange({ handoff: token, vid: other })).json.visitorId).toBe(other);
    expect((await sale({ orderId: uniq('o'), total: '5.00', visitorId: other })).json).toMatchObject({ affiliate: 'demo-aff' });
  });

  it('refuses an id the tracker does not know for the account, and an unknown account', async () => {
    expectError(await post('/t/handoff', { account: 'demo', vid: 'f'.repeat(32) }), 400, 'invalid_request', 'vid');
    expectError(await post('/t/handoff', { account: 'demo' }), 400, 'invalid_request', 'vid');
    // The tracker's HttpOnly cookie is no stand-in: another site calling with the browser's
    // credentials would get a token, and with it the visitor id.
    const vid = await click();
    const crossSite = await post('/t/handoff', { account: 'demo' }, { cookie: `_aff_vid=${vid}`, origin: 'https://evil.example' });
    expectError(crossSite, 400, 'invalid_request', 'vid');
    expectError(await post('/t/handoff', { account: uniq('nope'), vid: 'f'.repeat(32) }), 404, 'unknown_account');
    expect((await request('/t/handoff')).status).toBe(405);
  });
});

describe('a token carried into a checkout is resolved when the sale arrives', () => {
  it('a sale from the merchant’s server with the token as visitorId is attributed by cookie', async () => {
    const { token } = await redirectClick({ aff: 'demo-sub' });
    const res = await s2sSale({ orderId: uniq('api'), total: '40.00', visitorId: token });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
  });

  it('past the browser’s 10 minutes a checkout still resolves it (the cookie lifetime); past the cookie lifetime it is not a visitor', async () => {
    const vid = await click({ aff: 'demo-sub' });
    const hourOld = sealHandoff('demo', { visitorId: vid, clickId: 0 }, Date.now() - 3_600_000);
    expect((await s2sSale({ orderId: uniq('api'), total: '1.00', visitorId: hourOld })).json).toMatchObject({ method: 'cookie', affiliate: 'demo-sub' });
    const stale = sealHandoff('demo', { visitorId: vid, clickId: 0 }, Date.now() - 31 * 86_400_000);
    expect((await s2sSale({ orderId: uniq('api'), total: '1.00', visitorId: stale })).json).toMatchObject({ status: 'unattributed' });
    const otherAccount = sealHandoff('other-shop', { visitorId: vid, clickId: 0 });
    expect((await s2sSale({ orderId: uniq('api'), total: '1.00', visitorId: otherAccount })).json).toMatchObject({ status: 'unattributed' });
  });

  it('a form field posted to the merchant’s server is resolved the same way (the browser’s own /t/sale too)', async () => {
    const vid = await click({ aff: 'demo-sub' });
    const token = (await post('/t/handoff', { account: 'demo', vid })).json.handoff;
    expect((await sale({ orderId: uniq('js'), total: '2.00', visitorId: token })).json).toMatchObject({ method: 'cookie', affiliate: 'demo-sub' });
  });

  it('a Stripe checkout with the token as client_reference_id (a decorated Payment Link) is attributed by cookie', async () => {
    const { token } = await redirectClick({ aff: 'demo-sub' });
    const pi = ids.stripe('pi');
    const res = await deliverStripe(
      stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 12050, paymentIntent: pi, clientReferenceId: token })),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ received: true, outcome: 'attributed' });
    // The conversion, as /t/sale reports it again under the PaymentIntent id: credited to demo-sub by cookie.
    const again = await s2sSale({ orderId: pi, total: '120.50' });
    expect(again.json).toMatchObject({ status: 'duplicate', method: 'cookie', affiliate: 'demo-sub' });
  });

  it('metadata.aff_vid with a token works the same', async () => {
    const { token } = await redirectClick({ aff: 'demo-sub' });
    const pi = ids.stripe('pi');
    const res = await deliverStripe(
      stripeEvent('checkout.session.completed', checkoutSession({ mode: 'payment', amountTotal: 1000, paymentIntent: pi, metadata: { aff_vid: token } })),
    );
    expect(res.json).toMatchObject({ outcome: 'attributed' });
    expect((await s2sSale({ orderId: pi, total: '10.00' })).json).toMatchObject({ method: 'cookie', affiliate: 'demo-sub' });
  });
});

