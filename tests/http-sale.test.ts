// /t/sale over real HTTP against the built app (TRACKING-API.md §0, §3).
import { describe, expect, it } from 'vitest';
import { post, request, uniq } from './helpers/http';
import { click, expectError, explicitSale, line, refund, s2sSale, sale } from './helpers/tracking';

const ua = () => 'Mozilla/5.0 (Fixed) ' + uniq('ua');

describe('/t/sale (browser) — cookie method and the response', () => {
  it('a sale with the visitor id pays 10 % of 120.50 = 1205 USD, pending', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const res = await sale({ orderId, total: '120.50', currency: 'USD', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
    expect(res.json).toMatchObject({ conversionId: expect.any(String), status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
    expect(res.json.conversionId.length).toBeGreaterThan(0);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 1205)]);
  });

  it('the total as a number (120.5) is the same amount', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: 120.5, visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 1205)]);
  });

  it('no currency: the campaign currency (USD) applies', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: '50', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 500)]);
  });

  it('the _aff_vid cookie sent with the request counts as the visitor id', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: '10.00' }, { cookie: `_aff_vid=${vid}` });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  });

  it('last click wins: two clicks of one visitor, the later affiliate is credited', async () => {
    const vid = await click({ aff: 'demo-aff' });
    const again = await post('/t/click', { account: 'demo', aff: 'demo-sub', vid });
    expect(again.json.visitorId).toBe(vid);
    const res = await sale({ orderId: uniq('o'), total: '100.00', visitorId: vid });
    expect(res.json).toMatchObject({ method: 'cookie', affiliate: 'demo-sub' });
  });

  it('a sale with no match at all is unattributed with no commissions', async () => {
    const res = await sale({ orderId: uniq('o'), total: '10.00' }, { 'user-agent': ua() });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ conversionId: expect.any(String), status: 'unattributed', commissions: [] });
    expect(res.json.affiliate ?? null).toBeNull();
  });

  it('an unknown (well-formed) visitor id is unattributed', async () => {
    const res = await sale({ orderId: uniq('o'), total: '10.00', visitorId: 'a'.repeat(32) }, { 'user-agent': ua() });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'unattributed', commissions: [] });
  });

  it('echoes the Origin with credentials, and answers a preflight', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: '1.00', visitorId: vid }, { origin: 'https://shop.example' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const pre = await request('/t/sale', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBeGreaterThanOrEqual(200);
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-methods') ?? '').toMatch(/POST/);
  });
});

