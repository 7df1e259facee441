// The served tracking script in a real browser (TRACKING-API.md §1): on a merchant's shop
// of another site — http://localhost:<port>, while the tracker is http://127.0.0.1:<port> —
// and on the app's own demo shop (§6).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

const HEX32 = /^[0-9a-f]{32}$/;
/** A hand-off token: what URLs carry instead of the visitor ID. */
const TOKEN = /^ah1_[A-Za-z0-9_-]{75}$/;
const tracker = () => process.env.BASE_URL!;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** JSON for an inline <script>: `<` escaped, so a value cannot close the tag. */
const js = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

interface Shop {
  url: string;
  close(): Promise<void>;
}

/** A tiny merchant shop that embeds t.js from `trackerOrigin`; the pages are what a shop would write. */
async function startShop(trackerOrigin: string): Promise<Shop> {
  const layout = (title: string, body: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<script async src="${trackerOrigin}/t.js" data-account="demo"></script>
</head><body><h1>${title}</h1>${body}
<script>document.body.dataset.pageScript = 'ran';</script>
</body></html>`;
  const show = `function (r) { document.getElementById('result').textContent = JSON.stringify(r); }`;

  const pages: Record<string, (q: URLSearchParams) => string> = {
    '/': () => layout('Coffee shop', '<a href="/product">Espresso kit</a>'),
    '/product': () =>
      layout(
        'Espresso kit',
        `<a id="pay" href="https://buy.stripe.com/test_123">Pay with Stripe</a>
<form id="checkout" action="https://checkout.example/pay"><button>Pay</button></form>
<script>window.affq = window.affq || []; affq.push(['decorate', '#pay'], ['decorate', document.forms]);</script>`,
      ),
    // A link to another site of the merchant's (its checkout, say), decorated so the visitor goes along.
    '/away': (q) =>
      layout(
        'Away',
        `<a id="away" href="${q.get('to')?.replace(/[<>"]/g, '')}">Go on</a>
<script>window.affq = window.affq || []; affq.push(['decorate', '#away']);</script>`,
      ),
    '/thank-you': (q) =>
      layout(
        'Thank you',
        `<pre id="result">pending</pre>
<script>
  window.affq = window.affq || [];
  affq.push(['sale', ${js({ orderId: q.get('order'), total: q.get('total'), currency: 'USD', coupon: q.get('coupon') })}, ${show}]);
</script>`,
      ),
    '/signup': (q) =>
      layout(
        'Welcome',
        `<pre id="result">pending</pre>
<script>
  window.affq = window.affq || [];
  affq.push(function (aff) { aff.action('signup', ${js({ orderId: q.get('email') })}).then(${show}); });
