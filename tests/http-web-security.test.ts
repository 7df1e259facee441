// Web security over HTTP, against the built app: CSRF refusal on the panels' API,
// security headers and the CSP nonce on pages (and none of it on the tracker's hot
// path), the cookies' attributes, body and field limits on /t/* and webhooks.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { API_KEY, base, post, request, s2s, uniq } from './helpers/http';

/** A signed-in merchant's cookie header (next-auth's own CSRF token flow). */
async function signIn(email = 'merchant@example.com', password = 'demo-merchant', extra: Record<string, string> = {}) {
  const csrf = await fetch(`${base()}/api/auth/csrf`, { headers: extra });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...extra },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  const setCookies = res.headers.getSetCookie();
  const session = setCookies.find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (!session) throw new Error(`sign-in failed: ${res.status}`);
  return { cookie: session.split(';')[0]!, setCookie: session };
}

/** tRPC over HTTP as the panel's client sends it (superjson: `{"json": input}`). */
const trpcMutation = (path: string, input: unknown, headers: Record<string, string>) =>
  request(`/api/trpc/${path}`, { method: 'POST', json: { json: input }, headers });
const trpcQuery = (path: string, headers: Record<string, string>) => request(`/api/trpc/${path}`, { headers });

describe('CSRF: state-changing panel requests from another site are refused', () => {
  const accountName = async (cookie: string) => (await trpcQuery('settings.get', { cookie })).json.result.data.json.merchant.name as string;
  const update = (name: string) => ({ name, defaultCurrency: 'USD', websiteUrl: '/demo/shop', autoApproveAffiliates: false });

  it('a valid session with a foreign Origin → 403, nothing changed; same origin → changed', async () => {
    const { cookie } = await signIn();
    const before = await accountName(cookie);

    const foreign = await trpcMutation('settings.updateAccount', update('Hijacked'), { cookie, origin: 'https://evil.example' });
    expect(foreign.status, foreign.text).toBe(403);
    expect(foreign.text).toMatch(/Cross-site request refused/);
    expect(await accountName(cookie)).toBe(before);

    const crossSite = await trpcMutation('settings.updateAccount', update('Hijacked'), { cookie, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sibling = await trpcMutation('settings.updateAccount', update('Hijacked'), { cookie, 'sec-fetch-site': 'same-site' });
    expect(sibling.status).toBe(403);
    const opaque = await trpcMutation('settings.updateAccount', update('Hijacked'), { cookie, origin: 'null' });
    expect(opaque.status).toBe(403);
    expect(await accountName(cookie)).toBe(before);

    const same = await trpcMutation('settings.updateAccount', update('Demo Shop (renamed)'), {
      cookie,
      origin: base(),
      'sec-fetch-site': 'same-origin',
    });
    expect(same.status, same.text).toBe(200);
    expect(await accountName(cookie)).toBe('Demo Shop (renamed)');
    await trpcMutation('settings.updateAccount', update(before), { cookie, origin: base() });
  });

  it('the public sign-up forms refuse a cross-site post too', async () => {
    const email = `${uniq('x')}@example.com`;
    const form = { name: 'Mallory', email, password: 'a-long-password', promotionMethod: 'blog', acceptTerms: true };
    const res = await trpcMutation('auth.joinProgram', { account: 'demo', form }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('next-auth’s own sign-in still needs its CSRF token', async () => {
    const res = await fetch(`${base()}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'merchant@example.com', password: 'demo-merchant' }),
    });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token='))).toBe(false);
  });
});

describe('security headers', () => {
  it('pages: a per-request nonce CSP that Next’s scripts carry, no framing, nosniff, referrer and permissions policies', async () => {
    const a = await request('/sign-in');
    const b = await request('/sign-in');
    expect(a.status).toBe(200);
    const csp = a.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(b.headers.get('content-security-policy')).not.toContain(nonce);
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    // Every script element of the page carries this response's nonce.
    const scripts = [...a.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(a.headers.get('permissions-policy')).toContain('camera=()');
    // Plain HTTP, no trusted proxy: no HSTS (a spoofed X-Forwarded-Proto changes nothing).
    expect(a.headers.get('strict-transport-security')).toBeNull();
    const spoofed = await request('/sign-in', { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
  });

  it('the panels, the join page and the demo shop carry them too', async () => {
    for (const path of ['/merchant', '/join/demo', '/demo/shop', '/demo/shop/thank-you']) {
      const res = await request(path);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    // The demo shop's tracking tag carries the nonce, so the strict CSP lets it run.
    const shop = await request('/demo/shop');
    const nonce = /'nonce-([^']+)'/.exec(shop.headers.get('content-security-policy')!)![1]!;
    expect(shop.text).toMatch(new RegExp(`<script[^>]*src="/t\\.js"[^>]*nonce="${nonce.replace(/[+/=]/g, '\\$&')}"|<script[^>]*nonce="${nonce.replace(/[+/=]/g, '\\$&')}"[^>]*src="/t\\.js"`));
  });

  it('the tracker and webhooks stay off the proxy: no CSP, but nosniff where a browser reads them', async () => {
    const js = await request('/t.js');
    expect(js.headers.get('content-security-policy')).toBeNull();
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    const click = await post('/t/click', { account: 'demo', aff: 'demo-aff' });
    expect(click.headers.get('content-security-policy')).toBeNull();
    expect(click.headers.get('x-content-type-options')).toBe('nosniff');
    const hook = await request('/webhooks/generic?account=demo', { method: 'POST', body: '{}' });
    expect(hook.headers.get('content-security-policy')).toBeNull();
  });
});

describe('cookies', () => {
  it('the session cookie is HttpOnly and SameSite=Lax, and not Secure over plain HTTP', async () => {
    const { setCookie } = await signIn();
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
  });

  it('_aff_vid: HttpOnly; SameSite=Lax on http; SameSite=None; Secure behind TLS (cross-site tracker)', async () => {
    const plain = await post('/t/click', { account: 'demo', aff: 'demo-aff' });
    const c1 = plain.headers.get('set-cookie')!;
    expect(c1).toMatch(/^_aff_vid=[0-9a-f]{32}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    const tls = await post('/t/click', { account: 'demo', aff: 'demo-aff' }, { 'x-forwarded-proto': 'https' });
    expect(tls.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=None; Secure$/);
  });
});

describe('body and field limits', () => {
  it('a /t/* body over 64 KB is 413 payload_too_large, declared or streamed without a length', async () => {
    const big = JSON.stringify({ account: 'demo', aff: 'demo-aff', data1: 'x'.repeat(70_000) });
    const declared = await request('/t/click', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe('payload_too_large');
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('x'.repeat(8_000)));
        c.close();
      },
    });
    const streamed = await fetch(`${base()}/t/sale`, { method: 'POST', body: chunks, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as any).error.code).toBe('payload_too_large');
  });

  it('a webhook body over 1 MB is 413', async () => {
    // node:http rather than fetch: the app answers before the upload ends, which fetch reports as a reset.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base()}/webhooks/generic?account=demo`, { method: 'POST', headers: { 'content-length': 1024 * 1024 + 1 } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end('x'.repeat(1024 * 1024 + 1));
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).error.code).toBe('payload_too_large');
  });

  const over = (n: number) => 'a'.repeat(n + 1);
  const click = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    post('/t/click', { account: 'demo', aff: 'demo-aff', ...fields }, headers);

  it.each([
    ['channel', 64],
    ['data1', 255],
    ['data2', 255],
    ['data3', 255],
    ['data4', 255],
    ['data5', 255],
    ['url', 2048],
    ['referrer', 2048],
  ])('/t/click %s: %i characters are stored, one more is 400 naming the field', async (field, max) => {
    const ok = await click({ [field]: 'b'.repeat(max) });
    expect(ok.status, ok.text).toBe(200);
    const bad = await click({ [field]: over(max) });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_request' });
    expect(bad.json.error.message).toMatch(new RegExp(`^${field}:`));
  });

  it('the user-agent header is limited to 1,024 characters', async () => {
    expect((await click({}, { 'user-agent': 'U'.repeat(1024) })).status).toBe(200);
    const bad = await click({}, { 'user-agent': over(1024) });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^user-agent:/);
  });

  it.each([
    ['orderId', 255],
    ['productId', 255],
    ['coupon', 64],
    ['customerId', 255],
    ['data1', 255],
    ['data5', 255],
  ])('/t/sale %s over %i characters is 400, and nothing is recorded', async (field, max) => {
    const orderId = uniq('o');
    const bad = await post('/t/sale', { account: 'demo', orderId, total: '10.00', [field]: over(max) });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(new RegExp(`^${field}:`));
    if (field !== 'orderId') {
      const again = await post('/t/sale', { orderId, total: '10.00', affiliate: 'demo-aff' }, s2s);
      expect(again.json.status, 'the refused sale left no conversion').toBe('attributed');
    }
  });

  it('server-to-server userAgent over 1,024 characters is 400', async () => {
    const res = await post('/t/sale', { orderId: uniq('o'), total: '1.00', userAgent: over(1024) }, { authorization: `Bearer ${API_KEY}` });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/^userAgent:/);
  });
});