describe('/t/sale — idempotency', () => {
  it('the same orderId again → duplicate, same conversion, method, affiliate and commissions (server caller)', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const first = await s2sSale({ orderId, total: '120.50', visitorId: vid });
    expect(first.json.status).toBe('attributed');
    const again = await s2sSale({ orderId, total: '999.00', visitorId: vid });
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({
      conversionId: first.json.conversionId,
      status: 'duplicate',
      method: 'cookie',
      affiliate: 'demo-aff',
      commissions: [line('demo-aff', 1, 1205)],
    });
    // Between verified sources the first report stands: another affiliate named later changes nothing.
    const third = await s2sSale({ orderId, total: '120.50', affiliate: 'demo-sub' });
    expect(third.json).toMatchObject({ conversionId: first.json.conversionId, status: 'duplicate', method: 'cookie', affiliate: 'demo-aff' });
  });

  it('a browser repeating an order gets only the short duplicate answer: nothing of another caller’s affiliate, method or commissions', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const first = await sale({ orderId, total: '120.50', visitorId: vid });
    expect(first.json.status).toBe('attributed');
    const again = await sale({ orderId, total: '999.00', visitorId: vid });
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual({ conversionId: first.json.conversionId, status: 'duplicate' });
  });

  it('a duplicate shows the commissions as they stand now (after a refund)', async () => {
    const { orderId, res } = await explicitSale('100.00');
    const r = await refund({ orderId, amount: '50.00' });
    expect(r.status, r.text).toBe(200);
    const again = await s2sSale({ orderId, total: '100.00', affiliate: 'demo-aff' });
    expect(again.json).toMatchObject({ conversionId: res.json.conversionId, status: 'duplicate', commissions: [line('demo-aff', 1, 500)] });
    await refund({ orderId });
    const third = await s2sSale({ orderId, total: '100.00' });
    expect(third.json).toMatchObject({ status: 'duplicate', conversionId: res.json.conversionId });
    expect(third.json.commissions).toEqual([expect.objectContaining({ affiliate: 'demo-aff', tier: 1, status: 'declined' })]);
  });

  it('20 concurrent identical sales: exactly one is new, all share one conversionId', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const all = await Promise.all(Array.from({ length: 20 }, () => s2sSale({ orderId, total: '120.50', visitorId: vid })));
    for (const r of all) expect(r.status, r.text).toBe(200);
    const fresh = all.filter((r) => r.json.status !== 'duplicate');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.json.status).toBe('attributed');
    expect(new Set(all.map((r) => r.json.conversionId)).size).toBe(1);
    for (const r of all) expect(r.json.commissions).toEqual([line('demo-aff', 1, 1205)]);
  });

  it('20 concurrent identical actions with an orderId: one is new', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const all = await Promise.all(Array.from({ length: 20 }, () => sale({ orderId, actionCode: 'signup', visitorId: vid })));
    for (const r of all) expect(r.status, r.text).toBe(200);
    expect(all.filter((r) => r.json.status !== 'duplicate')).toHaveLength(1);
    expect(new Set(all.map((r) => r.json.conversionId)).size).toBe(1);
  });
});

describe('/t/sale — tiers, coupons, actions', () => {
  it('tier 2: a sale by demo-sub pays demo-sub 10 % and its parent demo-aff 2 %', async () => {
    const vid = await click({ aff: 'demo-sub' });
    const res = await sale({ orderId: uniq('o'), total: '100.00', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-sub' });
    expect(res.json.commissions).toEqual([line('demo-sub', 1, 1000), line('demo-aff', 2, 200)]);
  });

  it.each(['DEMO10', 'demo10'])('coupon %j → method coupon, affiliate demo-aff', async (coupon) => {
    const res = await sale({ orderId: uniq('o'), total: '100.00', coupon }, { 'user-agent': ua() });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'coupon', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 1000)] });
  });

  it('an unknown coupon is no attribution', async () => {
    const res = await sale({ orderId: uniq('o'), total: '100.00', coupon: uniq('NOPE') }, { 'user-agent': ua() });
    expect(res.json).toMatchObject({ status: 'unattributed', commissions: [] });
  });

  it('coupon beats cookie (attribution order)', async () => {
    const vid = await click({ aff: 'demo-sub' });
    const res = await sale({ orderId: uniq('o'), total: '100.00', coupon: 'DEMO10', visitorId: vid });
    expect(res.json).toMatchObject({ method: 'coupon', affiliate: 'demo-aff' });
  });

  it('action signup with no total → 200, fixed 2.00 USD commission', async () => {
    const vid = await click();
    const res = await sale({ actionCode: 'signup', orderId: uniq('o'), visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 200)]);
  });

  it('an action without orderId is never a duplicate (two → two conversions)', async () => {
    const vid = await click();
    const a = await sale({ actionCode: 'signup', visitorId: vid });
    const b = await sale({ actionCode: 'signup', visitorId: vid });
    expect(a.status, a.text).toBe(200);
    expect(b.status, b.text).toBe(200);
    expect(a.json.status).toBe('attributed');
    expect(b.json.status).toBe('attributed');
    expect(a.json.conversionId).not.toBe(b.json.conversionId);
  });

  it('an action is keyed by (orderId, actionCode): same orderId as a sale is not a duplicate of it; repeated is', async () => {
    const vid = await click();
    const orderId = uniq('o');
    const s = await sale({ orderId, total: '10.00', visitorId: vid });
    const a = await sale({ orderId, actionCode: 'signup', visitorId: vid });
    expect(a.json.status).toBe('attributed');
    expect(a.json.conversionId).not.toBe(s.json.conversionId);
    const a2 = await sale({ orderId, actionCode: 'signup', visitorId: vid });
    expect(a2.json).toEqual({ status: 'duplicate', conversionId: a.json.conversionId });
  });

  it('an action code without a rule is attributed and pays nothing', async () => {
    const vid = await click();
    const res = await sale({ actionCode: 'download', orderId: uniq('o'), visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff', commissions: [] });
  });
});