</script>`,
      ),
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = pages[url.pathname];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ? page(url.searchParams) : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The browser keeps idle connections open; close() would wait for them.
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function visitorCookie(context: BrowserContext, shop: Shop) {
  return (await context.cookies(shop.url)).find((c) => c.name === '_aff_vid');
}

/** The tracker's answer, as the shop's page wrote it into #result. */
async function trackerAnswer(page: Page) {
  const result = page.locator('#result');
  await expect(result).not.toHaveText('pending');
  return JSON.parse((await result.textContent()) ?? 'null');
}

const queued = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('_aff_q') ?? '[]') as [string, Record<string, unknown>][]);

const isClick = (r: { url(): string; method(): string }) => r.url() === `${tracker()}/t/click` && r.method() === 'POST';

let shop: Shop;
test.beforeEach(async () => {
  shop = await startShop(tracker());
});
test.afterEach(async () => {
  await shop.close();
});

test('GET /t.js: a small cached script that sets no cookie', async () => {
  const res = await fetch(`${tracker()}/t.js`, { headers: { 'accept-encoding': 'gzip' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
  expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
  expect(res.headers.get('set-cookie')).toBeNull();
  // Next's built-in compression covers route handlers.
  expect(res.headers.get('content-encoding')).toBe('gzip');
  const etag = res.headers.get('etag')!;
  expect(etag).toBeTruthy();
  const body = await res.text();
  expect(body).toContain('_aff_vid');
  expect(gzipSync(body).length).toBeLessThanOrEqual(2048);

  const again = await fetch(`${tracker()}/t.js`, { headers: { 'if-none-match': etag } });
  expect(again.status).toBe(304);
});

test('a visitor from an affiliate link browses and buys: cookie attribution, 10 % commission', async ({ page, context }) => {
  const landing = `${shop.url}/?aff=demo-aff&data1=spring`;
  const click = page.waitForRequest(isClick);
  await page.goto(landing);
  expect((await click).postDataJSON()).toMatchObject({ account: 'demo', aff: 'demo-aff', data1: 'spring', url: landing });

  await expect.poll(async () => (await visitorCookie(context, shop))?.value).toMatch(HEX32);
  const cookie = (await visitorCookie(context, shop))!;
  expect(cookie).toMatchObject({ domain: 'localhost', path: '/', httpOnly: false, sameSite: 'Lax' });
  // The demo campaign keeps visitors 30 days.
  expect(cookie.expires - Date.now() / 1000).toBeGreaterThan(30 * 86400 - 120);
  expect(cookie.expires - Date.now() / 1000).toBeLessThan(30 * 86400 + 120);
  expect(await page.evaluate(() => (window as unknown as { aff: { visitorId(): string } }).aff.visitorId())).toBe(cookie.value);

  await page.getByRole('link', { name: 'Espresso kit' }).click();
  // decorate(): a Stripe Payment Link and a checkout form on another domain carry a hand-off token, never the visitor ID.
  await expect(page.locator('#pay')).toHaveAttribute('href', /aff_vid=/);
  const pay = new URL((await page.locator('#pay').getAttribute('href'))!);
  expect(`${pay.origin}${pay.pathname}`).toBe('https://buy.stripe.com/test_123');
  const token = pay.searchParams.get('aff_vid')!;
  expect(token).toMatch(TOKEN);
  expect(pay.searchParams.get('client_reference_id')).toBe(token);
  expect(pay.href).not.toContain(cookie.value);
  await expect(page.locator('#checkout input[type=hidden][name=aff_vid]')).toHaveValue(TOKEN);
  // The Payment Link's checkout reports the token: the tracker resolves it to this visitor (Stripe's webhook does the same).
  const api = await fetch(`${tracker()}/t/sale`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_demo_0000000000000000' },
    body: JSON.stringify({ orderId: uniq('stripe'), total: '10.00', visitorId: token }),
  });
  expect(await api.json()).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });

  await page.goto(`${shop.url}/thank-you?order=${uniq('web')}&total=49.90`);
  const answer = await trackerAnswer(page);
  expect(answer).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  expect(answer.commissions).toContainEqual(expect.objectContaining({ affiliate: 'demo-aff', tier: 1, amount: 499, currency: 'USD' }));
});

test('a buyer with no affiliate link uses the coupon DEMO10: coupon attribution', async ({ page, context }) => {
  await page.goto(`${shop.url}/thank-you?order=${uniq('coupon')}&total=20.00&coupon=DEMO10`);
  const answer = await trackerAnswer(page);
  expect(answer).toMatchObject({ status: 'attributed', method: 'coupon', affiliate: 'demo-aff' });
  expect(answer.commissions).toContainEqual(expect.objectContaining({ tier: 1, amount: 200, currency: 'USD' }));
  expect(await visitorCookie(context, shop)).toBeUndefined();
});

test('a sign-up after an affiliate click (Post Affiliate Pro link): the 2.00 USD action', async ({ page, context }) => {
  const click = page.waitForRequest(isClick);
  await page.goto(`${shop.url}/?a_aid=demo-aff&chan=newsletter`);
  expect((await click).postDataJSON()).toMatchObject({ aff: 'demo-aff', channel: 'newsletter' });
  await expect.poll(async () => (await visitorCookie(context, shop))?.value).toMatch(HEX32);

  await page.goto(`${shop.url}/signup?email=${uniq('reader')}@example.com`);
  const answer = await trackerAnswer(page);
  expect(answer).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  expect(answer.commissions).toEqual([expect.objectContaining({ tier: 1, amount: 200, currency: 'USD' })]);
});

test('a tracker that is down never breaks the shop', async ({ page }) => {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  const down = `http://127.0.0.1:${await closedPort()}`;
  const deadShop = await startShop(down);
  try {
    // t.js itself cannot load: the page and its own scripts carry on; calls wait in the array.
    await page.goto(`${deadShop.url}/thank-you?order=${uniq('down')}&total=10.00`);
    await expect(page.locator('body')).toHaveAttribute('data-page-script', 'ran');
    await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible();
    expect(await page.evaluate(() => Array.isArray((window as unknown as { affq: unknown }).affq))).toBe(true);

    // t.js loads (from a CDN, say) but the tracker behind it is unreachable: the click is kept, the sale resolves.
    const script = await (await fetch(`${tracker()}/t.js`)).text();
    await page.route(`${down}/t.js`, (route) => route.fulfill({ contentType: 'application/javascript', body: script }));
    await page.goto(`${deadShop.url}/?aff=demo-aff`);
    await expect(page.locator('body')).toHaveAttribute('data-page-script', 'ran');
    await expect.poll(() => queued(page)).toEqual([['/t/click', expect.objectContaining({ account: 'demo', aff: 'demo-aff' })]]);
    const sale = await page.evaluate(() =>
      (window as unknown as { aff: { sale(o: object): Promise<unknown> } }).aff.sale({ orderId: 'never-sent', total: '1.00' }),
    );
    expect(sale).toMatchObject({ error: { code: 'network_error' } });
    expect(errors).toEqual([]);
  } finally {
    await deadShop.close();
  }
});

