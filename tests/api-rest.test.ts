// The REST API over real HTTP against the built app (PLATFORM-API.md §2): keys and scopes,
// every resource and operation, errors in the contract's shape naming the field, cursor
// pagination, Idempotency-Key, rate-limit headers and tenant isolation.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectApiError, newProgram, type Program } from './helpers/api';
import { post, request, uniq } from './helpers/http';

let p: Program;
let other: Program;
const w = (method: string, path: string, json?: unknown, headers?: Record<string, string>) => api(method, path, { key: p.writeKey, json, headers });
const r = (path: string) => api('GET', path, { key: p.readKey });

async function newAffiliate(extra: Record<string, unknown> = {}) {
  const refId = uniq('aff');
  const res = await w('POST', '/affiliates', { refId, name: `Name ${refId}`, email: `${refId}@example.com`, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.json as { refId: string; status: string; parent: string | null };
}

async function sale(affiliate: string, total = '100.00', extra: Record<string, unknown> = {}) {
  const res = await w('POST', '/conversions', { orderId: uniq('ord'), total, currency: 'USD', affiliate, ...extra });
  expect(res.status, res.text).toBe(200);
  return res.json as { conversionId: string; status: string; commissions: { amount: number; status: string }[] };
}

beforeAll(async () => {
  [p, other] = await Promise.all([newProgram('api'), newProgram('rival')]);
}, 120_000);

describe('authentication and scopes', () => {
  it('no key, a malformed header or a bad key → 401 unauthorized', async () => {
    expectApiError(await api('GET', '/affiliates'), 401, 'unauthorized');
    expectApiError(await api('GET', '/affiliates', { headers: { authorization: p.writeKey } }), 401, 'unauthorized');
    expectApiError(await api('GET', '/affiliates', { key: 'sk_live_nope' }), 401, 'unauthorized');
    expectApiError(await api('POST', '/affiliates', { json: {} }), 401, 'unauthorized');
  });

  it('the demo key is a write key', async () => {
    const res = await api('GET', '/affiliates?limit=1', { key: 'sk_demo_0000000000000000' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ data: [expect.objectContaining({ refId: expect.any(String) })], nextCursor: expect.any(String) });
  });

  it('a read key reads, and every write it tries is 403 forbidden and changes nothing', async () => {
    const a = await newAffiliate();
    expect((await r(`/affiliates/${a.refId}`)).status).toBe(200);
    const refId = uniq('ro');
    const key = p.readKey;
    expectApiError(await api('POST', '/affiliates', { key, json: { refId, name: 'X', email: `${refId}@example.com` } }), 403, 'forbidden');
    expectApiError(await api('PATCH', `/affiliates/${a.refId}`, { key, json: { name: 'Changed' } }), 403, 'forbidden');
    expectApiError(await api('POST', `/affiliates/${a.refId}/suspend`, { key }), 403, 'forbidden');
    expectApiError(await api('POST', '/conversions', { key, json: { orderId: uniq('o'), total: '1.00', affiliate: a.refId } }), 403, 'forbidden');
    expectApiError(await api('POST', '/webhook-endpoints', { key, json: { url: 'https://example.com/h', events: ['conversion.created'] } }), 403, 'forbidden');
    expectApiError(await api('DELETE', '/coupons/NOPE', { key }), 403, 'forbidden');
    // Nor through the tracker's own server-to-server endpoints.
    expectApiError(await post('/t/sale', { orderId: uniq('o'), total: '1.00', affiliate: a.refId }, { authorization: `Bearer ${key}` }), 403, 'forbidden');
    expectApiError(await post('/t/refund', { orderId: uniq('o') }, { authorization: `Bearer ${key}` }), 403, 'forbidden');
    expectApiError(await r(`/affiliates/${refId}`), 404, 'not_found');
    const after = (await r(`/affiliates/${a.refId}`)).json;
    expect(after).toMatchObject({ name: `Name ${a.refId}`, status: 'approved' });
  });
});

describe('affiliates', () => {
  it('POST → 201 with the resource; GET by refId; PATCH; approve, decline, suspend', async () => {
    const parent = await newAffiliate();
    const a = await newAffiliate({ parent: parent.refId, website: 'https://blog.example' });
    expect(a).toEqual({
      refId: a.refId,
      name: `Name ${a.refId}`,
      email: `${a.refId}@example.com`,
      status: 'approved',
      parent: parent.refId,
      website: 'https://blog.example',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await r(`/affiliates/${a.refId}`)).json).toEqual(a);
    const patched = await w('PATCH', `/affiliates/${a.refId}`, { name: 'New Name', parent: null });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ refId: a.refId, name: 'New Name', parent: null, email: a.refId + '@example.com' });
    for (const [verb, status] of [['suspend', 'suspended'], ['decline', 'declined'], ['approve', 'approved']] as const) {
      const res = await w('POST', `/affiliates/${a.refId}/${verb}`);
      expect(res.status, res.text).toBe(200);
      expect(res.json.status).toBe(status);
    }
  });

  it('filters by status and q', async () => {
    const a = await newAffiliate();
    await w('POST', `/affiliates/${a.refId}/suspend`);
    const res = await r(`/affiliates?status=suspended&q=${encodeURIComponent(a.refId)}`);
    expect(res.json.data.map((x: { refId: string }) => x.refId)).toEqual([a.refId]);
    expect((await r(`/affiliates?status=approved&q=${encodeURIComponent(a.refId)}`)).json.data).toEqual([]);
  });

  it('400 invalid_request naming the field, 404 not_found, 409 conflict; nothing created', async () => {
    const refId = uniq('bad');
    expectApiError(await w('POST', '/affiliates', { refId, name: 'X', email: 'not-an-email' }), 400, 'invalid_request', 'email');
    expectApiError(await w('POST', '/affiliates', { refId: 'a b', name: 'X', email: `${refId}@example.com` }), 400, 'invalid_request', 'refId');
    expectApiError(await w('POST', '/affiliates', { refId, name: 'X', email: `${refId}@example.com`, parent: 'nobody-here' }), 400, 'invalid_request', 'parent');
    expectApiError(await r(`/affiliates/${refId}`), 404, 'not_found');
    expectApiError(await w('PATCH', `/affiliates/${refId}`, { name: 'X' }), 404, 'not_found');
    const a = await newAffiliate();
    expectApiError(await w('POST', '/affiliates', { refId: a.refId, name: 'X', email: `${uniq('e')}@example.com` }), 409, 'conflict');
    expectApiError(await r('/affiliates?limit=0'), 400, 'invalid_request', 'limit');
    expectApiError(await r('/affiliates?limit=101'), 400, 'invalid_request', 'limit');
    expectApiError(await r('/affiliates?status=nope'), 400, 'invalid_request', 'status');
    expectApiError(await r('/affiliates?cursor=garbage'), 400, 'invalid_request', 'cursor');
    expectApiError(await w('POST', '/affiliates', [1, 2]), 400, 'invalid_request');
    expectApiError(await api('GET', '/nothing-here', { key: p.readKey }), 404, 'not_found');
    expect((await api('PUT', '/affiliates', { key: p.writeKey })).status).toBe(405);
  });
});

