// The two edges of the tracker answer alike (issue #21): the lean node:http path that
// `npm start` serves (server.mjs, server/http/lean.ts) and the route handlers under app/t/
// and app/scripts/ (LEAN_TRACKING=0: every request through Next). Two apps on databases of
// their own, seeded alike, get the same requests in the same order — clicks, redirects,
// sales by cookie and by API key, refunds, impressions, the scripts, the PAP drop-in,
// preflights, 405s and every kind of refusal — and must answer with the same status, the
// same headers and the same body, once the values that differ by nature (ids, dates, the
// connection's framing) are masked. Also: the lean path really is the one serving.
import { gunzipSync } from 'node:zlib';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';

type App = { baseURL: string; stop(): Promise<void>; log(): string };
let lean: App;
let routes: App;
const API_KEY = 'sk_demo_0000000000000000';
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  [lean, routes] = await Promise.all([
    startTestServer({ label: 'lean' }),
    startTestServer({ label: 'routes', env: { LEAN_TRACKING: '0' } }),
  ]);
}, 300_000);

afterAll(async () => {
  await Promise.all([lean?.stop(), routes?.stop()]);
});

interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  raw: http.IncomingHttpHeaders;
}

/** One request over node:http (no fetch: it would add headers and hide the framing), the body gunzipped. */
function send(base: string, r: Req): Promise<Answer> {
  const url = new URL(r.path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: r.method, headers: r.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join('\n') : v;
        resolve({ status: res.statusCode!, headers, body: body.toString('latin1'), raw: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A refused body may be answered before it is all sent, and the socket closed under it.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') return;
      reject(err);
    });
    req.end(r.body);
  });
}

/** Framing and per-request values: checked for presence, not compared. */
const FRAMING = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'x-request-id']);
/**
 * Next's own tokens, which it adds to Vary on whatever it serves: its router's, and its
 * compression's Accept-Encoding on an answer it did not compress (an uncompressed answer
 * does not vary by encoding).
 */
const NEXT_VARY = new Set(['rsc', 'next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch']);

const mask = (s: string) =>
  s
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
    .replace(/\b[0-9a-f]{32}\b/g, '<hex>')
    .replace(/\b(ht|cv|ah\d)_[A-Za-z0-9_-]{16,}/g, '<token>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    // Each app's own address (a redirect to the program's website resolves against it).
    .replace(/127\.0\.0\.1:\d+/g, '<app>');

function comparable(a: Answer) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.headers)) {
    if (FRAMING.has(k)) continue;
    if (k === 'vary') {
      const encoded = a.headers['content-encoding'] !== undefined;
      const tokens = [...new Set(v.split(',').map((t) => t.trim()))].filter(
        (t) => t && !NEXT_VARY.has(t.toLowerCase()) && (encoded || t.toLowerCase() !== 'accept-encoding'),
      );
      if (tokens.length) headers[k] = tokens.join(', ');
      continue;
    }
    headers[k] = mask(v);
  }
  let body: unknown = mask(a.body);
  if (a.headers['content-type']?.includes('json')) body = JSON.parse(mask(a.body));
  return { status: a.status, headers, body };
}

