// The served tracking script: its committed build matches the source, it stays within the
// contract's 2 KB gzipped, and it behaves (run in a stubbed browser; e2e/tracking-script.spec.ts
// covers a real one).
import fs from 'node:fs';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRACKING_SCRIPT } from '@/server/tracking/script/t.min';
// @ts-expect-error — a plain .mjs build script
import { SOURCE, minifyTrackingScript } from '../scripts/build-tracking-script.mjs';

describe('the committed build', () => {
  it('is a fresh minification of t.src.js (run `node scripts/build-tracking-script.mjs`)', async () => {
    expect(TRACKING_SCRIPT).toBe(await minifyTrackingScript(fs.readFileSync(SOURCE, 'utf8')));
  });

  it('is at most 2,048 bytes gzipped', () => {
    expect(gzipSync(TRACKING_SCRIPT, { level: 9 }).length).toBeLessThanOrEqual(2048);
  });

  it('parses as a classic script', () => {
    expect(() => new vm.Script(TRACKING_SCRIPT)).not.toThrow();
  });
});

const VID_A = 'a'.repeat(32);
const VID_B = 'b'.repeat(32);
const TRACKER = 'https://tracker.example';

type Reply = { status: number; body?: unknown } | 'network_error' | 'no_answer';

interface Call {
  url: string;
  init: RequestInit;
  body: Record<string, unknown>;
}

/** Runs the built script once in a stubbed page; `reply` answers each fetch the script makes. */
function load(opts: {
  url: string;
  cookie?: string;
  storage?: Map<string, string>;
  affq?: unknown[];
  reply?: (call: Call) => Reply;
  script?: { src: string; account: string } | null;
  noFetch?: boolean;
}) {
  const calls: Call[] = [];
  const cookieWrites: string[] = [];
  const jar = new Map<string, string>();
  for (const pair of (opts.cookie ?? '').split(/;\s*/).filter(Boolean)) {
    const [k, v] = pair.split('=');
    jar.set(k!, v!);
  }
  const storage = opts.storage ?? new Map<string, string>();
  const script = opts.script === undefined ? { src: `${TRACKER}/t.js`, account: 'demo' } : opts.script;
  const tag = script && { src: script.src, getAttribute: (n: string) => (n === 'data-account' ? script.account : null) };
  const window: Record<string, unknown> = { affq: opts.affq };
  const document = {
    currentScript: tag,
    referrer: '',
    querySelector: (sel: string) => (sel === 'script[data-account]' ? tag : null),
    querySelectorAll: () => [],
    createElement: (tag: string) => ({ tagName: tag.toUpperCase() }),
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line: string) {
      cookieWrites.push(line);
      const [pair] = line.split(';');
      const [k, v] = pair!.split('=');
      jar.set(k!, v!);
    },
  };
  const localStorage = {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, String(v)),
    removeItem: (k: string) => void storage.delete(k),
  };
  const fetch = async (url: string, init: RequestInit) => {
    const call = { url, init, body: JSON.parse(String(init.body)) };
    calls.push(call);
    const r = opts.reply?.(call) ?? { status: 200, body: {} };
    if (r === 'network_error') throw new TypeError('Failed to fetch');
    // The visitor left the page before the answer came: nothing after this runs.
    if (r === 'no_answer') return new Promise<never>(() => {});
    return { status: r.status, ok: r.status < 300, json: async () => r.body };
  };
  const context = vm.createContext({
    window,
    document,
    localStorage,
    location: new URL(opts.url),
    URL,
    URLSearchParams,
    ...(opts.noFetch ? {} : { fetch }),
  });
  new vm.Script(TRACKING_SCRIPT).runInContext(context);
  const aff = window.aff as {
    visitorId(): string | null;
    sale(o: object): Promise<unknown>;
    action(code: string, o: object): Promise<unknown>;
  };
  return { calls, cookieWrites, storage, window, aff, cookie: () => document.cookie };
}

