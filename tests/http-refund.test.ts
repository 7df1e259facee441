// /t/refund over real HTTP against the built app (TRACKING-API.md §0, §4).
import { describe, expect, it } from 'vitest';
import { post, request, uniq } from './helpers/http';
import { click, expectError, explicitSale, line, refund, s2sSale, sale } from './helpers/tracking';

const declined = (affiliate: string, tier: number) => expect.objectContaining({ affiliate, tier, currency: 'USD', status: 'declined' });

describe('/t/refund — access and errors', () => {
  it('no API key → 401 unauthorized, nothing refunded', async () => {
    const { orderId } = await explicitSale('100.00');
    expectError(await post('/t/refund', { orderId }), 401, 'unauthorized');
    const r = await refund({ orderId, amount: '10.00' });
    expect(r.json.refunded).toBe(1000);
  });

  it('a bad API key → 401 unauthorized', async () => {
    const { orderId } = await explicitSale('100.00');
    expectError(await post('/t/refund', { orderId }, { authorization: 'Bearer sk_demo_1111111111111111' }), 401, 'unauthorized');
    expectError(await post('/t/refund', { orderId }, { authorization: 'sk_demo_0000000000000000' }), 401, 'unauthorized');
  });

  it('unknown order → 404 unknown_order', async () => {
    expectError(await refund({ orderId: uniq('nope') }), 404, 'unknown_order');
    expectError(await refund({ orderId: uniq('nope'), amount: '1.00' }), 404, 'unknown_order');
  });

  it('missing orderId → 400 invalid_request naming orderId', async () => {
    expectError(await refund({ amount: '1.00' }), 400, 'invalid_request', 'orderId');
  });

  it.each([['-5'], ['abc'], ['1e3'], ['NaN'], [''], ['1.234'], ['100000000000']])(
    'amount %j → 400 invalid_request naming amount, nothing refunded',
    async (amount) => {
      const { orderId } = await explicitSale('100.00');
      expectError(await refund({ orderId, amount }), 400, 'invalid_request', 'amount');
      const r = await refund({ orderId, amount: '50.00' });
      expect(r.status, r.text).toBe(200);
      expect(r.json.refunded).toBe(5000);
      expect(r.json.commissions).toEqual([line('demo-aff', 1, 500)]);
    },
  );

  it('a body that is not JSON, or a JSON array → 400 invalid_request', async () => {
    expectError(
      await request('/t/refund', { method: 'POST', body: '{orderId', headers: { 'content-type': 'application/json', authorization: 'Bearer sk_demo_0000000000000000' } }),
      400,
      'invalid_request',
    );
    expectError(await refund([{ orderId: 'x' }] as unknown as Record<string, unknown>), 400, 'invalid_request');
  });
});

