// /t/click over real HTTP against the built app (TRACKING-API.md §0, §2).
import { describe, expect, it } from 'vitest';
import { post, request, uniq, type Res } from './helpers/http';
import { click, expectError, getQuery, HEX32, sale, STACK } from './helpers/tracking';

const form = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  request('/t/click', {
    method: 'POST',
    body: new URLSearchParams(body).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });

const HANDOFF = /^ah1_[A-Za-z0-9_-]{75}$/;

function expectClickOk(res: Res, affiliate = 'demo-aff') {
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
  expect(res.json).toEqual({ visitorId: expect.stringMatching(HEX32), affiliate, campaign: 'cmp_demo', cookieDays: 30 });
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toContain(`_aff_vid=${res.json.visitorId}`);
  expect(cookie).toMatch(/Max-Age=2592000(;|$)/i);
  expect(cookie).toMatch(/;\s*HttpOnly/i);
  return res.json.visitorId as string;
}

describe('/t/click — the three ways in', () => {
  it('POST JSON records a click: visitor id, affiliate, campaign, cookie days and the _aff_vid cookie', async () => {
    expectClickOk(await post('/t/click', { account: 'demo', aff: 'demo-aff' }));
  });

  it('POST form-encoded works the same', async () => {
    expectClickOk(await form({ account: 'demo', aff: 'demo-aff', channel: 'newsletter', data1: 'x' }));
  });

  it('GET with a query works the same (no `to`: JSON, no redirect)', async () => {
    const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', data2: 'y' });
    expectClickOk(res);
    expect(res.headers.get('location')).toBeNull();
  });

  it('each new click without vid gets a fresh visitor id', async () => {
    const a = await click();
    const b = await click();
    expect(a).not.toBe(b);
  });

  it('the click is durable before the answer: a sale right after it is attributed to it', async () => {
    const vid = await click({ aff: 'demo-sub' });
    const s = await sale({ orderId: uniq('o'), total: '10.00', visitorId: vid });
    expect(s.status, s.text).toBe(200);
    expect(s.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
  });
});

describe('/t/click — Post Affiliate Pro aliases', () => {
  it('a_aid, a_cid, a_bid, chan are accepted on GET', async () => {
    const res = await getQuery('/t/click', { account: 'demo', a_aid: 'demo-aff', a_cid: 'cmp_demo', a_bid: 'bnr_whatever', chan: 'fb' });
    expectClickOk(res);
  });

  it('a_aid, a_cid, a_bid, chan are accepted on POST JSON and form', async () => {
    expectClickOk(await post('/t/click', { account: 'demo', a_aid: 'demo-aff', a_cid: 'cmp_demo', a_bid: 'bnr_x', chan: 'mail' }));
    expectClickOk(await form({ account: 'demo', a_aid: 'demo-aff', a_cid: 'cmp_demo', chan: 'mail' }));
  });

  it('a_aid names the affiliate (demo-sub through the alias is demo-sub)', async () => {
    expectClickOk(await getQuery('/t/click', { account: 'demo', a_aid: 'demo-sub' }), 'demo-sub');
  });

  it('a_aid of an unknown affiliate is unknown_affiliate (the alias is read, not ignored)', async () => {
    expectError(await getQuery('/t/click', { account: 'demo', a_aid: uniq('nobody') }), 404, 'unknown_affiliate');
  });

  it('chan is the channel: 65 characters through the alias is invalid_request naming channel', async () => {
    expectError(await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', chan: 'c'.repeat(65) }), 400, 'invalid_request', 'channel');
  });
});

describe('/t/click — vid', () => {
  it('a vid the tracker issued for this account is reused (same id back, same cookie)', async () => {
    const vid = await click();
    const res = await post('/t/click', { account: 'demo', aff: 'demo-sub', vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.visitorId).toBe(vid);
    expect(res.json.affiliate).toBe('demo-sub');
    expect(res.headers.get('set-cookie') ?? '').toContain(`_aff_vid=${vid}`);
  });

  it('vid reuse works on GET too', async () => {
    const vid = await click();
    const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.visitorId).toBe(vid);
  });

  it('a malformed vid is replaced by a fresh one', async () => {
    for (const vid of ['not-a-visitor', 'ABCDEF0123456789ABCDEF0123456789', '0'.repeat(31), '<script>alert(1)</script>']) {
      const res = await post('/t/click', { account: 'demo', aff: 'demo-aff', vid });
      expect(res.status, res.text).toBe(200);
      expect(res.json.visitorId).toMatch(HEX32);
      expect(res.json.visitorId).not.toBe(vid);
      expect(res.headers.get('set-cookie') ?? '').toContain(`_aff_vid=${res.json.visitorId}`);
    }
  });

  it('a well-formed vid the tracker never issued (foreign) is replaced', async () => {
    const foreign = 'f'.repeat(16) + '0123456789abcdef';
    const res = await post('/t/click', { account: 'demo', aff: 'demo-aff', vid: foreign });
    expect(res.status, res.text).toBe(200);
    expect(res.json.visitorId).toMatch(HEX32);
    expect(res.json.visitorId).not.toBe(foreign);
  });
});

describe('/t/click — errors', () => {
  it('unknown account → 404 unknown_account', async () => {
    expectError(await post('/t/click', { account: uniq('nope'), aff: 'demo-aff' }), 404, 'unknown_account');
    expectError(await getQuery('/t/click', { account: uniq('nope'), aff: 'demo-aff' }), 404, 'unknown_account');
  });

  it('unknown affiliate → 404 unknown_affiliate, and no cookie', async () => {
    const res = await post('/t/click', { account: 'demo', aff: uniq('nobody') });
    expectError(res, 404, 'unknown_affiliate');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('missing aff → 400 invalid_request naming aff', async () => {
    expectError(await post('/t/click', { account: 'demo' }), 400, 'invalid_request', 'aff');
    expectError(await getQuery('/t/click', { account: 'demo' }), 400, 'invalid_request', 'aff');
  });

  it('missing account → 400 invalid_request naming account', async () => {
    expectError(await post('/t/click', { aff: 'demo-aff' }), 400, 'invalid_request', 'account');
    expectError(await form({ aff: 'demo-aff' }), 400, 'invalid_request', 'account');
  });

  it('channel of 65 characters → 400 naming channel; 64 is fine', async () => {
    expectError(await post('/t/click', { account: 'demo', aff: 'demo-aff', channel: 'c'.repeat(65) }), 400, 'invalid_request', 'channel');
    expectClickOk(await post('/t/click', { account: 'demo', aff: 'demo-aff', channel: 'c'.repeat(64) }));
  });

  it('data1…data5 of 256 characters → 400 naming the field; 255 is fine', async () => {
    for (const f of ['data1', 'data2', 'data3', 'data4', 'data5']) {
      expectError(await post('/t/click', { account: 'demo', aff: 'demo-aff', [f]: 'd'.repeat(256) }), 400, 'invalid_request', f);
    }
    expectClickOk(await post('/t/click', { account: 'demo', aff: 'demo-aff', data1: 'd'.repeat(255), data5: 'e'.repeat(255) }));
  });

  it('url / referrer of 2,049 characters → 400 naming the field; 2,048 is fine', async () => {
    const long = 'https://x.example/' + 'u'.repeat(2049 - 18);
    expect(long).toHaveLength(2049);
    expectError(await post('/t/click', { account: 'demo', aff: 'demo-aff', url: long }), 400, 'invalid_request', 'url');
    expectError(await post('/t/click', { account: 'demo', aff: 'demo-aff', referrer: long }), 400, 'invalid_request', 'referrer');
    expectClickOk(await post('/t/click', { account: 'demo', aff: 'demo-aff', url: long.slice(1), referrer: long.slice(1) }));
  });

  it('a body that is not JSON → 400 invalid_request', async () => {
    const res = await request('/t/click', { method: 'POST', body: '{"account": "demo", aff', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_request');
  });

  it('a JSON array body → 400 invalid_request', async () => {
    expectError(await post('/t/click', [{ account: 'demo', aff: 'demo-aff' }]), 400, 'invalid_request');
  });

  it('a JSON scalar body → 400 invalid_request', async () => {
    expectError(await post('/t/click', 'demo'), 400, 'invalid_request');
    expectError(await post('/t/click', null), 400, 'invalid_request');
  });

  it('a wrong type for a field → 400 invalid_request naming it, not a 500', async () => {
    expectError(await post('/t/click', { account: 'demo', aff: { $ne: 1 } }), 400, 'invalid_request', 'aff');
    expectError(await post('/t/click', { account: ['demo'], aff: 'demo-aff' }), 400, 'invalid_request', 'account');
  });

  it('no error response carries a stack trace', async () => {
    const bad = [
      await post('/t/click', { account: 'demo', aff: 12 }),
      await post('/t/click', { account: 'demo', aff: 'demo-aff', data1: { nested: true } }),
      await request('/t/click', { method: 'POST', body: '\u0000\u0001', headers: { 'content-type': 'application/json' } }),
      await request('/t/click', { method: 'POST', body: '%%%=&&', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    ];
    for (const r of bad) {
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expect(r.status, r.text).toBeLessThan(500);
      expect(r.json?.error?.code, r.text).toEqual(expect.any(String));
      expect(r.text).not.toMatch(STACK);
    }
  });
});

describe('/t/click — free text', () => {
  it('HTML and script in channel, data1…5, url, referrer are accepted (200)', async () => {
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>'"; DROP TABLE clicks; --`;
    expectClickOk(
      await post('/t/click', {
        account: 'demo',
        aff: 'demo-aff',
        channel: '<b>ch</b>',
        data1: evil,
        data2: evil,
        data3: '∑ unicode ✓ 🎉',
        data4: evil,
        data5: evil,
        url: 'javascript:alert(1)',
        referrer: 'not a url at all <svg onload=alert(1)>',
      }),
    );
    expectClickOk(await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', data1: evil, url: '"><script>1</script>' }));
  });

  it('a hostile user-agent is accepted', async () => {
    expectClickOk(await post('/t/click', { account: 'demo', aff: 'demo-aff' }, { 'user-agent': '<script>alert(1)</script> ' + uniq('ua') }));
  });
});

describe('/t/click — CORS', () => {
  it('echoes the Origin and allows credentials on success', async () => {
    const res = await post('/t/click', { account: 'demo', aff: 'demo-aff' }, { origin: 'https://shop.example' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('echoes any origin, also on an error response', async () => {
    const res = await post('/t/click', { account: 'demo', aff: uniq('nobody') }, { origin: 'https://other-shop.example:8443' });
    expectError(res, 404, 'unknown_affiliate');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://other-shop.example:8443');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('answers a preflight with 2xx, the origin, credentials and the allowed methods', async () => {
    const res = await request('/t/click', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods') ?? '').toMatch(/POST/);
    expect(res.headers.get('access-control-allow-headers') ?? '').toMatch(/content-type/i);
  });
});

describe('/t/click — redirect mode', () => {
  it('302 to the target with aff_vid added, the query kept, and the cookie set', async () => {
    const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', to: 'http://localhost:4000/page?x=1' });
    expect(res.status, res.text).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.origin).toBe('http://localhost:4000');
    expect(loc.pathname).toBe('/page');
    expect(loc.searchParams.get('x')).toBe('1');
    // A hand-off token, never the visitor id itself (that only goes in the cookie).
    const token = loc.searchParams.get('aff_vid')!;
    expect(token).toMatch(HANDOFF);
    const vid = /_aff_vid=([0-9a-f]{32})/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    expect(vid).toMatch(HEX32);
    expect(res.headers.get('location')).not.toContain(vid);
    // The click behind the redirect is real: a sale with that visitor id, or with the token, is attributed.
    const s = await sale({ orderId: uniq('o'), total: '10.00', visitorId: vid });
    expect(s.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
    const byToken = await sale({ orderId: uniq('o'), total: '10.00', visitorId: token });
    expect(byToken.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  });

  it('the unencoded form of the link works too (to=http://localhost:4000/page?x=1)', async () => {
    const res = await request('/t/click?account=demo&aff=demo-aff&to=http://localhost:4000/page?x=1');
    expect(res.status, res.text).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.host).toBe('localhost:4000');
    expect(loc.searchParams.get('x')).toBe('1');
    expect(loc.searchParams.get('aff_vid')).toMatch(HANDOFF);
  });

  it('aliases work in redirect mode', async () => {
    const res = await getQuery('/t/click', { account: 'demo', a_aid: 'demo-aff', chan: 'yt', to: 'http://localhost/' });
    expect(res.status, res.text).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('aff_vid')).toMatch(HANDOFF);
  });

  it.each(['http://127.0.0.1/p', 'https://localhost/', 'http://localhost:3000/a/b?c=d#frag', 'https://127.0.0.1:8443/x', 'HTTP://LocalHost/upper'])(
    'allowed domain, any port: %s → 302',
    async (to) => {
      const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', to });
      expect(res.status, res.text).toBe(302);
      const loc = new URL(res.headers.get('location')!);
      expect(['localhost', '127.0.0.1']).toContain(loc.hostname);
      expect(loc.searchParams.get('aff_vid')).toMatch(HANDOFF);
    },
  );

  it('a vid held already is reused in redirect mode, and the Location still does not carry it', async () => {
    const vid = await click();
    const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', vid, to: 'http://localhost/p' });
    expect(res.status, res.text).toBe(302);
    expect(res.headers.get('set-cookie') ?? '').toContain(`_aff_vid=${vid}`);
    const token = new URL(res.headers.get('location')!).searchParams.get('aff_vid')!;
    expect(token).toMatch(HANDOFF);
    expect(res.headers.get('location')).not.toContain(vid);
    // The landing page trades the token in and gets the visitor back.
    const adopted = await post('/t/click', { account: 'demo', handoff: token });
    expect(adopted.json.visitorId).toBe(vid);
  });

  it.each([
    '//evil.com',
    'https://evil.com/',
    'https://localhost.evil.com/',
    'https://evil.com\\@localhost/',
    'http://localhost@evil.com/',
    'https://user:pass@localhost/',
    'javascript:alert(1)',
    '/relative/path',
    'http:\\\\evil.com',
    'ftp://localhost/',
    'data:text/html,x',
    'https://evil.com/?x=http://localhost/',
    'https://evil.com#@localhost',
    'http://localhost\t.evil.com/',
    'https:evil.com',
    'http://evil.com:80@localhost:80@evil.com/',
    'http://127.0.0.1.evil.com/',
    'http://evillocalhost/',
  ])('refuses the target %j: 400 invalid_redirect, no Location, no cookie', async (to) => {
    const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', to });
    expectError(res, 400, 'invalid_redirect');
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('an empty target is not an open redirect either', async () => {
    const res = await getQuery('/t/click', { account: 'demo', aff: 'demo-aff', to: '' });
    expect(res.status).not.toBe(302);
    expect(res.headers.get('location')).toBeNull();
  });

  it('an unknown affiliate in redirect mode is 404 unknown_affiliate with no Location', async () => {
    const res = await getQuery('/t/click', { account: 'demo', aff: uniq('nobody'), to: 'http://localhost/' });
    expectError(res, 404, 'unknown_affiliate');
    expect(res.headers.get('location')).toBeNull();
  });
});

/** Not a server error: either accepted (200) or refused as the caller's fault with the contract's shape. */
function expectAcceptedOrInvalid(res: Res, field: string) {
  expect(res.status, `${field}: ${res.status} ${res.text}`).toBeLessThan(500);
  if (res.status !== 200) expectError(res, 400, 'invalid_request', field);
}

describe('/t/click — robustness', () => {
  it.each(['channel', 'data1', 'url', 'referrer'])('a NUL character in free text %s is not a server error', async (field) => {
    expectAcceptedOrInvalid(await post('/t/click', { account: 'demo', aff: 'demo-aff', [field]: 'a\u0000b' }), field);
  });

  it('a NUL character in aff or account is a 4xx in the error shape, not a server error', async () => {
    for (const body of [
      { account: 'demo', aff: 'demo\u0000aff' },
      { account: 'de\u0000mo', aff: 'demo-aff' },
    ]) {
      const res = await post('/t/click', body);
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
      expect(res.json?.error?.code, res.text).toMatch(/^(invalid_request|unknown_account|unknown_affiliate)$/);
    }
  });

  it('one bad click does not fail the good clicks committed alongside it', async () => {
    // Concurrent clicks may be written together; a hostile one among them must not fail the others.
    // (Timing decides which clicks share a write, so this can pass by luck, never fail by luck.)
    for (let round = 0; round < 3; round++) {
      const all = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          post('/t/click', { account: 'demo', aff: 'demo-aff', ...(i % 6 === 3 ? { channel: 'x\u0000' } : {}) }).then((r) => ({ i, r })),
        ),
      );
      const good = all.filter(({ i }) => i % 6 !== 3);
      const failed = good.filter(({ r }) => r.status !== 200).map(({ r }) => `${r.status} ${r.text}`);
      expect(failed, `${failed.length} of ${good.length} good clicks failed`).toEqual([]);
    }
  });

  it('an oversized body is a 4xx in the error shape', async () => {
    const res = await post('/t/click', { account: 'demo', aff: 'demo-aff', data1: 'y'.repeat(100_000) });
    expect([400, 413]).toContain(res.status);
    expect(res.json?.error?.code, res.text).toEqual(expect.any(String));
    expect(res.text).not.toMatch(STACK);
  });

  it('an unsupported method is an error in the contract shape (JSON {error})', async () => {
    const res = await request('/t/click', { method: 'PUT', json: { account: 'demo', aff: 'demo-aff' } });
    expect(res.status).toBe(405);
    expect(res.json, `body: ${JSON.stringify(res.text)}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});