/** The same request to both apps; their answers must match. Returns the lean app's. */
async function both(r: Req): Promise<Answer> {
  const [a, b] = [await send(lean.baseURL, r), await send(routes.baseURL, r)];
  expect(comparable(a), `${r.method} ${r.path}`).toEqual(comparable(b));
  // Every tracked answer carries its request id on both edges.
  expect(a.headers['x-request-id'] !== undefined, `${r.method} ${r.path}: x-request-id`).toBe(b.headers['x-request-id'] !== undefined);
  return a;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const ORIGIN = { origin: 'https://shop.example' };

describe('the lean path and the route handlers answer alike', () => {
  it('serves the tracking endpoints on the lean path, everything else through Next', async () => {
    const viaLean = await send(lean.baseURL, { method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'demo-aff' }) });
    const viaNext = await send(routes.baseURL, { method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'demo-aff' }) });
    expect(viaLean.status).toBe(200);
    expect(viaNext.status).toBe(200);
    // Next answers a route handler with its router's Vary tokens; the lean path never does.
    expect(viaNext.headers.vary ?? '').toMatch(/rsc/i);
    expect(viaLean.headers.vary).toBeUndefined();
    // A page is Next's on both.
    const page = await send(lean.baseURL, { method: 'GET', path: '/sign-in' });
    expect(page.status).toBe(200);
    expect(page.headers.vary ?? '').toMatch(/rsc/i);
  });

  it('clicks: JSON, form, redirect, preflight, and each refusal', async () => {
    const click = await both({ method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'demo-aff', channel: `lean-${run}`, data1: 'x' }, ORIGIN) });
    expect(click.status).toBe(200);
    expect(click.headers['set-cookie']).toMatch(/^_aff_vid=[0-9a-f]{32}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    await both({ method: 'POST', path: '/t/click', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'account=demo&aff=demo-aff&channel=form' });
    await both({ method: 'POST', path: '/t/click', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ account: 'demo', aff: 'demo-aff' }) });
    const redirect = await both({ method: 'GET', path: `/t/click?account=demo&aff=demo-aff&to=${encodeURIComponent('http://localhost:4000/landing?x=1')}` });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toMatch(/^http:\/\/localhost:4000\/landing\?x=1&aff_vid=ah1_/);
    expect((await both({ method: 'GET', path: `/t/click?account=demo&aff=demo-aff&to=${encodeURIComponent('https://evil.example/')}` })).status).toBe(400);
    expect((await both({ method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'nobody' }) })).status).toBe(404);
    expect((await both({ method: 'POST', path: '/t/click', ...json({ account: 'nope', aff: 'demo-aff' }) })).status).toBe(404);
    expect((await both({ method: 'POST', path: '/t/click', headers: { 'content-type': 'application/json' }, body: '{"account":' })).status).toBe(400);
    expect((await both({ method: 'POST', path: '/t/click', headers: { 'content-type': 'application/json' }, body: '[1]' })).status).toBe(400);
    expect((await both({ method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'demo-aff', to: 'https://shop.example/' }) })).status).toBe(400);
    const tooLarge = await both({ method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'demo-aff', pad: 'x'.repeat(70_000) }) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.connection).toBe('close');
    const pre = await both({ method: 'OPTIONS', path: '/t/click', headers: { ...ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    const put = await both({ method: 'PUT', path: '/t/click', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST, OPTIONS');
    expect((await both({ method: 'DELETE', path: '/t/click' })).status).toBe(405);
  });

  it('sales by cookie and by key, duplicates, refunds and their refusals', async () => {
    const click = await send(lean.baseURL, { method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'demo-aff' }) });
    const cookie = click.headers['set-cookie']!.split(';')[0]!;
    // The same visitor id on the other app: the click made there under the same request.
    const clickB = await send(routes.baseURL, { method: 'POST', path: '/t/click', ...json({ account: 'demo', aff: 'demo-aff' }) });
    const cookieB = clickB.headers['set-cookie']!.split(';')[0]!;
    const orderId = `lean-${run}-1`;
    const [a, b] = [
      await send(lean.baseURL, { method: 'POST', path: '/t/sale', ...json({ account: 'demo', orderId, total: '25.00' }, { ...ORIGIN, cookie }) }),
      await send(routes.baseURL, { method: 'POST', path: '/t/sale', ...json({ account: 'demo', orderId, total: '25.00' }, { ...ORIGIN, cookie: cookieB }) }),
    ];
    expect(a.status).toBe(200);
    expect(comparable(a)).toEqual(comparable(b));
    expect(JSON.parse(a.body)).toMatchObject({ status: 'attributed', method: 'cookie' });
    const dup = await both({ method: 'POST', path: '/t/sale', ...json({ account: 'demo', orderId, total: '25.00' }, ORIGIN) });
    expect(JSON.parse(dup.body)).toEqual({ conversionId: expect.any(String), status: 'duplicate' });
    // A browser may not name an affiliate.
    expect((await both({ method: 'POST', path: '/t/sale', ...json({ account: 'demo', orderId: `${orderId}-x`, total: '5.00', affiliate: 'demo-aff' }) })).status).toBe(403);
    const server = await both({ method: 'POST', path: '/t/sale', ...json({ orderId: `lean-${run}-2`, total: '40.00', affiliate: 'demo-sub' }, { authorization: `Bearer ${API_KEY}` }) });
    expect(JSON.parse(server.body)).toMatchObject({ status: 'attributed', method: 'explicit' });
    expect((await both({ method: 'POST', path: '/t/sale', ...json({ orderId: 'x', total: '1.00' }, { authorization: 'Bearer sk_nope' }) })).status).toBe(401);
    expect((await both({ method: 'POST', path: '/t/sale', ...json({ orderId: 'x', total: '1.00' }, { authorization: 'Basic abc' }) })).status).toBe(401);
    expect((await both({ method: 'POST', path: '/t/sale', ...json({ orderId: 'x', total: 'ten' }, { authorization: `Bearer ${API_KEY}` }) })).status).toBe(400);
    expect((await both({ method: 'POST', path: '/t/sale', ...json({ orderId: 'x', total: '1.00' }) })).status).toBe(400);
    expect((await both({ method: 'GET', path: '/t/sale' })).status).toBe(405);
    expect((await both({ method: 'OPTIONS', path: '/t/sale', headers: { ...ORIGIN, 'access-control-request-method': 'POST' } })).status).toBe(204);

    const refund = await both({ method: 'POST', path: '/t/refund', ...json({ orderId: `lean-${run}-2`, amount: '10.00' }, { authorization: `Bearer ${API_KEY}` }) });
    expect(refund.status).toBe(200);
    expect((await both({ method: 'POST', path: '/t/refund', ...json({ orderId: `lean-${run}-2` }) })).status).toBe(401);
    expect((await both({ method: 'POST', path: '/t/refund', ...json({ orderId: 'never-sold' }, { authorization: `Bearer ${API_KEY}` }) })).status).toBe(404);
    const options = await both({ method: 'OPTIONS', path: '/t/refund' });
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('POST, OPTIONS');
  });

  it('impressions, hand-off, the proxy check, the scripts and the PAP drop-in', async () => {
    const imp = await both({ method: 'GET', path: '/t/imp?account=demo&aff=demo-aff' });
    expect(imp.status).toBe(200);
    expect(imp.headers['content-type']).toBe('image/gif');
    await both({ method: 'GET', path: '/t/imp?account=demo&aff=demo-aff&banner=no-such-banner' });
    expect((await both({ method: 'GET', path: '/t/imp?account=demo' })).status).toBe(400);
    expect((await both({ method: 'POST', path: '/t/handoff', ...json({ account: 'demo', vid: 'not-a-visitor' }, ORIGIN) })).status).toBe(400);
    await both({ method: 'GET', path: '/t/proxy-check', headers: { 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'https' } });

    const script = await both({ method: 'GET', path: '/t.js', headers: { 'accept-encoding': 'gzip' } });
    expect(script.headers['content-encoding']).toBe('gzip');
    const plain = await both({ method: 'GET', path: '/t.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script.body);
    const notModified = await both({ method: 'GET', path: '/t.js', headers: { 'if-none-match': plain.headers.etag! } });
    expect(notModified.status).toBe(304);
    const head = await both({ method: 'HEAD', path: '/t.js' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    await both({ method: 'GET', path: '/scripts/trackjs.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect((await both({ method: 'POST', path: '/t.js' })).status).toBe(405);

    const papClick = await both({ method: 'GET', path: '/scripts/click.php?AccountId=demo&a_aid=demo-aff&desturl=' + encodeURIComponent('http://localhost:4000/p') });
    expect(papClick.status).toBe(302);
    // Without desturl: the program's website, resolved against the address the app was asked for.
    const papHome = await both({ method: 'GET', path: '/scripts/click.php?AccountId=demo&a_aid=demo-aff', headers: { referer: 'https://blog.example/post' } });
    expect(papHome.status).toBe(302);
    const papSale = await both({ method: 'GET', path: `/scripts/sale.php?AccountId=demo&TotalCost=12.50&OrderID=lean-${run}-pap` });
    expect(papSale.headers['content-type']).toBe('image/gif');
    expect((await both({ method: 'GET', path: '/scripts/sale.php?AccountId=demo&TotalCost=1&OrderID=x&AffiliateID=demo-aff' })).status).toBe(403);
    await both({ method: 'GET', path: '/scripts/imp.php?AccountId=demo&a_aid=demo-aff' });
    expect((await both({ method: 'GET', path: '/scripts/click.php?AccountId=default1&a_aid=demo-aff' })).status).toBe(404);
  });
});
