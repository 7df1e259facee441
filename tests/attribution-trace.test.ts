// The attribution trace (server/attribution/trace.ts): each method attribute() tried, in
// order, with the reason — in a merchant's words — it matched or not; and that asking
// for it reads nothing more than attribute() reads anyway.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import * as s from '@/db/schema';
import { attribute, type AttributionRequest, type AttributionStep } from '@/server/attribution';
import { newVisitorId } from '@/server/ids';
import { invalidateLookups } from '@/server/tracking/lookups';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let aff: s.Affiliate;
const DAY = 86_400_000;

async function affiliate(refId: string, status: s.AffiliateStatus) {
  const [row] = await t.db.insert(s.affiliates).values({ merchantId: 'demo', refId, name: refId, email: `${refId}@example.com`, status }).returning();
  return row!;
}

async function click(of: s.Affiliate, opts: { visitorId?: string; ageMs?: number; ip?: string; userAgent?: string } = {}) {
  const visitorId = opts.visitorId ?? newVisitorId();
  await t.db.insert(s.visitors).values({ id: visitorId, merchantId: 'demo' }).onConflictDoNothing();
  await t.db.insert(s.clicks).values({
    merchantId: 'demo',
    visitorId,
    affiliateId: of.id,
    campaignId: 'cmp_demo',
    ip: opts.ip ?? '203.0.113.1',
    userAgent: opts.userAgent ?? 'UA-default',
    createdAt: new Date(Date.now() - (opts.ageMs ?? 0)),
  });
  return visitorId;
}

async function traced(req: Omit<AttributionRequest, 'merchantId' | 'trace'>) {
  const trace: AttributionStep[] = [];
  const result = await attribute(t.db, { merchantId: 'demo', ...req, trace });
  const by = (m: string) => trace.find((x) => x.method === m);
  return { result, trace, by };
}

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  aff = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
});
beforeEach(() => invalidateLookups());
afterAll(async () => {
  await t?.close();
});

describe('nothing sent', () => {
  it('every method is tried in order and each says what was missing', async () => {
    const { result, trace } = await traced({});
    expect(result).toBeNull();
    expect(trace.map((x) => [x.method, x.result])).toEqual([
      ['explicit', 'no_match'],
      ['lifetime', 'no_match'],
      ['coupon', 'no_match'],
      ['cookie', 'no_match'],
      ['ip_ua', 'no_match'],
    ]);
    expect(trace.map((x) => x.reason)).toEqual([
      'No affiliate was named by the call (only a server call with the API key can name one).',
      'No customer id or email was sent, so there is no lifetime customer to look up.',
      'No coupon was sent.',
      'No visitor id was sent (no _aff_vid cookie and no visitorId field).',
      'No IP address and user-agent were sent (a server call passes the shopper’s as ip and userAgent).',
    ]);
  });
});