test('a click the tracker missed is sent again on the next page view', async ({ page, context }) => {
  const landing = `${shop.url}/?aff=demo-aff&data2=retry`;
  await page.route(`${tracker()}/t/click`, (route) => route.abort('connectionrefused'));
  await page.goto(landing);
  await expect.poll(() => queued(page)).toHaveLength(1);
  expect(await visitorCookie(context, shop)).toBeUndefined();

  await page.unroute(`${tracker()}/t/click`);
  const resent = page.waitForRequest(isClick);
  await page.goto(`${shop.url}/product`);
  // The original click, landing URL and all, not a click on /product.
  expect((await resent).postDataJSON()).toMatchObject({ aff: 'demo-aff', data2: 'retry', url: landing });
  await expect.poll(async () => (await visitorCookie(context, shop))?.value).toMatch(HEX32);
  expect(await queued(page)).toEqual([]);

  await page.goto(`${shop.url}/thank-you?order=${uniq('retry')}&total=10.00`);
  expect(await trackerAnswer(page)).toMatchObject({ status: 'attributed', method: 'cookie' });
});

test('a sale answered 503 is kept and sent again on a later page view, and is stored once', async ({ page, context }) => {
  await page.goto(`${shop.url}/?aff=demo-aff`);
  await expect.poll(async () => (await visitorCookie(context, shop))?.value).toMatch(HEX32);

  // The hardest 503: the tracker stored the sale but the answer was lost (the database went
  // away during the commit's acknowledgement), so the browser sees 503 with Retry-After.
  const orderId = uniq('busy');
  let stored: { conversionId: string } | undefined;
  await page.route(`${tracker()}/t/sale`, async (route) => {
    const response = await route.fetch();
    stored = await response.json();
    await route.fulfill({
      response,
      status: 503,
      headers: { ...response.headers(), 'retry-after': '5' },
      body: JSON.stringify({ error: { code: 'unavailable', message: 'The database is unavailable; try again shortly.' } }),
    });
  });
  await page.goto(`${shop.url}/thank-you?order=${orderId}&total=30.00`);
  expect(await trackerAnswer(page)).toMatchObject({ error: { code: 'unavailable' } });
  expect(stored).toMatchObject({ status: 'attributed', conversionId: expect.any(String) });
  await expect.poll(() => queued(page)).toEqual([['/t/sale', expect.objectContaining({ orderId, total: '30.00' })]]);

  // The next page view sends it again; the tracker knows the order: one conversion, its commission once.
  await page.unroute(`${tracker()}/t/sale`);
  const resent = page.waitForResponse((r) => r.url() === `${tracker()}/t/sale`);
  await page.goto(`${shop.url}/product`);
  const again = await (await resent).json();
  // A browser repeating an order gets the short duplicate answer only (TRACKING-API.md §3).
  expect(again).toEqual({ status: 'duplicate', conversionId: stored!.conversionId });
  await expect.poll(() => queued(page)).toEqual([]);

  // And not a third time.
  const sales: string[] = [];
  page.on('request', (r) => {
    if (r.url() === `${tracker()}/t/sale`) sales.push(r.url());
  });
  await page.goto(`${shop.url}/`);
  await page.waitForLoadState('networkidle');
  expect(sales).toEqual([]);
});

