// The Post Affiliate Pro drop-in script (/scripts/trackjs.js): its committed build matches the
// source and stays small, and PostAffTracker behaves as PAP's snippets expect (run in a stubbed
// browser; e2e/first-party-pap.spec.ts covers a real one).
import fs from 'node:fs';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PAP_TRACKING_SCRIPT } from '@/server/tracking/script/trackjs.min';
// @ts-expect-error — a plain .mjs build script
import { PAP_SOURCE, minifyTrackingScript } from '../scripts/build-tracking-script.mjs';

const VID = 'a'.repeat(32);

function load(url: string, src = 'https://tracker.example/scripts/trackjs.js', reply: (path: string, body: Record<string, unknown>) => unknown = () => ({})) {
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  const cookies: string[] = [];
  const storage = new Map<string, string>();
  const elements: Record<string, { value?: string; href?: string }> = { field: {}, link: { href: 'https://pay.example/checkout?x=1' } };
  const window: Record<string, unknown> = {};
  const document = {
    currentScript: { src },
    referrer: '',
    querySelector: () => null,
    getElementById: (id: string) => elements[id],
    get cookie() {
      return cookies.join('; ');
    },
    set cookie(line: string) {
      cookies.push(line.split(';')[0]!);
    },
  };
  const fetch = async (u: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    calls.push({ url: u, body });
    return { ok: true, status: 200, json: async () => reply(u, body) };
  };
  const localStorage = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) };
  vm.runInContext(PAP_TRACKING_SCRIPT, vm.createContext({ window, document, localStorage, location: new URL(url), URL, URLSearchParams, fetch, Promise, JSON, Date }));
  return { calls, cookies, elements, tracker: window.PostAffTracker as Record<string, (...a: unknown[]) => unknown> };
}

describe('the committed build', () => {
  it('is a fresh minification of trackjs.src.js, at most 2,048 bytes gzipped', async () => {
    expect(PAP_TRACKING_SCRIPT).toBe(await minifyTrackingScript(fs.readFileSync(PAP_SOURCE, 'utf8')));
    expect(gzipSync(PAP_TRACKING_SCRIPT, { level: 9 }).length).toBeLessThanOrEqual(2048);
  });
});

describe('PostAffTracker', () => {
  it('track() records the click of a PAP link (query or #a_aid=) at the tracker it was loaded from', async () => {
    const page = load('https://shop.example/p?a_aid=aff1&a_bid=bnr_1&chan=mail#data1=s1', 'https://shop.example/_aff/scripts/trackjs.js', () => ({ visitorId: VID, cookieDays: 7 }));
    page.tracker.setAccountId!('demo');
    await page.tracker.track!();
    expect(page.calls[0]).toMatchObject({ url: 'https://shop.example/_aff/t/click', body: { account: 'demo', a_aid: 'aff1', a_bid: 'bnr_1', chan: 'mail', data1: 's1' } });
    expect(page.cookies).toEqual([`_aff_vid=${VID}`]);
    expect(page.tracker.getVisitorId!()).toBe(VID);
    const hash = load('https://shop.example/#a_aid=aff2&a_cid=cmp_9');
    await hash.tracker.track!();
    expect(hash.calls[0]!.body).toMatchObject({ account: 'default1', a_aid: 'aff2', a_cid: 'cmp_9' });
    const none = load('https://shop.example/');
    await none.tracker.track!();
    expect(none.calls).toEqual([]);
  });

  it('createSale()/createAction() with every setter, then register(), report to /t/sale under the tracker’s names', async () => {
    const page = load('https://shop.example/thanks');
    const sale = page.tracker.createSale!() as Record<string, (v: unknown) => void>;
    const setters = ['setTotalCost', 'setFixedCost', 'setOrderID', 'setProductID', 'setAffiliateID', 'setCampaignID', 'setBannerID', 'setChannelID', 'setCoupon', 'setCurrency', 'setStatus', 'setData1', 'setData2', 'setData3', 'setData4', 'setData5'];
    for (const s of setters) expect(typeof sale[s], s).toBe('function');
    sale.setTotalCost!(120.5);
    sale.setOrderID!('ORD-1');
    sale.setCoupon!('SPRING');
    sale.setData5!('five');
    const lead = page.tracker.createAction!('signup') as Record<string, (v: unknown) => void>;
    lead.setOrderID!('user-1');
    await page.tracker.register!();
    expect(page.calls.map((c) => [c.url, c.body])).toEqual([
      ['https://tracker.example/t/sale', { account: 'default1', total: '120.5', orderId: 'ORD-1', coupon: 'SPRING', data5: 'five' }],
      ['https://tracker.example/t/sale', { account: 'default1', actionCode: 'signup', orderId: 'user-1' }],
    ]);
    // Sent once: a second register() has nothing left to send.
    await page.tracker.register!();
    expect(page.calls).toHaveLength(2);
  });

  it('setAffiliateID/setStatus/setFixedCost are passed on as the server-only fields, for the tracker to refuse', async () => {
    const page = load('https://shop.example/thanks');
    const sale = page.tracker.createSale!() as Record<string, (v: unknown) => void>;
    sale.setAffiliateID!('aff1');
    sale.setStatus!('A');
    sale.setFixedCost!('5');
    await page.tracker.register!();
    expect(page.calls[0]!.body).toMatchObject({ affiliate: 'aff1', status: 'A', commission: '5' });
  });

  it('writeCookieToCustomField and writeCookieToLink write a hand-off token, never the visitor id', async () => {
    const page = load('https://shop.example/p?a_aid=aff1', undefined, (u) => (u.endsWith('/t/handoff') ? { handoff: 'ah1_token' } : { visitorId: VID, cookieDays: 1 }));
    await page.tracker.track!();
    await page.tracker.writeCookieToCustomField!('field');
    await page.tracker.writeCookieToLink!('link', 'pap_vid');
    expect(page.elements.field!.value).toBe('ah1_token');
    expect(page.elements.link!.href).toBe('https://pay.example/checkout?x=1&pap_vid=ah1_token');
    expect(page.calls.filter((c) => c.url.endsWith('/t/handoff')).map((c) => c.body)).toEqual([
      { account: 'default1', vid: VID },
      { account: 'default1', vid: VID },
    ]);
  });
});