describe('cookie', () => {
  it('a match names the affiliate and the click’s age, and nothing after it is tried', async () => {
    const vid = await click(aff, { ageMs: 2 * DAY + 60_000 });
    const { result, trace, by } = await traced({ visitorId: vid, ip: '203.0.113.1', userAgent: 'UA-default' });
    expect(result).toMatchObject({ method: 'cookie', affiliate: { refId: 'demo-aff' } });
    expect(by('cookie')).toEqual({
      method: 'cookie',
      result: 'match',
      reason: `Visitor ${vid.slice(0, 4)}… clicked affiliate demo-aff’s link 2 days ago (last click wins, 30-day cookie lifetime).`,
    });
    expect(trace.map((x) => x.method)).toEqual(['explicit', 'lifetime', 'coupon', 'cookie']);
  });

  it('a visitor id that is not one the tracker makes', async () => {
    const { by } = await traced({ visitorId: 'not-a-visitor' });
    expect(by('cookie')?.reason).toBe('Visitor id “not-a-visitor” is not a visitor id this tracker makes (32 hexadecimal characters).');
  });

  it('a well-formed visitor id that never clicked: unknown', async () => {
    const vid = newVisitorId();
    const { by } = await traced({ visitorId: vid });
    expect(by('cookie')?.reason).toBe(`Visitor ${vid.slice(0, 4)}… is unknown: no click was ever recorded for this visitor id in this program.`);
  });

  it('clicks only outside the cookie lifetime: says how long ago the last one was', async () => {
    const vid = await click(aff, { ageMs: 45 * DAY });
    await click(aff, { visitorId: vid, ageMs: 41 * DAY + 3_600_000 });
    const { result, by } = await traced({ visitorId: vid });
    expect(result).toBeNull();
    expect(by('cookie')?.reason).toBe(`Visitor ${vid.slice(0, 4)}… has no click within the 30-day cookie lifetime (last click 41 days ago).`);
  });

  it('the clicked affiliate is suspended, or still pending', async () => {
    const suspended = await affiliate('gone-bad', 'suspended');
    const pending = await affiliate('newbie', 'pending');
    const vid = await click(suspended, { ageMs: DAY });
    await click(pending, { visitorId: vid });
    const { result, by } = await traced({ visitorId: vid });
    expect(result).toBeNull();
    expect(by('cookie')?.reason).toBe(
      `Visitor ${vid.slice(0, 4)}… clicked only the links of affiliate gone-bad, who is suspended, affiliate newbie, who is still pending approval: no active affiliate to credit.`,
    );
  });

  it('a click of a suspended affiliate does not hide an earlier click of an active one', async () => {
    const suspended = await affiliate('later-bad', 'suspended');
    const vid = await click(aff, { ageMs: 3 * DAY });
    await click(suspended, { visitorId: vid, ageMs: DAY });
    const { result } = await traced({ visitorId: vid });
    expect(result).toMatchObject({ method: 'cookie', affiliate: { refId: 'demo-aff' } });
  });

  it('a click outside its own campaign’s shorter cookie lifetime', async () => {
    await t.db.insert(s.campaigns).values({ id: 'cmp_short', merchantId: 'demo', name: 'Short cookie', cookieDays: 7 });
    const vid = newVisitorId();
    await t.db.insert(s.clicks).values({ merchantId: 'demo', visitorId: vid, affiliateId: aff.id, campaignId: 'cmp_short', createdAt: new Date(Date.now() - 12 * DAY) });
    const { result, by } = await traced({ visitorId: vid });
    expect(result).toBeNull();
    expect(by('cookie')?.reason).toBe(`Visitor ${vid.slice(0, 4)}… has no click within its campaign’s cookie lifetime (last click 12 days ago, “Short cookie” keeps a 7-day cookie).`);
  });
});

describe('coupon', () => {
  it('unknown, inactive, or belonging to an affiliate who is not approved', async () => {
    expect((await traced({ coupon: 'NOPE' })).by('coupon')?.reason).toBe('Coupon “NOPE” is not a coupon of this program.');

    await t.db.insert(s.coupons).values({ merchantId: 'demo', code: 'OLD5', affiliateId: aff.id, active: false });
    expect((await traced({ coupon: 'old5' })).by('coupon')?.reason).toBe('Coupon “old5” is turned off (inactive).');

    const declined = await affiliate('declined-one', 'declined');
    await t.db.insert(s.coupons).values({ merchantId: 'demo', code: 'DECL', affiliateId: declined.id });
    const r = await traced({ coupon: 'DECL' });
    expect(r.result).toBeNull();
    expect(r.by('coupon')?.reason).toBe('Coupon “DECL” belongs to affiliate declined-one, who is declined.');

    const ok = await traced({ coupon: 'demo10' });
    expect(ok.result).toMatchObject({ method: 'coupon' });
    expect(ok.by('coupon')).toEqual({ method: 'coupon', result: 'match', reason: 'Coupon “demo10” belongs to affiliate demo-aff.' });
  });
});

