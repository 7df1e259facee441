// Shared helpers for the HTTP integration tests of /t/click, /t/sale and /t/refund
// (TRACKING-API.md §0, §2–4). Assertions only; every request goes over real HTTP.
import { expect } from 'vitest';
import { post, request, s2s, uniq, type Res } from './http';

export const HEX32 = /^[0-9a-f]{32}$/;
/** What a stack trace line looks like; it must never appear in a response. */
export const STACK = /at .*\.js/;

/** The contract's error shape: JSON `{error: {code, message}}`, the status, no internals. */
export function expectError(res: Res, status: number, code: string, field?: string | RegExp) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type') ?? '', res.text).toMatch(/application\/json/);
  expect(res.json, res.text).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(Object.keys(res.json)).toEqual(['error']);
  expect(res.json.error.message.length).toBeGreaterThan(0);
  expect(res.text).not.toMatch(STACK);
  expect(res.text).not.toMatch(/node_modules|\/work\/|\.next\/server|SELECT |INSERT INTO/i);
  if (field !== undefined) {
    if (typeof field === 'string') expect(res.json.error.message, res.text).toContain(field);
    else expect(res.json.error.message, res.text).toMatch(field);
  }
}

/** A browser-style click for the demo program; returns the response (visitorId in json). */
export async function click(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await post('/t/click', { account: 'demo', aff: 'demo-aff', ...extra }, headers);
  expect(res.status, res.text).toBe(200);
  expect(res.json.visitorId).toMatch(HEX32);
  return res.json.visitorId as string;
}

/** A browser sale of the demo account. */
export const sale = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post('/t/sale', { account: 'demo', ...body }, headers);

/** A server-to-server sale with the demo API key. */
export const s2sSale = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post('/t/sale', body, { ...s2s, ...headers });

/** A refund with the demo API key. */
export const refund = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post('/t/refund', body, { ...s2s, ...headers });

/** A GET with a query built from an object (values URL-encoded). */
export const getQuery = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
  request(`${path}?${new URLSearchParams(params)}`, { headers });

/** One commission line as the contract shows it. */
export const line = (affiliate: string, tier: number, amount: number, status = 'pending', currency = 'USD') => ({
  affiliate,
  tier,
  amount,
  currency,
  status,
});

/** An attributed s2s sale (explicit affiliate) of `total` USD; returns the order id and the response. */
export async function explicitSale(total: string, affiliate = 'demo-aff', extra: Record<string, unknown> = {}) {
  const orderId = uniq('o');
  const res = await s2sSale({ orderId, total, currency: 'USD', affiliate, ...extra });
  expect(res.status, res.text).toBe(200);
  expect(res.json.method).toBe('explicit');
  return { orderId, res };
}