describe('/t/refund — amounts', () => {
  it('a full refund (no amount) declines every commission; refunded = total', async () => {
    const { orderId } = await explicitSale('100.00', 'demo-sub');
    const r = await refund({ orderId });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ orderId, refunded: 10000, currency: 'USD' });
    expect(r.json.commissions).toEqual([declined('demo-sub', 1), declined('demo-aff', 2)]);
  });

  it('a partial refund of 50.00 on 100.00 halves the commission, still pending', async () => {
    const { orderId } = await explicitSale('100.00');
    const r = await refund({ orderId, amount: '50.00' });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({ orderId, refunded: 5000, currency: 'USD', commissions: [line('demo-aff', 1, 500)] });
  });

  it('the amount as a number works the same', async () => {
    const { orderId } = await explicitSale('100.00');
    const r = await refund({ orderId, amount: 50 });
    expect(r.json).toMatchObject({ refunded: 5000, commissions: [line('demo-aff', 1, 500)] });
  });

  it('partial refunds reduce every tier in proportion', async () => {
    const { orderId } = await explicitSale('100.00', 'demo-sub');
    const r = await refund({ orderId, amount: '25.00' });
    expect(r.json).toMatchObject({ refunded: 2500, commissions: [line('demo-sub', 1, 750), line('demo-aff', 2, 150)] });
  });

  it('two partial refunds add up: 30 + 20 of 100 → 500 left of 1000', async () => {
    const { orderId } = await explicitSale('100.00');
    const a = await refund({ orderId, amount: '30.00' });
    expect(a.json).toMatchObject({ refunded: 3000, commissions: [line('demo-aff', 1, 700)] });
    const b = await refund({ orderId, amount: '20.00' });
    expect(b.json).toMatchObject({ refunded: 5000, currency: 'USD', commissions: [line('demo-aff', 1, 500)] });
  });

  it('partial refunds that reach the total decline the commissions', async () => {
    const { orderId } = await explicitSale('100.00');
    await refund({ orderId, amount: '60.00' });
    const r = await refund({ orderId, amount: '40.00' });
    expect(r.json.refunded).toBe(10000);
    expect(r.json.commissions).toEqual([declined('demo-aff', 1)]);
  });

  it('refunds are capped at the total: 150 on 100 → refunded 10000, declined', async () => {
    const { orderId } = await explicitSale('100.00');
    const r = await refund({ orderId, amount: '150.00' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.refunded).toBe(10000);
    expect(r.json.commissions).toEqual([declined('demo-aff', 1)]);
  });

  it('capped across refunds too: 80 then 80 → refunded 10000', async () => {
    const { orderId } = await explicitSale('100.00');
    await refund({ orderId, amount: '80.00' });
    const r = await refund({ orderId, amount: '80.00' });
    expect(r.json.refunded).toBe(10000);
    expect(r.json.commissions).toEqual([declined('demo-aff', 1)]);
  });

  it('prorating rounds to the minor unit: 33.33 of 100.00 refunded leaves 667 of 1000', async () => {
    const { orderId } = await explicitSale('100.00');
    const r = await refund({ orderId, amount: '33.33' });
    expect(r.json).toMatchObject({ refunded: 3333, commissions: [line('demo-aff', 1, 667)] });
  });

  it('a full refund after a partial one refunds the rest', async () => {
    const { orderId } = await explicitSale('100.00');
    await refund({ orderId, amount: '30.00' });
    const r = await refund({ orderId });
    expect(r.json.refunded).toBe(10000);
    expect(r.json.commissions).toEqual([declined('demo-aff', 1)]);
  });

  it('an approved commission is reduced and stays approved', async () => {
    const { orderId } = await explicitSale('100.00', 'demo-aff', { status: 'approved' });
    const r = await refund({ orderId, amount: '50.00' });
    expect(r.json.commissions).toEqual([line('demo-aff', 1, 500, 'approved')]);
  });

  it('a refund in the sale currency: JPY', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const s = await sale({ orderId, total: '1000', currency: 'JPY', visitorId: vid });
    expect(s.json.commissions).toEqual([line('demo-aff', 1, 100, 'pending', 'JPY')]);
    const r = await refund({ orderId, amount: '250' });
    expect(r.json).toEqual({ orderId, refunded: 250, currency: 'JPY', commissions: [line('demo-aff', 1, 75, 'pending', 'JPY')] });
    expectError(await refund({ orderId, amount: '1.5' }), 400, 'invalid_request', 'amount');
  });

  it('refunding an unattributed order works and has no commissions', async () => {
    const orderId = uniq('o');
    const s = await s2sSale({ orderId, total: '40.00' });
    expect(s.json.status).toBe('unattributed');
    const r = await refund({ orderId, amount: '10.00' });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({ orderId, refunded: 1000, currency: 'USD', commissions: [] });
  });
});

