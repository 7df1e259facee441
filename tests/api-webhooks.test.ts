// Outgoing webhooks end to end (PLATFORM-API.md §3): an app of this file's own (private
// targets allowed, retries after 1 s) sends its events to a real node:http receiver, which
// verifies every signature with the standardwebhooks library; a 500 is retried with the
// same webhook-id and then delivered once. The shared app (private targets not allowed)
// refuses loopback, private and link-local targets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';
import { api, expectApiError, newKey, newProgram, type Program } from './helpers/api';
import { uniq, useApp } from './helpers/http';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
/** How many deliveries of an event type to answer 500 before answering 200. */
const failures = new Map<string, number>();

let app: { baseURL: string; stop(): Promise<void> };
let p: Program;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let type = '';
      try {
        type = (JSON.parse(body) as { type: string }).type;
      } catch {}
      const left = failures.get(type) ?? 0;
      if (left > 0) failures.set(type, left - 1);
      const status = left > 0 ? 500 : 200;
      received.push({ headers: req.headers, body, answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  useApp(undefined);
  await app?.stop();
  await new Promise((r) => receiver.close(r));
});

describe('targets on private addresses are refused (the shared app)', () => {
  it.each([
    ['http://127.0.0.1:8080/x'],
    ['http://localhost/x'],
    ['http://10.1.2.3/x'],
    ['http://192.168.1.10/x'],
    ['http://169.254.169.254/latest/meta-data'],
    ['http://[::1]/x'],
    ['http://[fe80::1]/x'],
    ['http://[::ffff:127.0.0.1]/x'],
  ])('%s → 400 naming url, nothing created', async (url) => {
    const prog = await newProgram('priv');
    const res = await api('POST', '/webhook-endpoints', { key: prog.writeKey, json: { url, events: ['conversion.created'] } });
    expectApiError(res, 400, 'invalid_request', 'url');
    expect((await api('GET', '/webhook-endpoints', { key: prog.readKey })).json.data).toEqual([]);
  });

  it('a URL that is not http(s), or names no events → 400 naming the field', async () => {
    const prog = await newProgram('bad');
    expectApiError(await api('POST', '/webhook-endpoints', { key: prog.writeKey, json: { url: 'ftp://example.com/x', events: ['conversion.created'] } }), 400, 'invalid_request', 'url');
    expectApiError(await api('POST', '/webhook-endpoints', { key: prog.writeKey, json: { url: 'https://example.com/x', events: [] } }), 400, 'invalid_request', 'events');
    expectApiError(await api('POST', '/webhook-endpoints', { key: prog.writeKey, json: { url: 'https://example.com/x', events: ['nope'] } }), 400, 'invalid_request', 'events.0');
  });
});

