// The tracking log over real HTTP against the built app: a /t/sale, a /t/refund and a
// webhook delivery each leave an entry — what arrived, the attribution steps with their
// reasons, the outcome — that the merchant finds in Transactions › Tracking log
// (tRPC trackingLog.list, searched by order id, visitor id or affiliate).
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { signInCookie } from '../scripts/test-server.mjs';
import { base, request, uniq } from './helpers/http';
import { click, expectError, explicitSale, refund, s2sSale, sale } from './helpers/tracking';
import { deliverGeneric } from './helpers/webhooks';

let cookie: string;

interface Entry {
  kind: string;
  source: string;
  orderId: string | null;
  amount: number | null;
  currency: string | null;
  visitorId: string | null;
  coupon: string | null;
  customerId: string | null;
  customerEmail: string | null;
  affiliateRefId: string | null;
  method: string | null;
  eventType: string | null;
  steps: { method: string; result: string; reason: string }[];
  outcome: string;
  message: string | null;
  conversionId: string | null;
  creditable: boolean;
}

async function search(filter: { orderId?: string; visitorId?: string; affiliate?: string }): Promise<Entry[]> {
  const input = encodeURIComponent(JSON.stringify({ json: filter }));
  const res = await request(`/api/trpc/trackingLog.list?input=${input}`, { headers: { cookie } });
  expect(res.status, res.text).toBe(200);
  return res.json.result.data.json.rows as Entry[];
}

/** The entries of an order once written (they are written after the answer, so may take a moment). */
async function entriesOf(orderId: string, count = 1): Promise<Entry[]> {
  return vi.waitFor(
    async () => {
      const rows = await search({ orderId });
      expect(rows.length).toBeGreaterThanOrEqual(count);
      return rows;
    },
    { timeout: 5_000, interval: 50 },
  );
}

beforeAll(async () => {
  cookie = (await signInCookie(base(), 'merchant@example.com', 'demo-merchant')) as string;
  expect(cookie).toBeTruthy();
});

