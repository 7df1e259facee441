// GET /metrics (PLATFORM-API.md §5): Prometheus text with the tracking and webhook
// endpoints' requests by status, their latency and the click batch sizes; behind
// METRICS_TOKEN when it is set.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';
import { api, newProgram } from './helpers/api';
import { base, post, request, uniq, useApp } from './helpers/http';
import { click } from './helpers/tracking';

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',');
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return 0;
}

describe('GET /metrics', () => {
  it('answers Prometheus text that counts tracking requests by route and status', async () => {
    const before = (await request('/metrics')).text;
    await click();
    await click();
    const bad = await post('/t/click', { account: 'demo' });
    expect(bad.status).toBe(400);
    const res = await request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^# TYPE aff_http_requests_total counter$/m);
    const ok = { route: '/t/click', method: 'POST', status: '200' };
    expect(sample(res.text, 'aff_http_requests_total', ok) - sample(before, 'aff_http_requests_total', ok)).toBe(2);
    const refused = { route: '/t/click', method: 'POST', status: '400' };
    expect(sample(res.text, 'aff_http_requests_total', refused) - sample(before, 'aff_http_requests_total', refused)).toBe(1);
    expect(sample(res.text, 'aff_http_request_duration_seconds_count', { route: '/t/click' })).toBeGreaterThanOrEqual(3);
    // Each committed click went through a batch of at least one.
    expect(sample(res.text, 'aff_click_batch_size_sum') - sample(before, 'aff_click_batch_size_sum')).toBe(2);
    expect(res.text).toMatch(/^aff_process_resident_memory_bytes \d+/m);
  });

  it('labels webhook deliveries by provider, and every unknown path or provider as other', async () => {
    const unsigned = await post('/webhooks/generic?account=demo', { id: 'x' });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    await post('/webhooks/no-such-provider?account=demo', {});
    const text = (await request('/metrics')).text;
    expect(sample(text, 'aff_http_requests_total', { route: '/webhooks/generic', status: String(unsigned.status) })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'aff_http_requests_total', { route: '/webhooks/other' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('no-such-provider');
  });

  it('is the process’s one registry: the tracking routes of different chunks count together', async () => {
    await post('/t/sale', { account: 'demo', orderId: `M-${Date.now()}`, total: '1.00', currency: 'USD' });
    const text = (await request('/metrics')).text;
    expect(sample(text, 'aff_http_request_duration_seconds_count', { route: '/t/sale' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'aff_http_request_duration_seconds_count', { route: '/t/click' })).toBeGreaterThanOrEqual(1);
    expect(base()).toBeTruthy();
  });
});

describe('with METRICS_TOKEN (and webhooks to a local endpoint allowed)', () => {
  let app: { baseURL: string; stop(): Promise<void> };
  let silent: net.Server | undefined;
  beforeAll(async () => {
    app = await startTestServer({ label: 'metrics', env: { METRICS_TOKEN: 'scrape-secret-123', WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_TIMEOUT_MS: '20000' } });
  }, 240_000);
  afterAll(async () => {
    useApp(undefined);
    silent?.close();
    await app?.stop();
  });

  it('refuses a scrape without the bearer token or with another, and answers with it', async () => {
    const none = await fetch(`${app.baseURL}/metrics`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await fetch(`${app.baseURL}/metrics`, { headers: { authorization: 'Bearer scrape-secret-124' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${app.baseURL}/metrics`, { headers: { authorization: 'Bearer scrape-secret-123' } });
    expect(right.status).toBe(200);
    expect(await right.text()).toMatch(/^# TYPE /m);
  });

  it('shows the mail and webhook delivery backlog: undelivered outbox messages by kind and status, and the oldest one’s age', async () => {
    const scrape = async () => (await fetch(`${app.baseURL}/metrics`, { headers: { authorization: 'Bearer scrape-secret-123' } })).text();
    const pending = (text: string) => ['queued', 'retrying', 'sending'].reduce((n, status) => n + sample(text, 'aff_outbox_pending_messages', { kind: 'webhook', status }), 0);
    const before = await scrape();
    expect(before).toMatch(/^# TYPE aff_outbox_pending_messages gauge$/m);
    expect(before).toMatch(/^# TYPE aff_outbox_oldest_pending_seconds gauge$/m);
    // Every known kind has its series, at 0 when nothing waits.
    for (const kind of ['mail', 'webhook']) expect(before).toMatch(new RegExp(`^aff_outbox_pending_messages\\{kind="${kind}",status="queued"\\} \\d+$`, 'm'));

    // An endpoint that accepts the connection and never answers: the affiliate.created message stays undelivered.
    silent = net.createServer(() => {});
    await new Promise<void>((r) => silent!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/hook`;
    useApp(app.baseURL);
    const p = await newProgram('backlog');
    const hook = await api('POST', '/webhook-endpoints', { key: p.writeKey, json: { url, events: ['affiliate.created'] } });
    expect(hook.status, hook.text).toBe(201);
    const refId = uniq('bl').toLowerCase();
    expect((await api('POST', '/affiliates', { key: p.writeKey, json: { refId, name: refId, email: `${refId}@example.com` } })).status).toBe(201);

    let text = '';
    for (let i = 0; i < 50 && pending(text) - pending(before) < 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await scrape();
    }
    expect(pending(text) - pending(before)).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1500));
    text = await scrape();
    expect(pending(text) - pending(before)).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'aff_outbox_oldest_pending_seconds', { kind: 'webhook' })).toBeGreaterThan(1);
  });
});
