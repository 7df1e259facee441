// First-party mode and the Post Affiliate Pro drop-in in a real browser (PLATFORM-API.md §4).
// A shop on another site (http://localhost:<port>) serves the tracker through a real reverse
// proxy of its own (`/_aff/*` → the tracker, with X-Forwarded-Host/-Proto, from the one address
// TRUST_PROXY names): with the tracker's own host blocked, clicks and sales are still recorded,
// and the visitor cookie is the server-set HttpOnly cookie of the shop's host. A page with PAP's
// own click and sale snippets, as PAP's documentation writes them, credits the sale.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
// @ts-expect-error — plain .mjs helper
import { signInCookie, startTestServer } from '../scripts/test-server.mjs';

const PROXY_ADDRESS = '127.0.0.2';
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

let app: { baseURL: string; stop(): Promise<void> };
let shop: { origin: string; close(): Promise<void> };

/** The shop: its pages, and `/_aff/*` forwarded to the tracker as the nginx snippet of Tools › Integration does. */
async function startShop(tracker: string, pages: Record<string, (q: URLSearchParams) => string>) {
  const target = new URL(tracker);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname.startsWith('/_aff/')) {
      const upstream = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          path: url.pathname.slice('/_aff'.length) + url.search,
          method: req.method,
          localAddress: PROXY_ADDRESS,
          headers: { ...req.headers, host: target.host, 'x-forwarded-host': req.headers.host, 'x-forwarded-proto': 'http', 'x-forwarded-for': req.socket.remoteAddress },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const page = pages[url.pathname];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ? page(url.searchParams) : 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const html = (head: string, body: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const proxied = '<script async src="/_aff/t.js" data-account="demo"></script>';
const show = `function (r) { document.getElementById('result').textContent = JSON.stringify(r); }`;

test.beforeAll(async () => {
  app = await startTestServer({ label: 'e2e-first-party', env: { TRUST_PROXY: PROXY_ADDRESS } });
  const pap = (body: string) =>
    html(
      '',
      // PAP's click tracking code, as its documentation gives it (only the script's host changed).
      `<script type="text/javascript" id="pap_x2s6df8d" src="${app.baseURL}/scripts/trackjs.js"></script>
<script type="text/javascript">
PostAffTracker.setAccountId('default1');
try {
PostAffTracker.track();
} catch (err) { }
</script>${body}`,
    );
  shop = await startShop(app.baseURL, {
    '/': () => html(proxied, '<h1>Shop</h1>'),
    '/thank-you': (q) =>
      html(proxied, `<pre id="result">pending</pre><script>window.affq = window.affq || []; affq.push(['sale', ${JSON.stringify({ orderId: q.get('order'), total: '40.00' })}, ${show}]);</script>`),
    '/pap': () => pap('<h1>PAP landing</h1>'),
    // PAP's sale tracking code, as its documentation gives it.
    '/pap-thank-you': (q) =>
      html(
        '',
        `<script type="text/javascript" id="pap_x2s6df8d" src="${app.baseURL}/scripts/trackjs.js"></script>
<script type="text/javascript">
PostAffTracker.setAccountId('default1');
var sale = PostAffTracker.createSale();
sale.setTotalCost('120.50');
sale.setOrderID('${(q.get('order') ?? '').replace(/[^\w-]/g, '')}');
sale.setProductID('test product');
PostAffTracker.register();
</script><h1>Thank you</h1>`,
      ),
  });
  // PAP's `default1` is the account whose tracking domain is the tracker's host here.
  const cookie = await signInCookie(app.baseURL, 'merchant@example.com', 'demo-merchant');
  const res = await fetch(`${app.baseURL}/api/trpc/settings.setTrackingDomain`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: app.baseURL },
    body: JSON.stringify({ json: { trackingDomain: '127.0.0.1' } }),
  });
  expect(res.status).toBe(200);
});
test.afterAll(async () => {
  await shop?.close();
  await app?.stop();
});

/** The merchant's own report of an order, naming no visitor: credited by the visitor the browser's report carried. */
const confirm = (orderId: string, total: string) =>
  fetch(`${app.baseURL}/t/sale`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_demo_0000000000000000', 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, total }),
  }).then((r) => r.json());

test('through the shop’s proxy, with the tracker’s own host blocked, clicks and sales are first-party', async ({ page, context }) => {
  const trackerCalls: string[] = [];
  await page.route(`${app.baseURL}/**`, (route) => {
    trackerCalls.push(route.request().url());
    return route.abort();
  });
  const click = page.waitForResponse((r) => r.url() === `${shop.origin}/_aff/t/click`);
  await page.goto(`${shop.origin}/?aff=demo-aff`);
  const res = await click;
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ affiliate: 'demo-aff', firstParty: true });

  const cookies = await context.cookies(shop.origin);
  const vid = cookies.find((c) => c.name === '_aff_vid');
  expect(vid, JSON.stringify(cookies)).toMatchObject({ domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' });
  expect(vid!.expires * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);
  // The script wrote no cookie of its own: the page sees none (HttpOnly), yet knows the visitor.
  expect(await page.evaluate(() => document.cookie)).not.toContain('_aff_vid');
  expect(await page.evaluate(() => (window as unknown as { aff: { visitorId(): string } }).aff.visitorId())).toBe(vid!.value);

  const order = uniq('fp');
  await page.goto(`${shop.origin}/thank-you?order=${order}`);
  await expect(page.locator('#result')).toContainText('"status":"attributed"');
  await expect(page.locator('#result')).toContainText('"method":"cookie"');
  expect(trackerCalls).toEqual([]);
});

test('PAP’s own click and sale snippets credit the sale', async ({ page }) => {
  const click = page.waitForResponse((r) => r.url() === `${app.baseURL}/t/click`);
  await page.goto(`${shop.origin}/pap?a_aid=demo-aff&a_bid=&chan=newsletter`);
  expect((await click).status()).toBe(200);
  const order = uniq('pap');
  const sale = page.waitForResponse((r) => r.url() === `${app.baseURL}/t/sale`);
  await page.goto(`${shop.origin}/pap-thank-you?order=${order}`);
  const answer = await (await sale).json();
  expect(answer).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  expect(await confirm(order, '120.50')).toMatchObject({ status: 'attributed', affiliate: 'demo-aff' });
});

test('PAP’s #a_aid= link form is read too', async ({ page }) => {
  const click = page.waitForResponse((r) => r.url() === `${app.baseURL}/t/click`);
  await page.goto(`${shop.origin}/pap#a_aid=demo-aff&data1=sub-1`);
  const res = await click;
  expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ account: 'default1', a_aid: 'demo-aff', data1: 'sub-1' });
  expect(await res.json()).toMatchObject({ affiliate: 'demo-aff' });
});