test('a click the tracker refuses (unknown affiliate) is not kept', async ({ page, context }) => {
  const refused = page.waitForResponse((r) => isClick(r.request()));
  await page.goto(`${shop.url}/?aff=${uniq('nobody')}`);
  expect((await refused).status()).toBe(404);
  await page.waitForLoadState('networkidle');
  expect(await queued(page)).toEqual([]);
  expect(await visitorCookie(context, shop)).toBeUndefined();
});

test('a redirect-mode link hands over a token in ?aff_vid=, traded in for the visitor without a second click', async ({ page, context }) => {
  const posts: Record<string, unknown>[] = [];
  page.on('request', (r) => {
    if (isClick(r)) posts.push(r.postDataJSON());
  });
  await page.goto(`${tracker()}/t/click?account=demo&aff=demo-aff&to=${encodeURIComponent(`${shop.url}/`)}`);
  const token = new URL(page.url()).searchParams.get('aff_vid');
  expect(page.url().startsWith(`${shop.url}/`)).toBe(true);
  expect(token).toMatch(TOKEN);
  await expect.poll(async () => (await visitorCookie(context, shop))?.value).toMatch(HEX32);
  const vid = (await visitorCookie(context, shop))!.value;
  expect(page.url()).not.toContain(vid);
  // The only call: the token traded in. No click of its own.
  expect(posts).toEqual([{ account: 'demo', handoff: token }]);

  await page.goto(`${shop.url}/thank-you?order=${uniq('redirect')}&total=100.00`);
  const answer = await trackerAnswer(page);
  expect(answer).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  expect(answer.commissions).toContainEqual(expect.objectContaining({ tier: 1, amount: 1000 }));
});

/** Lands a browser that already holds a visitor (from a demo-aff click) on a redirect-mode link of demo-sub; returns the held id. */
async function heldVisitorFollowsRedirect(page: Page, context: BrowserContext, campaign: string) {
  await page.goto(`${shop.url}/?aff=demo-aff&campaign=${campaign}`);
  await expect.poll(async () => (await visitorCookie(context, shop))?.value).toMatch(HEX32);
  const held = (await visitorCookie(context, shop))!.value;

  const traded = page.waitForResponse((r) => isClick(r.request()));
  await page.goto(`${tracker()}/t/click?account=demo&aff=demo-sub&campaign=${campaign}&to=${encodeURIComponent(`${shop.url}/`)}`);
  expect(new URL(page.url()).searchParams.get('aff_vid')).toMatch(TOKEN);
  expect((await traded).request().postDataJSON()).toEqual({ account: 'demo', handoff: expect.stringMatching(TOKEN), vid: held });
  expect(await (await traded).json()).toMatchObject({ visitorId: held, affiliate: 'demo-sub' });
  // The visitor it held is kept: the cookie, localStorage and aff.visitorId().
  expect((await visitorCookie(context, shop))!.value).toBe(held);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('_aff_vid')!).id)).toBe(held);
  expect(await page.evaluate(() => (window as unknown as { aff: { visitorId(): string } }).aff.visitorId())).toBe(held);
  return held;
}

test('a browser that holds a visitor keeps it after a redirect-mode link; on a first-click campaign the first affiliate keeps the sale', async ({ page, context, browser }) => {
  // The merchant sets up a first-click campaign in the panel.
  const merchant = await browser.newPage();
  await signIn(merchant, DEMO_MERCHANT);
  await expect(merchant).toHaveURL(/\/merchant$/);
  await merchant.goto('/merchant/campaigns');
  await merchant.getByLabel('Campaign name').fill(uniq('First click'));
  await merchant.getByLabel('Attribution').selectOption('first_click');
  await merchant.getByRole('button', { name: 'Create campaign' }).click();
  await expect(merchant).toHaveURL(/\/merchant\/campaigns\/cmp_/);
  const campaign = new URL(merchant.url()).pathname.split('/').pop()!;
  await merchant.close();

  await heldVisitorFollowsRedirect(page, context, campaign);
  await page.goto(`${shop.url}/thank-you?order=${uniq('first')}&total=20.00`);
  expect(await trackerAnswer(page)).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
});

