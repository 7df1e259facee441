// Abuse limits: the per-address and per-account rate limits of /t/* (429 with
// Retry-After, nothing recorded), a client address that cannot be spoofed unless a
// proxy is trusted, and the limits on sign-in, merchant sign-up and affiliate join.
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, WRONG_CREDENTIALS } from '@/server/auth/sign-in';
import { THROTTLE_RULES } from '@/server/auth/throttle';
import { SIGN_UP_LIMITS } from '@/server/auth/sign-up-limits';
import { toCsvRows } from '@/server/csv';
import { clientIpOf, parseTrustProxy, PEER_HEADER } from '@/server/http/client-ip';
import { isCrossSiteRequest } from '@/server/http/same-origin';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, type TestDb } from './helpers/db';
import { API_KEY, uniq } from './helpers/http';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';
import { refusalCode as code } from './helpers/trpc';

type Server = { baseURL: string; stop(): Promise<void> };

async function send(server: Server, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.baseURL + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Limits/1.0', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}

describe('/t/* rate limits, no proxy trusted (the default)', () => {
  let app: Server;
  beforeAll(async () => {
    // Loopback is exempt by default; this test's client is loopback, so it opts in.
    app = await startTestServer({ label: 'limits', env: { TRACK_RATE_LIMIT: '5', TRACK_RATE_LIMIT_LOOPBACK: '1' } });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('the sixth request of a minute from one address is 429 with Retry-After and the error shape; X-Forwarded-For does not get round it', async () => {
    const ok = [];
    for (let i = 0; i < 5; i++) ok.push((await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' })).status);
    expect(ok).toEqual([200, 200, 200, 200, 200]);
    const limited = await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'rate_limited' });
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    // A client claiming to be someone else is still the same socket.
    const spoofed = await send(app, '/t/sale', { account: 'demo', orderId: uniq('o'), total: '1.00' }, {
      'x-forwarded-for': '198.51.100.23',
      'x-real-ip': '198.51.100.24',
    });
    expect(spoofed.status).toBe(429);
    // Every /t/* endpoint shares the address's budget, server calls included.
    expect((await send(app, '/t/refund', { orderId: 'x' }, { authorization: `Bearer ${API_KEY}` })).status).toBe(429);
  });
});

describe('/t/* rate limits behind one trusted proxy', () => {
  let app: Server;
  beforeAll(async () => {
    app = await startTestServer({
      label: 'limits-proxy',
      env: { TRACK_RATE_LIMIT: '3', TRACK_ACCOUNT_RATE_LIMIT: '6', TRUST_PROXY: '1' },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });
  const from = (ip: string, ua = 'Limits/1.0') => ({ 'x-forwarded-for': ip, 'user-agent': ua });

  it('counts per client address as the proxy reports it, and records that address', async () => {
    const ua = `Limits/${uniq('ua')}`;
    const a = [];
    for (let i = 0; i < 3; i++) a.push((await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' }, from('198.51.100.1', ua))).status);
    expect(a).toEqual([200, 200, 200]);
    expect((await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' }, from('198.51.100.1'))).status).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect((await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' }, from('198.51.100.2'))).status).toBe(200);
    // The click was stored with the forwarded address: a server call naming it matches by IP + user-agent.
    const sale = await send(app, '/t/sale', { orderId: uniq('o'), total: '10.00', ip: '198.51.100.1', userAgent: ua }, {
      authorization: `Bearer ${API_KEY}`,
      ...from('198.51.100.50'),
    });
    expect(sale.json).toMatchObject({ status: 'attributed', method: 'ip_ua' });
  });

  it('counts per account across addresses: past TRACK_ACCOUNT_RATE_LIMIT the account is 429, other accounts are not', async () => {
    // Four requests of demo so far (three clicks and a sale from other addresses); two more fit.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' }, from(`203.0.113.${i + 1}`))).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' }, from('203.0.113.99'));
    expect(limited.status).toBe(429);
    expect(limited.json.error.message).toMatch(/for this account/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another account is not held back by demo's flood.
    expect((await send(app, '/t/click', { account: 'nobody-here', aff: 'x' }, from('203.0.113.100'))).status).toBe(404);
  });

  it('HSTS (and upgrade-insecure-requests) once the trusted proxy says the browser came over TLS', async () => {
    const tls = await fetch(`${app.baseURL}/sign-in`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(tls.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    const plain = await fetch(`${app.baseURL}/sign-in`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});

/** `n` requests at once (in groups, so the app is not flooded with sockets); their statuses. */
async function burst(n: number, fn: (i: number) => Promise<{ status: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 50)
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => fn(i + j).then((r) => r.status)))));
  return out;
}
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

describe('/t/* rate limits by default (TRACK_* unset), behind one trusted proxy', () => {
  let app: Server;
  beforeAll(async () => {
    app = await startTestServer({
      label: 'limits-default',
      // Unset, as in a fresh deployment (the test server turns the per-address limit off otherwise).
      env: { TRUST_PROXY: '1', TRACK_RATE_LIMIT: undefined, TRACK_ACCOUNT_RATE_LIMIT: undefined, TRACK_BROWSER_SALE_RATE_LIMIT: undefined },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  // Refused by validation (no aff), so counting costs no database write; still a request of the address.
  const cheap = (ip: string) => send(app, '/t/click', { account: 'demo' }, from(ip));

  it('600 requests a minute from one public address, then 429 with Retry-After; another address is not held back', async () => {
    expect(tally(await burst(600, () => cheap('198.51.100.60')))).toEqual({ 400: 600 });
    const limited = await cheap('198.51.100.60');
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/from your address/) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' }, from('198.51.100.61'))).status).toBe(200);
  }, 120_000);

  it('browser conversions: 60 a minute from one address, then 429; API-key sales from it are not counted as such', async () => {
    // No orderId: refused after the limit has counted it, so nothing is stored either way.
    const browserSale = () => send(app, '/t/sale', { account: 'demo', total: '1.00' }, from('198.51.100.70'));
    expect(tally(await burst(60, browserSale))).toEqual({ 400: 60 });
    const limited = await browserSale();
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/browser conversions/) });
    const server = await send(app, '/t/sale', { orderId: uniq('o'), total: '1.00' }, { authorization: `Bearer ${API_KEY}`, ...from('198.51.100.70') });
    expect(server.status).toBe(200);
    // Clicks from that address still go through: the sale limit is its own.
    expect((await send(app, '/t/click', { account: 'demo', aff: 'demo-aff' }, from('198.51.100.70'))).status).toBe(200);
  }, 120_000);

  it('loopback clients (the proxy itself, a same-host caller) are exempt', async () => {
    const local = await burst(700, (i) =>
      i % 2 ? send(app, '/t/click', { account: 'demo' }) : send(app, '/t/click', { account: 'demo' }, from(i % 4 ? '127.0.0.1' : '::1')),
    );
    expect(tally(local)).toEqual({ 400: 700 });
    expect(tally(await burst(70, () => send(app, '/t/sale', { account: 'demo', total: '1.00' })))).toEqual({ 400: 70 });
  }, 120_000);
});

describe('/t/* rate limits turned off with 0', () => {
  let app: Server;
  beforeAll(async () => {
    app = await startTestServer({
      label: 'limits-off',
      env: { TRUST_PROXY: '1', TRACK_RATE_LIMIT: '0', TRACK_ACCOUNT_RATE_LIMIT: '0', TRACK_BROWSER_SALE_RATE_LIMIT: '0' },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('no limit per address, per account or on browser conversions', async () => {
    const from = { 'x-forwarded-for': '198.51.100.80' };
    expect(tally(await burst(700, () => send(app, '/t/click', { account: 'demo' }, from)))).toEqual({ 400: 700 });
    expect(tally(await burst(80, () => send(app, '/t/sale', { account: 'demo', total: '1.00' }, from)))).toEqual({ 400: 80 });
  }, 120_000);
});

describe('the default limits', () => {
  it('600 per address, 30,000 per account, 60 browser conversions per address; loopback exempt; 0 turns each off', async () => {
    const { schema } = await import('@/server/env');
    expect(schema.parse({})).toMatchObject({
      TRACK_RATE_LIMIT: 600,
      TRACK_ACCOUNT_RATE_LIMIT: 30_000,
      TRACK_BROWSER_SALE_RATE_LIMIT: 60,
      TRACK_RATE_LIMIT_LOOPBACK: '0',
    });
    expect(schema.parse({ TRACK_RATE_LIMIT: '0', TRACK_ACCOUNT_RATE_LIMIT: '0', TRACK_BROWSER_SALE_RATE_LIMIT: '0' })).toMatchObject({
      TRACK_RATE_LIMIT: 0,
      TRACK_ACCOUNT_RATE_LIMIT: 0,
      TRACK_BROWSER_SALE_RATE_LIMIT: 0,
    });
    const { isLoopback } = await import('@/server/http/track');
    for (const ip of ['127.0.0.1', '127.9.8.7', '::1']) expect(isLoopback(ip), ip).toBe(true);
    for (const ip of ['128.0.0.1', '10.0.0.1', '::2', '198.51.100.1', 'unknown', '127.0.0.1.evil']) expect(isLoopback(ip), ip).toBe(false);
  });
});

describe('the client address', () => {
  const h = (peer: string, xff?: string, real?: string) =>
    new Headers({ [PEER_HEADER]: peer, ...(xff ? { 'x-forwarded-for': xff } : {}), ...(real ? { 'x-real-ip': real } : {}) });

  it('trusts nothing by default: the socket address, whatever the headers say', () => {
    expect(clientIpOf(h('::ffff:10.0.0.5', '1.1.1.1, 2.2.2.2', '3.3.3.3'), undefined)).toBe('10.0.0.5');
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('0')).toBeUndefined();
  });

  it('N hops: the address N steps back from the socket; a longer forged chain does not help', () => {
    const one = parseTrustProxy('1');
    expect(clientIpOf(h('10.0.0.1', '198.51.100.7'), one)).toBe('198.51.100.7');
    // The client prepended a forged entry; the proxy appended the real one.
    expect(clientIpOf(h('10.0.0.1', '6.6.6.6, 198.51.100.7'), one)).toBe('198.51.100.7');
    expect(clientIpOf(h('10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2'), parseTrustProxy('2'))).toBe('198.51.100.7');
    expect(clientIpOf(h('10.0.0.1', undefined, '198.51.100.8'), one)).toBe('198.51.100.8');
  });

  it('a list of proxies: walks back over them only', () => {
    const list = parseTrustProxy('10.0.0.0/8, ::1');
    expect(clientIpOf(h('10.1.2.3', '6.6.6.6, 198.51.100.7, 10.9.9.9'), list)).toBe('198.51.100.7');
    // A request straight from an untrusted address: its headers are ignored.
    expect(clientIpOf(h('192.0.2.1', '198.51.100.7'), list)).toBe('192.0.2.1');
    expect(clientIpOf(h('::1', '2001:db8::5'), list)).toBe('2001:db8::5');
    expect(() => parseTrustProxy('not-an-ip')).toThrow(/TRUST_PROXY/);
  });
});

describe('CSRF check', () => {
  const hdr = (o: Record<string, string>) => new Headers({ host: 'app.example', ...o });
  it('follows Sec-Fetch-Site, else Origin against Host; safe methods and non-browsers pass', () => {
    expect(isCrossSiteRequest('POST', hdr({ 'sec-fetch-site': 'same-origin', origin: 'https://app.example' }))).toBe(false);
    expect(isCrossSiteRequest('POST', hdr({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteRequest('POST', hdr({ 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSiteRequest('POST', hdr({ origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSiteRequest('POST', hdr({ origin: 'null' }))).toBe(true);
    expect(isCrossSiteRequest('POST', hdr({ origin: 'https://app.example' }))).toBe(false);
    expect(isCrossSiteRequest('POST', hdr({}))).toBe(false);
    expect(isCrossSiteRequest('GET', hdr({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});

describe('sign-in, sign-up and join limits', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ seed: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sign-in: failures against one account from many addresses slow that account, not its owner’s own browser', async () => {
    const { deviceToken } = await authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '192.0.2.70' });
    for (let i = 0; i < THROTTLE_RULES.account.free + 1; i++) {
      await expect(authenticate(t.db, { email: 'affiliate@example.com', password: `guess-${i}`, ip: `198.51.100.${i + 1}` })).rejects.toThrow(
        WRONG_CREDENTIALS,
      );
    }
    // The right password from a fresh address is not even checked while the account's wait lasts.
    await expect(authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '192.0.2.77' })).rejects.toThrow(
      /Too many sign-in attempts/,
    );
    // The owner's browser (its recent-device cookie) gets in; other accounts are not affected.
    await expect(authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '192.0.2.77', deviceToken })).resolves.toMatchObject({
      role: 'affiliate',
    });
    await expect(authenticate(t.db, { email: 'merchant@example.com', password: 'demo-merchant', ip: '192.0.2.77' })).resolves.toMatchObject({
      role: 'merchant',
    });
  }, 60_000);

  const caller = (ip: string) => createCaller({ db: t.db, session: null as Session | null, ip });

  it('affiliate join: per address, then per program', async () => {
    const join = (ip: string, account = 'demo') =>
      caller(ip).auth.joinProgram({
        account,
        form: { name: 'Joiner', email: `${uniq('j')}@example.com`, password: 'a-long-password', promotionMethod: 'blog', acceptTerms: true },
      });
    for (let i = 0; i < SIGN_UP_LIMITS.joinPerIp; i++) expect(await code(join('192.0.2.1'))).toBe('OK');
    expect(await code(join('192.0.2.1'))).toBe('TOO_MANY_REQUESTS');
    // Another address is fine until the program's own limit.
    const results: string[] = [];
    for (let i = 0; i < SIGN_UP_LIMITS.joinPerProgram; i++) results.push(await code(join(`192.0.3.${i % 250}`)));
    expect(results.at(-1)).toBe('TOO_MANY_REQUESTS');
    expect(results.filter((r) => r === 'OK').length).toBe(SIGN_UP_LIMITS.joinPerProgram - SIGN_UP_LIMITS.joinPerIp);
  }, 120_000);

  it('merchant sign-up: per address and per email', async () => {
    const signUp = (ip: string, email: string) =>
      caller(ip).auth.signUpMerchant({
        programName: 'Shop', accountId: uniq('acct').slice(0, 30), name: 'Sam', email, password: 'a-long-password', currency: 'USD',
      });
    for (let i = 0; i < SIGN_UP_LIMITS.merchantPerEmail; i++) await code(signUp(`192.0.4.${i}`, 'probe@example.com'));
    expect(await code(signUp('192.0.4.200', 'probe@example.com'))).toBe('TOO_MANY_REQUESTS');
    for (let i = 0; i < SIGN_UP_LIMITS.merchantPerIp; i++) await code(signUp('192.0.5.1', `${uniq('m')}@example.com`));
    expect(await code(signUp('192.0.5.1', `${uniq('m')}@example.com`))).toBe('TOO_MANY_REQUESTS');
  }, 120_000);
});

describe('CSV exports', () => {
  it('prefix cells a spreadsheet would run as a formula, and leave plain numbers alone', () => {
    const line = toCsvRows([['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '-5.00', '+12', 'plain', 7]]);
    expect(line).toBe(`"'=HYPERLINK(""http://evil"")",'+1+1,'-2+3,'@SUM(A1),'\tx,"'\rx",-5.00,+12,plain,7\r\n`);
  });
});