/** Lets the stubbed fetches and their promise chains settle. */
const settle = () => new Promise((r) => setTimeout(r, 10));
const queued = (storage: Map<string, string>) => JSON.parse(storage.get('_aff_q') ?? '[]') as [string, Record<string, unknown>][];

describe('clicks', () => {
  it('reads the parameters and their Post Affiliate Pro aliases, and keeps the visitor ID', async () => {
    const page = load({
      url: 'https://shop.example/p?a_aid=demo-aff&a_cid=cmp_1&chan=news&data2=x&data3=',
      reply: () => ({ status: 200, body: { visitorId: VID_A, cookieDays: 7 } }),
    });
    await settle();
    expect(page.calls).toHaveLength(1);
    const [call] = page.calls;
    expect(call!.url).toBe(`${TRACKER}/t/click`);
    expect(call!.init).toMatchObject({ method: 'POST', credentials: 'include', keepalive: true });
    // Empty fields (data3, the referrer) and the absent visitor ID are left out.
    expect(call!.body).toEqual({
      account: 'demo',
      aff: 'demo-aff',
      campaign: 'cmp_1',
      channel: 'news',
      data2: 'x',
      url: 'https://shop.example/p?a_aid=demo-aff&a_cid=cmp_1&chan=news&data2=x&data3=',
    });
    expect(page.cookieWrites).toEqual([`_aff_vid=${VID_A}; Max-Age=604800; Path=/; SameSite=Lax; Secure`]);
    expect(JSON.parse(page.storage.get('_aff_vid')!).id).toBe(VID_A);
    expect(page.aff.visitorId()).toBe(VID_A);
  });

  it('loaded through the shop’s own proxy, calls that path and writes no cookie of its own when the tracker set one', async () => {
    const page = load({
      url: 'https://shop.example/p?aff=demo-aff',
      script: { src: 'https://shop.example/_aff/t.js?v=2', account: 'demo' },
      reply: () => ({ status: 200, body: { visitorId: VID_A, cookieDays: 30, firstParty: true } }),
    });
    await settle();
    expect(page.calls.map((c) => c.url)).toEqual(['https://shop.example/_aff/t/click']);
    expect(page.cookieWrites).toEqual([]);
    expect(JSON.parse(page.storage.get('_aff_vid')!)).toMatchObject({ id: VID_A, fp: true });
    // The ID is still known to the page (from the click's answer), for sales and decorate().
    expect(page.aff.visitorId()).toBe(VID_A);
    await page.aff.sale({ orderId: 'o-1', total: '5' });
    expect(page.calls[1]!.url).toBe('https://shop.example/_aff/t/sale');
    expect(page.calls[1]!.body).toMatchObject({ visitorId: VID_A });
    // On the next page view the missing (HttpOnly, invisible) cookie is not "restored" by script.
    const next = load({ url: 'https://shop.example/q', script: { src: 'https://shop.example/_aff/t.js', account: 'demo' }, storage: page.storage });
    await settle();
    expect(next.cookieWrites).toEqual([]);
  });

  it('a firstParty answer from a tracker on another origin does not stop the script’s own cookie', async () => {
    const page = load({
      url: 'https://shop.example/p?aff=demo-aff',
      reply: () => ({ status: 200, body: { visitorId: VID_A, cookieDays: 1, firstParty: true } }),
    });
    await settle();
    expect(page.cookieWrites).toHaveLength(1);
  });

  it('sends no click without an affiliate parameter, and no Secure flag on http', async () => {
    const storage = new Map([['_aff_vid', JSON.stringify({ id: VID_A, expires: Date.now() + 86_400_000 })]]);
    const page = load({ url: 'http://shop.example/?campaign=cmp_1', storage });
    await settle();
    expect(page.calls).toHaveLength(0);
    // The cookie was gone but localStorage remembered: restored for the time that was left.
    expect(page.cookieWrites).toHaveLength(1);
    expect(page.cookieWrites[0]).toMatch(new RegExp(`^_aff_vid=${VID_A}; Max-Age=(86400|86399); Path=/; SameSite=Lax$`));
  });

  it('passes the visitor ID it holds, so the tracker reuses it', async () => {
    const page = load({ url: 'https://shop.example/?aff=demo-aff', cookie: `_aff_vid=${VID_A}` });
    await settle();
    expect(page.calls[0]!.body.vid).toBe(VID_A);
  });

  const TOKEN = 'ah1_' + 'x'.repeat(75);

  it('trades an ?aff_vid= hand-off token in without recording a click: a browser without a visitor adopts the tracker’s answer', async () => {
    const page = load({
      url: `https://shop.example/?aff_vid=${TOKEN}&aff=demo-aff`,
      reply: () => ({ status: 200, body: { visitorId: VID_B, cookieDays: 30 } }),
    });
    await settle();
    expect(page.calls.map((c) => [c.url, c.body])).toEqual([[`${TRACKER}/t/click`, { account: 'demo', handoff: TOKEN }]]);
    expect(page.aff.visitorId()).toBe(VID_B);
    expect(page.cookieWrites[0]).toMatch(new RegExp(`^_aff_vid=${VID_B}; Max-Age=2592000;`));
  });

  it('a browser that holds a visitor ID sends it with the token and keeps it', async () => {
    const page = load({
      url: `https://shop.example/?aff_vid=${TOKEN}`,
      cookie: `_aff_vid=${VID_A}`,
      // The tracker credits the token's click to the held visitor and answers with it.
      reply: (c) => ({ status: 200, body: { visitorId: c.body.vid, cookieDays: 30 } }),
    });
    await settle();
    expect(page.calls.map((c) => c.body)).toEqual([{ account: 'demo', handoff: TOKEN, vid: VID_A }]);
    expect(page.aff.visitorId()).toBe(VID_A);
  });

  it('a raw visitor ID in ?aff_vid= never replaces the stored visitor, nor is adopted by a browser without one', async () => {
    const held = load({ url: `https://shop.example/?aff_vid=${VID_B}`, cookie: `_aff_vid=${VID_A}` });
    await settle();
    expect(held.calls).toHaveLength(0);
    expect(held.aff.visitorId()).toBe(VID_A);
    expect(held.cookieWrites).toEqual([]);
    const fresh = load({ url: `https://shop.example/?aff_vid=${VID_B}` });
    await settle();
    expect(fresh.calls).toHaveLength(0);
    expect(fresh.aff.visitorId()).toBeNull();
  });

  it('a refused token (expired, forged) leaves the held visitor alone and is not kept for later', async () => {
    const storage = new Map<string, string>();
    const page = load({
      url: `https://shop.example/?aff_vid=${TOKEN}`,
      cookie: `_aff_vid=${VID_A}`,
      storage,
      reply: () => ({ status: 400, body: { error: { code: 'invalid_request', message: 'handoff: the token has expired.' } } }),
    });
    await settle();
    expect(page.aff.visitorId()).toBe(VID_A);
    expect(page.cookieWrites).toEqual([]);
    expect(queued(storage)).toEqual([]);
  });

  it('ignores an aff_vid that is not a hand-off token', async () => {
    const page = load({ url: 'https://shop.example/?aff_vid=<script>&aff=demo-aff' });
    await settle();
    expect(page.calls).toHaveLength(1);
    expect(page.calls[0]!.body.aff).toBe('demo-aff');
    expect(page.aff.visitorId()).toBeNull();
  });
});