describe('delivery to a real receiver', () => {
  beforeAll(async () => {
    app = await startTestServer({ label: 'webhooks', env: { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_SCHEDULE: '1,1,1', OUTBOX_POLL_MS: '200', API_RATE_LIMIT: '60' } });
    useApp(app.baseURL);
    p = await newProgram('hooks');
  }, 90_000);

  const verified = (secret: string, r: Received) =>
    new Webhook(secret).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    }) as { type: string; timestamp: string; data: Record<string, unknown> };

  it('endpoints: 201 with a whsec_ secret, list, PATCH, test event signed and delivered, DELETE', async () => {
    const created = await api('POST', '/webhook-endpoints', { key: p.writeKey, json: { url: receiverUrl, events: ['affiliate.created'], description: 'CRM' } });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ url: receiverUrl, events: ['affiliate.created'], enabled: true, description: 'CRM', secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/) });
    const id = created.json.id as string;
    expect((await api('GET', '/webhook-endpoints', { key: p.readKey })).json.data.map((e: { id: string; secret?: string }) => [e.id, e.secret])).toEqual([[id, undefined]]);
    const patched = await api('PATCH', `/webhook-endpoints/${id}`, { key: p.writeKey, json: { events: ['affiliate.created', 'conversion.created'] } });
    expect(patched.json.events).toEqual(['affiliate.created', 'conversion.created']);

    const before = received.length;
    const test = await api('POST', `/webhook-endpoints/${id}/test`, { key: p.writeKey });
    expect(test.status, test.text).toBe(200);
    const got = await vi.waitFor(() => {
      const r = received.slice(before).find((x) => x.headers['webhook-id'] === test.json.messageId);
      expect(r).toBeDefined();
      return r!;
    }, { timeout: 15_000, interval: 100 });
    const event = verified(created.json.secret, got);
    expect(event).toMatchObject({ type: 'webhook.test', timestamp: expect.any(String) });
    expect(() => new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`).verify(got.body, got.headers as Record<string, string>)).toThrow();

    expect((await api('DELETE', `/webhook-endpoints/${id}`, { key: p.writeKey })).status).toBe(204);
    expectApiError(await api('GET', `/webhook-endpoints/${id}`, { key: p.readKey }), 404, 'not_found');
    expectApiError(await api('POST', `/webhook-endpoints/${id}/test`, { key: p.writeKey }), 404, 'not_found');
  });

  it('affiliate.created and conversion.created carry the resources; a 500 is retried with the same webhook-id and delivered once', { timeout: 90_000 }, async () => {
    const created = await api('POST', '/webhook-endpoints', { key: p.writeKey, json: { url: receiverUrl, events: ['affiliate.created', 'conversion.created', 'commission.created', 'commission.approved'] } });
    const secret = created.json.secret as string;
    const refId = uniq('hook');
    const before = received.length;
    expect((await api('POST', '/affiliates', { key: p.writeKey, json: { refId, name: 'Hooked', email: `${refId}@example.com` } })).status).toBe(201);
    const affiliateEvent = await vi.waitFor(() => {
      const r = received.slice(before).map((x) => ({ x, e: verified(secret, x) })).find(({ e }) => e.type === 'affiliate.created' && e.data.refId === refId);
      expect(r).toBeDefined();
      return r!;
    }, { timeout: 15_000, interval: 100 });
    expect(affiliateEvent.e.data).toMatchObject({ refId, name: 'Hooked', status: 'approved', parent: null });

    // The receiver is down for two attempts.
    failures.set('conversion.created', 2);
    const mark = received.length;
    const sale = await api('POST', '/conversions', { key: p.writeKey, json: { orderId: uniq('o'), total: '80.00', affiliate: refId } });
    expect(sale.status, sale.text).toBe(200);
    const attempts = await vi.waitFor(() => {
      const conv = received.slice(mark).filter((x) => verified(secret, x).type === 'conversion.created');
      expect(conv.map((c) => c.answered)).toEqual([500, 500, 200]);
      return conv;
    }, { timeout: 30_000, interval: 200 });
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    expect(attempts.map((a) => a.body)).toEqual([attempts[0]!.body, attempts[0]!.body, attempts[0]!.body]);
    expect(verified(secret, attempts[2]!).data).toMatchObject({ id: sale.json.conversionId, total: 8000, currency: 'USD', affiliate: refId, status: 'attributed' });
    const commission = await vi.waitFor(() => {
      const c = received.slice(mark).map((x) => verified(secret, x)).find((e) => e.type === 'commission.created');
      expect(c).toBeDefined();
      return c!;
    }, { timeout: 15_000 });
    expect(commission.data).toMatchObject({ conversionId: sale.json.conversionId, affiliate: refId, tier: 1, amount: 800, status: 'pending' });

    // Approving over the API sends commission.approved.
    const m2 = received.length;
    expect((await api('POST', `/commissions/${commission.data.id}/approve`, { key: p.writeKey })).status).toBe(200);
    await vi.waitFor(() => expect(received.slice(m2).map((x) => verified(secret, x)).find((e) => e.type === 'commission.approved')?.data.id).toBe(commission.data.id), {
      timeout: 15_000,
    });
    // Nothing is delivered twice once answered 200.
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.filter((x) => x.headers['webhook-id'] === attempts[0]!.headers['webhook-id'] && x.answered === 200)).toHaveLength(1);

    // The delivery log over the API (a read key): every attempt with its answer, newest first.
    const endpointId = created.json.id as string;
    const messageId = String(attempts[0]!.headers['webhook-id']);
    type Attempt = { id: string; messageId: string; attempt: number; outcome: string; responseStatus: number | null; responseBody: string | null; durationMs: number; createdAt: string };
    const log = await vi.waitFor(async () => {
      const res = await api('GET', `/webhook-endpoints/${endpointId}/attempts?limit=100`, { key: p.readKey });
      expect(res.status, res.text).toBe(200);
      const mine = (res.json.data as Attempt[]).filter((a) => a.messageId === messageId);
      expect(mine.map((a) => [a.attempt, a.outcome, a.responseStatus, a.responseBody])).toEqual([
        [3, 'succeeded', 200, 'ok'],
        [2, 'failed', 500, 'try later'],
        [1, 'failed', 500, 'try later'],
      ]);
      return res.json as { data: Attempt[]; nextCursor: string | null };
    }, { timeout: 15_000, interval: 200 });
    expect(log.nextCursor).toBeNull();
    expect(log.data.every((a) => a.durationMs >= 0 && !Number.isNaN(Date.parse(a.createdAt)))).toBe(true);
    // Paged by cursor: no row skipped or repeated.
    const paged: Attempt[] = [];
    let cursor: string | null = null;
    do {
      const res = await api('GET', `/webhook-endpoints/${endpointId}/attempts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: p.readKey });
      expect(res.status, res.text).toBe(200);
      paged.push(...res.json.data);
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(paged.map((a) => a.id)).toEqual(log.data.map((a) => a.id));
    expectApiError(await api('GET', `/webhook-endpoints/${endpointId}/attempts?cursor=nope`, { key: p.readKey }), 400, 'invalid_request', 'cursor');
    // Another program's key sees nothing of it.
    const stranger = await newProgram('stranger');
    expectApiError(await api('GET', `/webhook-endpoints/${endpointId}/attempts`, { key: stranger.readKey }), 404, 'not_found');
    // "Send again": a write key queues the same message once more (same webhook-id); a read key may not.
    expectApiError(await api('POST', `/webhook-endpoints/${endpointId}/attempts/${messageId}/resend`, { key: p.readKey }), 403, 'forbidden');
    expectApiError(await api('POST', `/webhook-endpoints/${endpointId}/attempts/${messageId}/resend`, { key: stranger.writeKey }), 404, 'not_found');
    expectApiError(await api('POST', `/webhook-endpoints/${endpointId}/attempts/msg_unknown/resend`, { key: p.writeKey }), 404, 'not_found');
    const again = await api('POST', `/webhook-endpoints/${endpointId}/attempts/${messageId}/resend`, { key: p.writeKey });
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual({ messageId });
    await vi.waitFor(() => expect(received.filter((x) => x.headers['webhook-id'] === messageId && x.answered === 200)).toHaveLength(2), { timeout: 15_000, interval: 200 });
  });

  it('an event of a change that failed is never sent', async () => {
    await api('POST', '/webhook-endpoints', { key: p.writeKey, json: { url: receiverUrl, events: ['affiliate.created'] } });
    const a = uniq('dup');
    expect((await api('POST', '/affiliates', { key: p.writeKey, json: { refId: a, name: 'One', email: `${a}@example.com` } })).status).toBe(201);
    const mark = received.length;
    // The same e-mail: refused, nothing written, nothing sent.
    const b = uniq('dup');
    expectApiError(await api('POST', '/affiliates', { key: p.writeKey, json: { refId: b, name: 'Two', email: `${a}@example.com` } }), 409, 'conflict', 'email');
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.slice(mark).filter((x) => x.body.includes(b))).toEqual([]);
  });
});

describe('rate limit (API_RATE_LIMIT=60 on this app)', () => {
  it('past the limit a key gets 429 with Retry-After; another key is not affected', async () => {
    const key = await newKey(p.cookie, 'read');
    let last;
    for (let i = 0; i < 60; i++) {
      last = await api('GET', '/campaigns?limit=1', { key });
      expect(last.status, last.text).toBe(200);
    }
    expect(last!.headers.get('x-ratelimit-limit')).toBe('60');
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await api('GET', '/campaigns?limit=1', { key });
    expectApiError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await api('GET', '/campaigns?limit=1', { key: p.readKey })).status).toBe(200);
  });
});