describe('/t/sale', () => {
  it('an unattributed browser sale: what arrived, each method tried and why it did not match', async () => {
    const vid = randomBytes(16).toString('hex');
    const orderId = uniq('log');
    const res = await sale({ orderId, total: '19.99', currency: 'USD', visitorId: vid, coupon: 'NOT-A-CODE', customerEmail: 'who@example.com' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.status).toBe('unattributed');
    expect(res.json.trace).toBeUndefined();
    const [entry] = await entriesOf(orderId);
    expect(entry).toMatchObject({
      kind: 'sale', source: 'js', orderId, amount: 1999, currency: 'USD', visitorId: vid, coupon: 'NOT-A-CODE', customerEmail: 'who@example.com',
      outcome: 'unattributed', affiliateRefId: null, conversionId: res.json.conversionId, creditable: true,
    });
    expect(entry!.steps.map((x) => [x.method, x.result])).toEqual([
      ['explicit', 'no_match'], ['lifetime', 'no_match'], ['coupon', 'no_match'], ['cookie', 'no_match'], ['ip_ua', 'no_match'],
    ]);
    expect(entry!.steps[2]!.reason).toBe('Coupon “NOT-A-CODE” is not a coupon of this program.');
    expect(entry!.steps[3]!.reason).toBe(`Visitor ${vid.slice(0, 4)}… is unknown: no click was ever recorded for this visitor id in this program.`);
    expect(entry!.steps[4]!.reason).toMatch(/^No click of an active affiliate came from IP .+ within the 24-hour fingerprint window\.$/);
    // Searchable by the visitor id too.
    expect((await search({ visitorId: vid })).map((e) => e.orderId)).toEqual([orderId]);
  });

  it('an attributed sale: the cookie step matched, the affiliate is on the entry and it can be found by affiliate', async () => {
    const vid = await click();
    // An earlier sale of the same visitor, to check the order of the list: other files' sales for
    // demo-aff arrive on the same server meanwhile, so only the relative order of these two is ours.
    const earlier = uniq('log');
    expect((await sale({ orderId: earlier, total: '10.00', visitorId: vid })).json.status).toBe('attributed');
    const orderId = uniq('log');
    const res = await sale({ orderId, total: '50.00', visitorId: vid });
    expect(res.json.status).toBe('attributed');
    const [entry] = await entriesOf(orderId);
    expect(entry).toMatchObject({ outcome: 'attributed', affiliateRefId: 'demo-aff', method: 'cookie', creditable: false, amount: 5000 });
    expect(entry!.steps.at(-1)).toMatchObject({ method: 'cookie', result: 'match' });
    expect(entry!.steps.at(-1)!.reason).toMatch(/clicked affiliate demo-aff’s link/);
    const byAffiliate = await search({ affiliate: 'demo-aff' });
    expect(byAffiliate.map((e) => e.orderId)).toContain(orderId);
    // Newest first.
    const ids = byAffiliate.map((e) => e.orderId);
    expect(ids).toContain(earlier);
    expect(ids.indexOf(orderId)).toBeLessThan(ids.indexOf(earlier));
  });

  it('a repeat of the order is logged as a duplicate, and a refused sale as rejected with the caller’s reason', async () => {
    const { orderId } = await explicitSale('30.00');
    expect((await s2sSale({ orderId, total: '30.00' })).json.status).toBe('duplicate');
    const entries = await entriesOf(orderId, 2);
    expect(entries.map((e) => e.outcome)).toEqual(['duplicate', 'attributed']);
    const bad = uniq('log');
    expectError(await s2sSale({ orderId: bad, total: '5.00', affiliate: 'no-such-affiliate' }), 404, 'unknown_affiliate');
    const [rejected] = await entriesOf(bad);
    expect(rejected).toMatchObject({ outcome: 'rejected', conversionId: null });
    expect(rejected!.message).toMatch(/unknown_affiliate: No active affiliate "no-such-affiliate"/);
  });
});

describe('/t/refund', () => {
  it('a refund leaves an entry with the amount, the affiliate and the outcome; an unknown order one that says rejected', async () => {
    const { orderId, res: saleRes } = await explicitSale('80.00');
    const res = await refund({ orderId, amount: '20.00', refundId: uniq('r') });
    expect(res.status, res.text).toBe(200);
    const entries = await entriesOf(orderId, 2);
    expect(entries[0]).toMatchObject({ kind: 'refund', source: 'api', orderId, amount: 2000, currency: 'USD', outcome: 'refunded', affiliateRefId: 'demo-aff', conversionId: saleRes.json.conversionId });
    const unknown = uniq('log');
    expectError(await refund({ orderId: unknown }), 404, 'unknown_order');
    const [rejected] = await entriesOf(unknown);
    expect(rejected).toMatchObject({ kind: 'refund', outcome: 'rejected' });
    expect(rejected!.message).toMatch(/unknown_order/);
  });
});

describe('webhooks', () => {
  it('a signed delivery leaves an entry with its event type, what it carried, the steps and the outcome', async () => {
    const vid = await click();
    const orderId = uniq('log');
    const res = await deliverGeneric({ type: 'sale', id: uniq('evt'), orderId, total: '120.50', currency: 'USD', visitorId: vid, customerId: 'cust-wh' });
    expect(res.json).toMatchObject({ outcome: 'attributed' });
    const [entry] = await entriesOf(orderId);
    expect(entry).toMatchObject({
      kind: 'webhook', source: 'webhook:generic', eventType: 'sale', orderId, amount: 12050, currency: 'USD', visitorId: vid, customerId: 'cust-wh',
      outcome: 'attributed', affiliateRefId: 'demo-aff', method: 'cookie', conversionId: res.json.conversionId,
    });
    expect(entry!.steps.map((x) => [x.method, x.result])).toEqual([['explicit', 'no_match'], ['lifetime', 'no_match'], ['coupon', 'no_match'], ['cookie', 'match']]);
  });

  it('an unattributed delivery says why; a delivery with a bad signature stays out of it (counted in the delivery log instead)', async () => {
    const orderId = uniq('log');
    const res = await deliverGeneric({ type: 'sale', orderId, total: '9.00' });
    expect(res.json).toMatchObject({ outcome: 'unattributed' });
    const [entry] = await entriesOf(orderId);
    expect(entry).toMatchObject({ outcome: 'unattributed', creditable: true });
    expect(entry!.steps.find((x) => x.method === 'cookie')?.reason).toBe('No visitor id was sent (no _aff_vid cookie and no visitorId field).');

    const forged = uniq('log');
    expectError(await deliverGeneric({ type: 'sale', orderId: forged, total: '9.00' }, { secret: 'wrong' }), 400, 'invalid_signature');
    // A later delivery's entry is written after the refused one would have been.
    const after = uniq('log');
    await deliverGeneric({ type: 'sale', orderId: after, total: '1.00' });
    await entriesOf(after);
    expect(await search({ orderId: forged })).toEqual([]);
  });
});