describe('lifetime', () => {
  it('no link yet; a link through a campaign without lifetime commissions; a link to a suspended affiliate', async () => {
    expect((await traced({ customerId: 'cust-new' })).by('lifetime')?.reason).toBe(
      'Customer “cust-new” has no lifetime link to an affiliate (a first verified sale through an affiliate makes one).',
    );

    await t.db.insert(s.campaigns).values({ id: 'cmp_nolife', merchantId: 'demo', name: 'One-off', lifetimeCommissions: false });
    await t.db.insert(s.customers).values({ merchantId: 'demo', customerKey: 'id:cust-nl', affiliateId: aff.id, campaignId: 'cmp_nolife' });
    invalidateLookups(); // the new campaign
    expect((await traced({ customerId: 'cust-nl' })).by('lifetime')?.reason).toBe(
      'Customer “cust-nl” is linked to an affiliate through campaign “One-off”, which does not pay lifetime commissions.',
    );

    const suspended = await affiliate('ex-partner', 'suspended');
    await t.db.insert(s.customers).values({ merchantId: 'demo', customerKey: 'email:lost@example.com', affiliateId: suspended.id, campaignId: 'cmp_demo' });
    expect((await traced({ customerEmail: 'Lost@Example.com' })).by('lifetime')?.reason).toBe(
      'Customer “lost@example.com” is linked to affiliate ex-partner, who is suspended.',
    );

    await t.db.insert(s.customers).values({ merchantId: 'demo', customerKey: 'id:cust-loyal', affiliateId: aff.id, campaignId: 'cmp_demo' });
    const ok = await traced({ customerId: 'cust-loyal' });
    expect(ok.result).toMatchObject({ method: 'lifetime' });
    expect(ok.by('lifetime')?.reason).toBe('Customer “cust-loyal” was referred by affiliate demo-aff (lifetime commissions of “Default campaign”).');
  });
});

describe('explicit', () => {
  it('a suspended affiliate named by a server call: refused, and the trace says why', async () => {
    await affiliate('named-bad', 'suspended');
    const trace: AttributionStep[] = [];
    await expect(attribute(t.db, { merchantId: 'demo', explicitAffiliate: 'named-bad', trace })).rejects.toThrow(/No active affiliate/);
    expect(trace).toEqual([{ method: 'explicit', result: 'no_match', reason: 'The server call named affiliate named-bad, who is suspended: the sale is refused.' }]);
  });
});

describe('IP + user-agent', () => {
  it('only one of them sent; no click from that IP and browser within the window; a match', async () => {
    expect((await traced({ ip: '198.51.100.1' })).by('ip_ua')?.reason).toBe('No user-agent was sent, so the IP + user-agent match cannot be tried.');
    expect((await traced({ ip: '198.51.100.1', userAgent: 'Nobody/1' })).by('ip_ua')?.reason).toBe(
      'No click of an active affiliate came from IP 198.51.100.1 with this browser (user-agent) within the 24-hour fingerprint window.',
    );
    await click(aff, { ip: '198.51.100.2', userAgent: 'Fp/2', ageMs: 3 * 3_600_000 + 60_000 });
    const ok = await traced({ ip: '198.51.100.2', userAgent: 'Fp/2' });
    expect(ok.result).toMatchObject({ method: 'ip_ua' });
    expect(ok.by('ip_ua')?.reason).toBe('A click on affiliate demo-aff’s link came from IP 198.51.100.2 with the same browser 3 hours ago (window 24 hours).');
  });
});

describe('cost', () => {
  /** t.db, counting the statements started through it. */
  function counting(): { db: Db; count: () => number } {
    let n = 0;
    const db = new Proxy(t.db, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        if (prop === 'select' || prop === 'execute') return (...args: unknown[]) => (n++, (v as (...a: unknown[]) => unknown).apply(target, args));
        return v.bind(target);
      },
    });
    return { db, count: () => n };
  }

  it('with and without a trace, attribute() runs the same statements and gives the same answer', async () => {
    const vid = await click(aff, { ageMs: 5 * DAY });
    const req = { merchantId: 'demo', customerId: 'cust-none', coupon: 'NOPE', visitorId: vid, ip: '192.0.2.77', userAgent: 'X/1' };
    await attribute(t.db, req); // warm the lookups cache
    const plain = counting();
    const a = await attribute(plain.db, req);
    const explained = counting();
    const trace: AttributionStep[] = [];
    const b = await attribute(explained.db, { ...req, trace });
    expect(trace.length).toBe(4);
    expect(explained.count()).toBe(plain.count());
    expect(b).toEqual(a);
  });
});