describe('/t/sale — IP + user-agent', () => {
  it('a click with user-agent U, then a sale with U and no visitor id → ip_ua', async () => {
    const U = ua();
    await click({ aff: 'demo-sub' }, { 'user-agent': U });
    const res = await sale({ orderId: uniq('o'), total: '100.00' }, { 'user-agent': U });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'ip_ua', affiliate: 'demo-sub' });
    expect(res.json.commissions).toEqual([line('demo-sub', 1, 1000), line('demo-aff', 2, 200)]);
  });

  it('another user-agent and no visitor id → unattributed, commissions []', async () => {
    const U = ua();
    await click({}, { 'user-agent': U });
    const res = await sale({ orderId: uniq('o'), total: '100.00' }, { 'user-agent': ua() });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'unattributed', commissions: [] });
  });

  it('the visitor id beats the fingerprint', async () => {
    const U = ua();
    await click({ aff: 'demo-sub' }, { 'user-agent': U });
    const vid = await click({ aff: 'demo-aff' });
    const res = await sale({ orderId: uniq('o'), total: '100.00', visitorId: vid }, { 'user-agent': U });
    expect(res.json).toMatchObject({ method: 'cookie', affiliate: 'demo-aff' });
  });
});

describe('/t/sale — lifetime', () => {
  it('a customer referred once (by email) is credited to the same affiliate later: lifetime', async () => {
    const email = `${uniq('buyer')}@example.com`;
    const vid = await click({ aff: 'demo-sub' });
    const first = await s2sSale({ orderId: uniq('o'), total: '100.00', visitorId: vid, customerEmail: email });
    expect(first.json).toMatchObject({ method: 'cookie', affiliate: 'demo-sub' });
    const second = await sale({ orderId: uniq('o'), total: '50.00', customerEmail: email }, { 'user-agent': ua() });
    expect(second.status, second.text).toBe(200);
    expect(second.json).toMatchObject({ status: 'attributed', method: 'lifetime', affiliate: 'demo-sub' });
    expect(second.json.commissions).toEqual([line('demo-sub', 1, 500), line('demo-aff', 2, 100)]);
  });

  it('likewise by customerId', async () => {
    const customerId = uniq('cust');
    const vid = await click();
    const first = await s2sSale({ orderId: uniq('o'), total: '100.00', visitorId: vid, customerId });
    expect(first.json.method).toBe('cookie');
    const second = await sale({ orderId: uniq('o'), total: '20.00', customerId }, { 'user-agent': ua() });
    expect(second.json).toMatchObject({ status: 'attributed', method: 'lifetime', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 200)] });
  });

  it('lifetime beats coupon and cookie (attribution order)', async () => {
    const customerId = uniq('cust');
    const subVid = await click({ aff: 'demo-sub' });
    await s2sSale({ orderId: uniq('o'), total: '10.00', visitorId: subVid, customerId });
    const affVid = await click({ aff: 'demo-aff' });
    const res = await sale({ orderId: uniq('o'), total: '10.00', customerId, coupon: 'DEMO10', visitorId: affVid });
    expect(res.json).toMatchObject({ method: 'lifetime', affiliate: 'demo-sub' });
  });

  it('an unknown customer is not lifetime', async () => {
    const res = await sale({ orderId: uniq('o'), total: '10.00', customerEmail: `${uniq('new')}@example.com` }, { 'user-agent': ua() });
    expect(res.json).toMatchObject({ status: 'unattributed', commissions: [] });
  });
});