describe('decorate()', () => {
  const TOKEN = 'ah1_' + 'y'.repeat(75);
  const element = (tagName: string, href?: string) => {
    const children: Record<string, unknown>[] = [];
    return {
      tagName,
      href,
      nodeType: 1,
      children,
      querySelector: () => children[0] ?? null,
      appendChild: (c: Record<string, unknown>) => void children.push(c),
    };
  };

  it('asks the tracker for a hand-off token and writes it, never the visitor ID, into links and forms', async () => {
    const page = load({
      url: 'https://shop.example/product',
      cookie: `_aff_vid=${VID_A}`,
      reply: (c) => (c.url.endsWith('/t/handoff') ? { status: 200, body: { handoff: TOKEN, expiresIn: 600 } } : { status: 200, body: {} }),
    });
    const link = element('A', 'https://buy.stripe.com/test_1?x=1');
    const form = element('FORM');
    const decorate = (page.window.aff as { decorate(t: unknown): Promise<void> }).decorate;
    await decorate(link);
    await decorate(form);
    expect(page.calls.map((c) => [c.url, c.body])).toEqual([
      [`${TRACKER}/t/handoff`, { account: 'demo', vid: VID_A }],
      [`${TRACKER}/t/handoff`, { account: 'demo', vid: VID_A }],
    ]);
    expect(link.href).toBe(`https://buy.stripe.com/test_1?x=1&aff_vid=${TOKEN}&client_reference_id=${TOKEN}`);
    expect(link.href).not.toContain(VID_A);
    expect(form.children).toEqual([expect.objectContaining({ type: 'hidden', name: 'aff_vid', value: TOKEN })]);
  });

  it('without a visitor, or when the tracker cannot make a token, leaves the page as it is and keeps nothing', async () => {
    const storage = new Map<string, string>();
    const none = load({ url: 'https://shop.example/product', storage });
    const link = element('A', 'https://buy.stripe.com/test_2');
    await (none.window.aff as { decorate(t: unknown): Promise<void> }).decorate(link);
    expect(none.calls).toHaveLength(0);
    const down = load({ url: 'https://shop.example/product', cookie: `_aff_vid=${VID_A}`, storage, reply: () => 'network_error' });
    await (down.window.aff as { decorate(t: unknown): Promise<void> }).decorate(link);
    expect(down.calls).toHaveLength(1);
    expect(link.href).toBe('https://buy.stripe.com/test_2');
    expect(queued(storage)).toEqual([]);
  });
});