describe('pagination', () => {
  it('walks every row once, newest first, with limit and cursor', async () => {
    const q = uniq('page');
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await newAffiliate({ name: `${q} ${i}` })).refId);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await r(`/affiliates?limit=3&q=${q}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(res.json.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.json.data.map((a: { refId: string }) => a.refId));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
    expect((await r(`/affiliates?q=${q}`)).json.data).toHaveLength(7); // default limit 25
  });
});

describe('conversions, commissions, refunds', () => {
  it('POST /conversions is the server-to-server sale; GET lists and reads it; commissions approve/decline; POST /refunds', async () => {
    const a = await newAffiliate();
    const s = await sale(a.refId, '200.00');
    expect(s).toMatchObject({ status: 'attributed', method: 'explicit', affiliate: a.refId });
    const dup = await w('POST', '/conversions', { orderId: 'x', total: '1.00', affiliate: a.refId });
    expect(dup.status).toBe(200);
    expect((await w('POST', '/conversions', { orderId: 'x', total: '1.00', affiliate: a.refId })).json.status).toBe('duplicate');

    const conv = await r(`/conversions/${s.conversionId}`);
    expect(conv.json).toMatchObject({ id: s.conversionId, total: 20000, refunded: 0, currency: 'USD', status: 'attributed', method: 'explicit', affiliate: a.refId, actionCode: null });
    expect((await r(`/conversions?affiliate=${a.refId}`)).json.data.map((c: { id: string }) => c.id)).toContain(s.conversionId);
    expect((await r(`/conversions?orderId=x`)).json.data).toHaveLength(1);
    expect((await r(`/conversions?affiliate=${uniq('none')}`)).json.data).toEqual([]);

    const list = await r(`/commissions?conversion=${s.conversionId}`);
    expect(list.json.data).toHaveLength(1);
    const c = list.json.data[0];
    expect(c).toMatchObject({ conversionId: s.conversionId, affiliate: a.refId, tier: 1, currency: 'USD', status: 'pending' });
    const approved = await w('POST', `/commissions/${c.id}/approve`);
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.status).toBe('approved');
    expect((await r(`/commissions?status=approved&affiliate=${a.refId}`)).json.data.map((x: { id: string }) => x.id)).toEqual([c.id]);

    const refunded = await w('POST', '/refunds', { orderId: (await r(`/conversions/${s.conversionId}`)).json.orderId });
    expect(refunded.status, refunded.text).toBe(200);
    expect(refunded.json).toMatchObject({ refunded: 20000, currency: 'USD', commissions: [expect.objectContaining({ status: 'declined' })] });
    // A declined commission cannot be approved again.
    expectApiError(await w('POST', `/commissions/${c.id}/approve`), 409, 'conflict');
    expect((await w('POST', `/commissions/${c.id}/decline`)).status).toBe(200);
  });

  it('errors: the sale names its field, an unknown order, unknown ids', async () => {
    expectApiError(await w('POST', '/conversions', { orderId: uniq('o'), total: '-5' }), 400, 'invalid_request', 'total');
    expectApiError(await w('POST', '/conversions', { orderId: uniq('o'), total: '5', currency: 'XX' }), 400, 'invalid_request', 'currency');
    expectApiError(await w('POST', '/refunds', { orderId: uniq('none') }), 404, 'unknown_order');
    expectApiError(await w('POST', '/refunds', {}), 400, 'invalid_request', 'orderId');
    expectApiError(await r('/conversions/not-a-uuid'), 404, 'not_found');
    expectApiError(await r(`/conversions/${crypto.randomUUID()}`), 404, 'not_found');
    expectApiError(await w('POST', `/commissions/${crypto.randomUUID()}/approve`), 404, 'not_found');
    expectApiError(await r('/conversions?from=2025-13-01'), 400, 'invalid_request', 'from');
  });
});

describe('campaigns, clicks, payouts, coupons', () => {
  it('lists campaigns and reads one; clicks list; payouts list empty; 404s', async () => {
    const campaigns = await r('/campaigns');
    expect(campaigns.status, campaigns.text).toBe(200);
    expect(campaigns.json.data.length).toBeGreaterThanOrEqual(1);
    const first = campaigns.json.data[0];
    expect((await r(`/campaigns/${first.id}`)).json).toEqual(first);
    expectApiError(await r('/campaigns/cmp_nope'), 404, 'not_found');
    const clicks = await r('/clicks?from=2024-01-01&to=2099-12-31');
    expect(clicks.status, clicks.text).toBe(200);
    expect(clicks.json).toEqual({ data: [], nextCursor: null });
    expect((await r('/payouts')).json).toEqual({ data: [], nextCursor: null });
    expectApiError(await r(`/payouts/${crypto.randomUUID()}`), 404, 'not_found');
  });

  it('clicks of the demo program, filtered by affiliate and day', async () => {
    const click = await request('/t/click', { method: 'POST', json: { account: 'demo', aff: 'demo-sub', channel: uniq('ch') } });
    expect(click.status, click.text).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const res = await api('GET', `/clicks?affiliate=demo-sub&from=${today}&to=${today}&limit=100`, { key: 'sk_demo_0000000000000000' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.data[0]).toMatchObject({ affiliate: 'demo-sub', unique: expect.any(Boolean), createdAt: expect.any(String) });
    expect(res.json.data.every((c: { affiliate: string }) => c.affiliate === 'demo-sub')).toBe(true);
  });

  it('coupons: create (201), list, delete deactivates (204), errors name the field', async () => {
    const a = await newAffiliate();
    const code = uniq('cp').toUpperCase().replace(/-/g, '_');
    const created = await w('POST', '/coupons', { code: code.toLowerCase(), affiliate: a.refId });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ code, affiliate: a.refId, active: true, campaign: null });
    expect((await r('/coupons')).json.data[0]).toMatchObject({ code });
    expectApiError(await w('POST', '/coupons', { code, affiliate: a.refId }), 409, 'conflict', 'code');
    expectApiError(await w('POST', '/coupons', { code: uniq('c').replace(/-/g, ''), affiliate: uniq('nobody') }), 404, 'not_found', 'affiliate');
    expectApiError(await w('POST', '/coupons', { code: '!', affiliate: a.refId }), 400, 'invalid_request', 'code');
    const del = await w('DELETE', `/coupons/${code}`);
    expect(del.status, del.text).toBe(204);
    expect((await r('/coupons')).json.data.find((c: { code: string }) => c.code === code).active).toBe(false);
    expectApiError(await w('DELETE', '/coupons/NOPE_NOPE'), 404, 'not_found');
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body answer the first response again (nothing made twice); another body → 409 idempotency_conflict', async () => {
    const refId = uniq('idem');
    const body = { refId, name: 'Idem', email: `${refId}@example.com` };
    const key = { 'idempotency-key': uniq('k') };
    const first = await w('POST', '/affiliates', body, key);
    expect(first.status, first.text).toBe(201);
    const again = await w('POST', '/affiliates', body, key);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expectApiError(await w('POST', '/affiliates', { ...body, name: 'Other' }, key), 409, 'idempotency_conflict');
    expect((await r(`/affiliates?q=${refId}`)).json.data).toHaveLength(1);
    // A sale retried with its key is one conversion, answered the same (not `duplicate`).
    const a = await newAffiliate();
    const saleKey = { 'idempotency-key': uniq('sale') };
    const saleBody = { orderId: uniq('o'), total: '10.00', affiliate: a.refId };
    const s1 = await w('POST', '/conversions', saleBody, saleKey);
    const s2 = await w('POST', '/conversions', saleBody, saleKey);
    expect(s1.json.status).toBe('attributed');
    expect(s2.json).toEqual(s1.json);
  });

  it('a failed request is not remembered: after fixing the cause the same key runs', async () => {
    const refId = uniq('retry');
    const key = { 'idempotency-key': uniq('k') };
    expectApiError(await w('POST', '/affiliates', { refId, name: 'R', email: 'bad' }, key), 400, 'invalid_request', 'email');
    // Another key is another request; the same key with the fixed body runs (the failure changed nothing).
    const ok = await w('POST', '/affiliates', { refId, name: 'R', email: `${refId}@example.com` }, key);
    expect(ok.status, ok.text).toBe(201);
  });

  it('keys are per API key: another key may reuse the same value', async () => {
    const key = { 'idempotency-key': uniq('shared') };
    const r1 = await w('POST', '/affiliates', { refId: uniq('s1'), name: 'S', email: `${uniq('s1')}@example.com` }, key);
    const r2 = await api('POST', '/affiliates', { key: other.writeKey, json: { refId: uniq('s2'), name: 'S', email: `${uniq('s2')}@example.com` }, headers: key });
    expect([r1.status, r2.status]).toEqual([201, 201]);
  });
});

describe('rate-limit headers', () => {
  it('every answer, errors too, carries X-RateLimit-Limit/Remaining/Reset for the key', async () => {
    const a = await r('/affiliates?limit=1');
    const b = await r('/affiliates?limit=1');
    for (const res of [a, b]) {
      expect(res.headers.get('x-ratelimit-limit')).toBe('600');
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    }
    expect(Number(b.headers.get('x-ratelimit-remaining'))).toBe(Number(a.headers.get('x-ratelimit-remaining')) - 1);
    const err = await r('/affiliates/nobody-at-all');
    expect(err.status).toBe(404);
    expect(err.headers.get('x-ratelimit-limit')).toBe('600');
  });
});

describe('tenant isolation', () => {
  it("another merchant's key never sees or changes this program's rows", async () => {
    const a = await newAffiliate();
    const s = await sale(a.refId);
    const [commission] = (await r(`/commissions?conversion=${s.conversionId}`)).json.data;
    const o = (method: string, path: string, json?: unknown) => api(method, path, { key: other.writeKey, json });
    expectApiError(await o('GET', `/affiliates/${a.refId}`), 404, 'not_found');
    expectApiError(await o('PATCH', `/affiliates/${a.refId}`, { name: 'Hijacked' }), 404, 'not_found');
    expectApiError(await o('POST', `/affiliates/${a.refId}/suspend`), 404, 'not_found');
    expectApiError(await o('GET', `/conversions/${s.conversionId}`), 404, 'not_found');
    expectApiError(await o('POST', `/commissions/${commission.id}/decline`), 404, 'not_found');
    expectApiError(await o('POST', '/refunds', { orderId: (await r(`/conversions/${s.conversionId}`)).json.orderId }), 404, 'unknown_order');
    expect((await o('GET', `/affiliates?q=${a.refId}`)).json.data).toEqual([]);
    expect((await o('GET', `/commissions?affiliate=${a.refId}`)).json.data).toEqual([]);
    expect((await o('GET', `/conversions?affiliate=${a.refId}`)).json.data).toEqual([]);
    // Its own affiliate's refId cannot be borrowed for a sale here either.
    expectApiError(await o('POST', '/conversions', { orderId: uniq('o'), total: '5.00', affiliate: a.refId }), 404, 'unknown_affiliate');
    // Nothing changed.
    expect((await r(`/affiliates/${a.refId}`)).json).toMatchObject({ status: 'approved', name: `Name ${a.refId}` });
    expect((await r(`/commissions?conversion=${s.conversionId}`)).json.data[0].status).toBe('pending');
  });
});