test('…and on the default, last-click campaign the redirect link’s affiliate gets it', async ({ page, context }) => {
  await heldVisitorFollowsRedirect(page, context, 'cmp_demo');
  await page.goto(`${shop.url}/thank-you?order=${uniq('last')}&total=20.00`);
  expect(await trackerAnswer(page)).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
});

test('a raw visitor ID in ?aff_vid= is never adopted, nor does it replace the one held', async ({ page, context }) => {
  const stranger = 'f'.repeat(32);
  await page.goto(`${shop.url}/?aff_vid=${stranger}`);
  await page.waitForLoadState('networkidle');
  expect(await visitorCookie(context, shop)).toBeUndefined();
  await page.goto(`${shop.url}/?aff=demo-aff`);
  await expect.poll(async () => (await visitorCookie(context, shop))?.value).toMatch(HEX32);
  const held = (await visitorCookie(context, shop))!.value;
  await page.goto(`${shop.url}/?aff_vid=${stranger}`);
  await page.waitForLoadState('networkidle');
  expect((await visitorCookie(context, shop))!.value).toBe(held);
});

test('a decorated link to another site of the merchant takes the visitor along', async ({ page }) => {
  // The other site: another host (127.0.0.1), so its cookies and storage are its own.
  const other = await startShop(tracker());
  const otherUrl = other.url.replace('localhost', '127.0.0.1');
  try {
    await page.goto(`${shop.url}/?aff=demo-sub`);
    await expect.poll(() => page.evaluate(() => (window as unknown as { aff: { visitorId(): string | null } }).aff.visitorId())).toMatch(HEX32);
    const vid = await page.evaluate(() => (window as unknown as { aff: { visitorId(): string } }).aff.visitorId());

    await page.goto(`${shop.url}/away?to=${encodeURIComponent(`${otherUrl}/`)}`);
    await expect(page.locator('#away')).toHaveAttribute('href', /aff_vid=ah1_/);
    expect(await page.locator('#away').getAttribute('href')).not.toContain(vid);
    const traded = page.waitForResponse((r) => isClick(r.request()));
    await page.locator('#away').click();
    await traded;
    expect(page.url().startsWith(`${otherUrl}/`)).toBe(true);
    await expect.poll(() => page.evaluate(() => (window as unknown as { aff: { visitorId(): string | null } }).aff.visitorId())).toBe(vid);

    await page.goto(`${otherUrl}/thank-you?order=${uniq('other-site')}&total=10.00`);
    expect(await trackerAnswer(page)).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
  } finally {
    await other.close();
  }
});

test.describe('the demo shop', () => {
  test('embeds t.js; an affiliate visitor buys and the thank-you page shows the commission', async ({ page }) => {
    await page.goto('/demo/shop?aff=demo-aff');
    await expect(page.locator('script[src="/t.js"][data-account="demo"]')).toHaveAttribute('async', '');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('_aff_vid'))).toContain('"id"');

    await page.getByRole('link', { name: /Espresso Starter Kit/ }).click();
    await page.getByRole('link', { name: 'Buy now' }).click();
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByTestId('order-total')).toHaveText('$49.90');
    await expect(page.getByTestId('tracker-status')).toHaveText('attributed');
    await expect(page.getByTestId('tracker-method')).toHaveText('cookie');
    await expect(page.getByTestId('tracker-commissions')).toContainText('$4.99 to demo-aff');
  });

  test('checkout with the coupon DEMO10: 10 % off, credited to the demo affiliate', async ({ page }) => {
    await page.goto('/demo/shop/checkout?product=espresso-kit');
    await page.getByLabel('Coupon').fill('demo10');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByTestId('order-total')).toHaveText('$44.91');
    await expect(page.getByTestId('tracker-method')).toHaveText('coupon');
    await expect(page.getByTestId('tracker-affiliate')).toHaveText('demo-aff');
    // 10 % of 44.91, half up.
    await expect(page.getByTestId('tracker-commissions')).toContainText('$4.49');
  });

  test('the sign-up page reports the signup action', async ({ page }) => {
    await page.goto('/demo/shop?aff=demo-aff');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('_aff_vid'))).toContain('"id"');
    await page.goto('/demo/shop/signup');
    await page.getByLabel('Email').fill(`${uniq('demo')}@example.com`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('tracker-status')).toHaveText('attributed');
    await expect(page.getByTestId('tracker-commissions')).toContainText('$2.00 to demo-aff');
  });
});