describe('/t/sale — money', () => {
  const cases: [string, unknown, string?][] = [
    ['negative', '-1'],
    ['negative number', -1],
    ['not a number', 'abc'],
    ['empty string', ''],
    ['exponent', '1e3'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['three decimals for USD (number)', 12.345],
    ['three decimals for USD (string)', '12.345'],
    ['decimals for JPY', '1.5', 'JPY'],
    ['four decimals for BHD', '1.2345', 'BHD'],
    ['10^13 minor units', '100000000000'],
    ['hex', '0x10'],
    ['comma', '1,00'],
    ['object', { amount: 1 }],
    ['boolean', true],
  ];
  it.each(cases)('total %s (%j) → 400 invalid_request naming total', async (_name, total, currency = 'USD') => {
    const vid = await click();
    const orderId = uniq('o');
    const res = await sale({ orderId, total, currency, visitorId: vid });
    expectError(res, 400, 'invalid_request', 'total');
    // Nothing half-written: the same order id is still free.
    const ok = await sale({ orderId, total: '1', currency, visitorId: vid });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.status).toBe('attributed');
  });

  it('just below the ceiling (99999999999.99) is accepted', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: '99999999999.99', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 1_000_000_000_000)]);
  });

  it('missing total on a sale → 400 naming total', async () => {
    expectError(await sale({ orderId: uniq('o') }), 400, 'invalid_request', 'total');
  });

  it('missing orderId on a sale → 400 naming orderId', async () => {
    expectError(await sale({ total: '10.00' }), 400, 'invalid_request', 'orderId');
  });

  it('unknown currency XYZ → 400 naming currency', async () => {
    const orderId = uniq('o');
    expectError(await sale({ orderId, total: '10.00', currency: 'XYZ' }), 400, 'invalid_request', 'currency');
    expectError(await sale({ orderId, total: '10.00', currency: 'US' }), 400, 'invalid_request', 'currency');
    expectError(await sale({ orderId, total: '10.00', currency: 'USDX' }), 400, 'invalid_request', 'currency');
  });

  it('orderId of 256 chars → 400 naming orderId; 255 is fine', async () => {
    expectError(await sale({ orderId: 'o'.repeat(256), total: '10.00' }), 400, 'invalid_request', 'orderId');
    const ok = await sale({ orderId: uniq('o').padEnd(255, 'x'), total: '10.00' });
    expect(ok.status, ok.text).toBe(200);
  });

  it('over-long free text fields → 400 naming the field', async () => {
    expectError(await sale({ orderId: uniq('o'), total: '1', data1: 'd'.repeat(256) }), 400, 'invalid_request', 'data1');
  });

  it('JPY: 1000 JPY pays 100 JPY', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: '1000', currency: 'JPY', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 100, 'pending', 'JPY')]);
  });

  it('BHD: 10 % of 10.005 BHD = 1000.5 → rounds half up to 1001', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: '10.005', currency: 'BHD', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 1001, 'pending', 'BHD')]);
  });

  it('percent rounding is half up in USD as well (10 % of 0.05 = 0.5 → 1; 10 % of 0.04 → 0 pays nothing)', async () => {
    const vid = await click();
    const a = await sale({ orderId: uniq('o'), total: '0.05', visitorId: vid });
    expect(a.json.commissions).toEqual([line('demo-aff', 1, 1)]);
    const b = await sale({ orderId: uniq('o'), total: '0.04', visitorId: vid });
    expect(b.status, b.text).toBe(200);
    expect(b.json.status).toBe('attributed');
    expect(b.json.commissions.every((c: { amount: number }) => c.amount === 0)).toBe(true);
  });

  it('a lower-case currency code is the same currency', async () => {
    const vid = await click();
    const res = await sale({ orderId: uniq('o'), total: '1000', currency: 'jpy', visitorId: vid });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 100, 'pending', 'JPY')]);
  });
});