describe('sales, actions and the queue', () => {
  it('drains window.affq after this page’s click, and runs later pushes at once', async () => {
    const results: unknown[] = [];
    const affq: unknown[] = [
      ['sale', { orderId: 'o-1', total: '49.90', currency: 'USD', coupon: null }, (r: unknown) => results.push(r)],
      (aff: { visitorId(): string | null }) => results.push(aff.visitorId()),
    ];
    const page = load({
      url: 'https://shop.example/thanks?aff=demo-aff',
      affq,
      reply: (c) =>
        c.url.endsWith('/t/click')
          ? { status: 200, body: { visitorId: VID_A, cookieDays: 30 } }
          : { status: 200, body: { status: 'attributed', method: 'cookie' } },
    });
    await settle();
    expect(page.calls.map((c) => c.url)).toEqual([`${TRACKER}/t/click`, `${TRACKER}/t/sale`]);
    // The sale waited for the click, so it carries the new visitor ID; the null coupon is dropped.
    expect(page.calls[1]!.body).toEqual({ account: 'demo', visitorId: VID_A, orderId: 'o-1', total: '49.90', currency: 'USD' });
    expect(results).toContainEqual({ status: 'attributed', method: 'cookie' });
    expect(Array.isArray(page.window.affq)).toBe(false);

    (page.window.affq as { push(...items: unknown[]): void }).push(['action', 'signup', { orderId: 'u@example.com' }]);
    await settle();
    expect(page.calls[2]!.body).toEqual({ account: 'demo', visitorId: VID_A, orderId: 'u@example.com', actionCode: 'signup' });
  });

  it('keeps what the tracker could not take (network error, 5xx, 429) and re-sends it on the next page view', async () => {
    const storage = new Map<string, string>();
    const first = load({ url: 'https://shop.example/?aff=demo-aff', storage, reply: () => 'network_error' });
    expect(await first.aff.sale({ orderId: 'o-2', total: 10 })).toMatchObject({ error: { code: 'network_error' } });
    await settle();
    expect(queued(storage).map(([path]) => path)).toEqual(['/t/click', '/t/sale']);

    const second = load({
      url: 'https://shop.example/product',
      storage,
      reply: (c) => (c.url.endsWith('/t/click') ? { status: 200, body: { visitorId: VID_A, cookieDays: 30 } } : { status: 503, body: {} }),
    });
    await settle();
    expect(second.calls.map((c) => c.body.aff ?? c.body.orderId)).toEqual(['demo-aff', 'o-2']);
    expect(second.aff.visitorId()).toBe(VID_A);
    // The click went through; the sale met a 503 and waits for the next page view.
    expect(queued(storage).map(([, body]) => body.orderId)).toEqual(['o-2']);

    const third = load({ url: 'https://shop.example/', storage, reply: () => ({ status: 429, body: {} }) });
    await settle();
    expect(third.calls).toHaveLength(1);
    expect(queued(storage)).toHaveLength(1);
  });

  it('keeps a sale from the moment it is sent, so a page left before the answer loses nothing; the answer clears it', async () => {
    const storage = new Map<string, string>();
    const left = load({ url: 'https://shop.example/thank-you', storage, reply: () => 'no_answer' });
    void left.aff.sale({ orderId: 'o-5', total: 10 });
    await settle();
    expect(left.calls).toHaveLength(1);
    expect(queued(storage)).toEqual([['/t/sale', { account: 'demo', orderId: 'o-5', total: 10 }]]);

    // The next page view sends it again; the tracker counts the order once and answers (duplicate or not): it is done.
    const next = load({ url: 'https://shop.example/', storage, reply: () => ({ status: 200, body: { status: 'duplicate' } }) });
    await settle();
    expect(next.calls.map((c) => c.body.orderId)).toEqual(['o-5']);
    expect(queued(storage)).toEqual([]);

    // An action without an order id could be counted twice: it is kept only once it has failed.
    const action = load({ url: 'https://shop.example/', storage, reply: () => 'no_answer' });
    void action.aff.action('signup', {});
    await settle();
    expect(action.calls).toHaveLength(1);
    expect(queued(storage)).toEqual([]);
  });

  it('drops an event the tracker refused (4xx other than 429)', async () => {
    const storage = new Map<string, string>();
    const page = load({
      url: 'https://shop.example/?aff=nobody',
      storage,
      reply: () => ({ status: 404, body: { error: { code: 'unknown_affiliate', message: 'No affiliate.' } } }),
    });
    expect(await page.aff.sale({ orderId: 'o-3', total: 1 })).toEqual({ error: { code: 'unknown_affiliate', message: 'No affiliate.' } });
    await settle();
    expect(queued(storage)).toEqual([]);
    expect(page.cookieWrites).toEqual([]);
  });

  it('keeps at most 20 events', async () => {
    const storage = new Map([['_aff_q', JSON.stringify(Array.from({ length: 20 }, (_, i) => ['/t/sale', { orderId: `q-${i}` }]))]]);
    load({ url: 'https://shop.example/?aff=demo-aff', storage, reply: () => ({ status: 500 }) });
    await settle();
    const q = queued(storage);
    expect(q).toHaveLength(20);
    expect(q.some(([path]) => path === '/t/click')).toBe(true);
  });
});

describe('the host page is safe', () => {
  it('does not throw without fetch, without its own tag, or with a corrupted queue', async () => {
    const storage = new Map([['_aff_q', '[1, null, "x", ["/t/sale"]]'], ['_aff_vid', '{not json']]);
    expect(() => load({ url: 'https://shop.example/?aff=demo-aff', storage, noFetch: true })).not.toThrow();
    expect(() => load({ url: 'https://shop.example/?aff=demo-aff', script: null })).not.toThrow();
    const page = load({ url: 'https://shop.example/', affq: [['nonsense'], null, ['sale']] });
    await settle();
    expect(page.aff.visitorId()).toBeNull();
  });

  it('resolves, never rejects, when a sale cannot be sent', async () => {
    const page = load({ url: 'https://shop.example/', noFetch: true });
    await expect(page.aff.sale({ orderId: 'o-4', total: 1 })).resolves.toMatchObject({ error: { code: 'network_error' } });
  });
});