describe('/t/refund — idempotency', () => {
  it('the same refundId twice: the second changes nothing', async () => {
    const { orderId } = await explicitSale('100.00');
    const refundId = uniq('re');
    const a = await refund({ orderId, amount: '30.00', refundId });
    expect(a.json).toMatchObject({ refunded: 3000, commissions: [line('demo-aff', 1, 700)] });
    const b = await refund({ orderId, amount: '30.00', refundId });
    expect(b.status, b.text).toBe(200);
    expect(b.json).toMatchObject({ orderId, refunded: 3000, currency: 'USD', commissions: [line('demo-aff', 1, 700)] });
    // A different refund id is a new refund.
    const c = await refund({ orderId, amount: '30.00', refundId: uniq('re') });
    expect(c.json).toMatchObject({ refunded: 6000, commissions: [line('demo-aff', 1, 400)] });
  });

  it('the same full refund by refundId twice changes nothing', async () => {
    const { orderId } = await explicitSale('100.00');
    const refundId = uniq('re');
    await refund({ orderId, refundId });
    const again = await refund({ orderId, refundId });
    expect(again.json.refunded).toBe(10000);
    expect(again.json.commissions).toEqual([declined('demo-aff', 1)]);
  });

  it('concurrent deliveries of one refundId count once', async () => {
    const { orderId } = await explicitSale('100.00');
    const refundId = uniq('re');
    const all = await Promise.all(Array.from({ length: 8 }, () => refund({ orderId, amount: '10.00', refundId })));
    for (const r of all) {
      expect(r.status, r.text).toBe(200);
      expect(r.json.refunded).toBe(1000);
      expect(r.json.commissions).toEqual([line('demo-aff', 1, 900)]);
    }
  });

  it('concurrent different partial refunds all add up', async () => {
    const { orderId } = await explicitSale('100.00');
    const all = await Promise.all(Array.from({ length: 5 }, () => refund({ orderId, amount: '10.00' })));
    for (const r of all) expect(r.status, r.text).toBe(200);
    expect(all.map((r) => r.json.refunded).sort((x, y) => x - y)).toEqual([1000, 2000, 3000, 4000, 5000]);
    const last = all.find((r) => r.json.refunded === 5000)!;
    expect(last.json.commissions).toEqual([line('demo-aff', 1, 500)]);
  });

  it('a full refund of an order already fully refunded changes nothing', async () => {
    const { orderId } = await explicitSale('100.00', 'demo-sub');
    const a = await refund({ orderId });
    const b = await refund({ orderId });
    expect(b.status, b.text).toBe(200);
    expect(b.json).toEqual(a.json);
    expect(b.json.refunded).toBe(10000);
    expect(b.json.commissions).toEqual([declined('demo-sub', 1), declined('demo-aff', 2)]);
  });
});

describe('/t/refund — actions', () => {
  it('refunds an action by actionCode, leaving a sale of the same orderId alone', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const s = await s2sSale({ orderId, total: '100.00', visitorId: vid });
    const a = await s2sSale({ orderId, actionCode: 'signup', visitorId: vid });
    expect(a.json.commissions).toEqual([line('demo-aff', 1, 200)]);
    const r = await refund({ orderId, actionCode: 'signup' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.orderId).toBe(orderId);
    expect(r.json.commissions).toEqual([declined('demo-aff', 1)]);
    // The sale is untouched.
    const again = await s2sSale({ orderId, total: '100.00' });
    expect(again.json).toMatchObject({ status: 'duplicate', conversionId: s.json.conversionId, commissions: [line('demo-aff', 1, 1000)] });
    // The action is declined, as it stands now.
    const aAgain = await s2sSale({ orderId, actionCode: 'signup' });
    expect(aAgain.json.status).toBe('duplicate');
    expect(aAgain.json.commissions).toEqual([declined('demo-aff', 1)]);
  });

  it('an actionCode that the order does not have → 404 unknown_order', async () => {
    const { orderId } = await explicitSale('10.00');
    expectError(await refund({ orderId, actionCode: 'signup' }), 404, 'unknown_order');
  });

  it('refunding an action twice changes nothing', async () => {
    const vid = await click();
    const orderId = uniq('o');
    await sale({ orderId, actionCode: 'signup', visitorId: vid });
    const a = await refund({ orderId, actionCode: 'signup' });
    const b = await refund({ orderId, actionCode: 'signup' });
    expect(b.status, b.text).toBe(200);
    expect(b.json).toEqual(a.json);
  });
});

describe('/t/refund — robustness', () => {
  it('a NUL character in orderId is a 4xx (unknown_order or invalid_request), not a server error', async () => {
    const res = await refund({ orderId: `${uniq('o')}\u0000` });
    expect(res.status, res.text).toBeLessThan(500);
    expect(res.json?.error?.code, res.text).toMatch(/^(invalid_request|unknown_order)$/);
  });

  it('a NUL character in refundId is not a server error', async () => {
    const { orderId } = await explicitSale('100.00');
    const res = await refund({ orderId, amount: '10.00', refundId: `${uniq('r')}\u0000` });
    expect(res.status, res.text).toBeLessThan(500);
    if (res.status !== 200) expectError(res, 400, 'invalid_request', 'refundId');
  });

  it('GET /t/refund is an error in the contract shape (JSON {error})', async () => {
    const res = await request('/t/refund');
    expect(res.status).toBe(405);
    expect(res.json, `body: ${JSON.stringify(res.text)}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});