describe('/t/sale (browser) — forbidden fields and errors', () => {
  it.each([
    ['affiliate', 'demo-sub'],
    ['status', 'approved'],
    ['commission', '50.00'],
    ['ip', '10.0.0.1'],
    ['userAgent', 'Mozilla/5.0'],
  ])('a browser call sending %s → 403 forbidden, nothing written', async (field, value) => {
    const vid = await click();
    const orderId = uniq('o');
    const res = await sale({ orderId, total: '10.00', visitorId: vid, [field]: value });
    expectError(res, 403, 'forbidden', field);
    const ok = await sale({ orderId, total: '10.00', visitorId: vid });
    expect(ok.json.status).toBe('attributed');
  });

  it('unknown account → 404 unknown_account', async () => {
    expectError(await post('/t/sale', { account: uniq('nope'), orderId: uniq('o'), total: '10.00' }), 404, 'unknown_account');
  });

  it('no account and no API key → 400 naming account', async () => {
    expectError(await post('/t/sale', { orderId: uniq('o'), total: '10.00' }), 400, 'invalid_request', 'account');
  });

  it('a body that is not JSON, or a JSON array → 400 invalid_request', async () => {
    expectError(await request('/t/sale', { method: 'POST', body: 'orderId=1&total=', headers: { 'content-type': 'application/json' } }), 400, 'invalid_request');
    expectError(await post('/t/sale', [{ account: 'demo', orderId: uniq('o'), total: '1' }]), 400, 'invalid_request');
  });

  it('free text (HTML and script) in productId, coupon, data1…5 is accepted', async () => {
    const vid = await click();
    const evil = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
    const res = await sale({
      orderId: uniq('o'),
      total: '10.00',
      visitorId: vid,
      productId: evil,
      coupon: evil,
      data1: evil,
      data2: evil,
      data3: evil,
      data4: evil,
      data5: evil,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie' });
  });
});

describe('/t/sale (server-to-server)', () => {
  it('explicit affiliate → method explicit, pending 10 %', async () => {
    const { res } = await explicitSale('120.50');
    expect(res.json).toMatchObject({ status: 'attributed', method: 'explicit', affiliate: 'demo-aff', commissions: [line('demo-aff', 1, 1205)] });
    expect(res.json.conversionId).toEqual(expect.any(String));
  });

  it('explicit beats lifetime, coupon and cookie', async () => {
    const customerId = uniq('cust');
    const vid = await click({ aff: 'demo-aff' });
    await sale({ orderId: uniq('o'), total: '10.00', visitorId: vid, customerId });
    const res = await s2sSale({ orderId: uniq('o'), total: '100.00', affiliate: 'demo-sub', customerId, coupon: 'DEMO10', visitorId: vid });
    expect(res.json).toMatchObject({ method: 'explicit', affiliate: 'demo-sub', commissions: [line('demo-sub', 1, 1000), line('demo-aff', 2, 200)] });
  });

  it('the visitor id works server-to-server too (cookie)', async () => {
    const vid = await click();
    const res = await s2sSale({ orderId: uniq('o'), total: '10.00', visitorId: vid });
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
  });

  it('a bad API key → 401 unauthorized, nothing written', async () => {
    const orderId = uniq('o');
    const res = await post('/t/sale', { orderId, total: '10.00', affiliate: 'demo-aff' }, { authorization: 'Bearer sk_demo_wrong' });
    expectError(res, 401, 'unauthorized');
    expectError(await post('/t/sale', { orderId, total: '10.00' }, { authorization: 'Basic Zm9vOmJhcg==' }), 401, 'unauthorized');
    const ok = await s2sSale({ orderId, total: '10.00', affiliate: 'demo-aff' });
    expect(ok.json.status).toBe('attributed');
  });

  it('status: approved forces the commissions approved (every tier)', async () => {
    const res = await s2sSale({ orderId: uniq('o'), total: '100.00', affiliate: 'demo-sub', status: 'approved' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-sub', 1, 1000, 'approved'), line('demo-aff', 2, 200, 'approved')]);
  });

  it('status: pending keeps them pending; any other status → 400', async () => {
    const res = await s2sSale({ orderId: uniq('o'), total: '100.00', affiliate: 'demo-aff', status: 'pending' });
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 1000, 'pending')]);
    expectError(await s2sSale({ orderId: uniq('o'), total: '100.00', affiliate: 'demo-aff', status: 'paid' }), 400, 'invalid_request', 'status');
  });

  it('commission: "5.00" overrides the tier-1 amount to 500', async () => {
    const res = await s2sSale({ orderId: uniq('o'), total: '100.00', affiliate: 'demo-aff', commission: '5.00' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions).toEqual([line('demo-aff', 1, 500)]);
  });

  it('commission with the money rules: "-1" or "1.234" → 400 naming commission', async () => {
    expectError(await s2sSale({ orderId: uniq('o'), total: '100.00', affiliate: 'demo-aff', commission: '-1' }), 400, 'invalid_request', 'commission');
    expectError(await s2sSale({ orderId: uniq('o'), total: '100.00', affiliate: 'demo-aff', commission: '1.234' }), 400, 'invalid_request', 'commission');
  });

  it('explicit unknown affiliate → 404 unknown_affiliate, nothing written', async () => {
    const orderId = uniq('o');
    expectError(await s2sSale({ orderId, total: '10.00', affiliate: uniq('nobody') }), 404, 'unknown_affiliate');
    const ok = await s2sSale({ orderId, total: '10.00', affiliate: 'demo-aff' });
    expect(ok.json.status).toBe('attributed');
  });

  it('ip + userAgent are used for ip_ua matching', async () => {
    const U = ua();
    await click({ aff: 'demo-sub' }, { 'user-agent': U });
    // The test client talks to the app over loopback, so the click's address is 127.0.0.1.
    const res = await s2sSale({ orderId: uniq('o'), total: '100.00', ip: '127.0.0.1', userAgent: U });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'ip_ua', affiliate: 'demo-sub' });
  });

  it('ip_ua needs both to match: another ip with the same user-agent is unattributed', async () => {
    const U = ua();
    await click({}, { 'user-agent': U });
    const res = await s2sSale({ orderId: uniq('o'), total: '100.00', ip: '198.51.100.7', userAgent: U });
    expect(res.json).toMatchObject({ status: 'unattributed', commissions: [] });
  });

  it('the API key implies the account; account demo in the body is fine', async () => {
    const res = await s2sSale({ account: 'demo', orderId: uniq('o'), total: '10.00', affiliate: 'demo-aff' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.method).toBe('explicit');
  });

  it('the idempotency key holds across browser and server callers', async () => {
    const { orderId, res } = await explicitSale('10.00');
    const again = await sale({ orderId, total: '10.00' });
    expect(again.json).toEqual({ status: 'duplicate', conversionId: res.json.conversionId });
  });
});

describe('/t/sale — robustness', () => {
  it.each(['orderId', 'data1', 'coupon', 'customerEmail', 'customerId', 'productId', 'visitorId'])(
    'a NUL character in %s is not a server error (200, or 400 naming the field)',
    async (field) => {
      const res = await sale({ orderId: uniq('o'), total: '10.00', [field]: `${uniq('v')}\u0000x` });
      expect(res.status, `${field}: ${res.status} ${res.text}`).toBeLessThan(500);
      if (res.status !== 200) expectError(res, 400, 'invalid_request', field);
    },
  );

  it('GET /t/sale is an error in the contract shape (JSON {error})', async () => {
    const res = await request('/t/sale');
    expect(res.status).toBe(405);
    expect(res.json, `body: ${JSON.stringify(res.text)}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});
