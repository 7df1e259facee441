// Outgoing webhooks through the outbox, in process against a real node:http receiver:
// an event is queued in the change's transaction and sent only after it commits (a rolled
// back change sends nothing); retries keep the webhook-id; a message that fails for good on
// an endpoint failing for days turns the endpoint off and mails the owner; a rotated secret
// signs twice during its grace period; the send-time check refuses private addresses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE = '1';
  process.env.WEBHOOK_RETRY_SCHEDULE = '0,0';
});

import * as s from '@/db/schema';
import { drainOutbox } from '@/server/outbox';
import { registerWebhookHandler, postWebhook } from '@/server/outgoing-webhooks/deliver';
import { emitWebhookEvent } from '@/server/outgoing-webhooks/events';
import { createWebhookEndpoint, rotateWebhookSecret, resendWebhookMessage } from '@/server/outgoing-webhooks/endpoints';
import { lookupChecked } from '@/server/outgoing-webhooks/target';
import { forgetEndpoints } from '@/server/outgoing-webhooks/subscriptions';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

let t: TestDb;
let receiver: http.Server;
let url: string;
const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let answer = 200;
const actor = { userId: null, ip: '127.0.0.1' };

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  registerWebhookHandler();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(answer).end(answer === 200 ? 'ok' : 'broken');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/in`;
}, 180_000);
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});

const drain = () => drainOutbox(t.db, { kinds: ['webhook'], includeScheduled: true });
const headersOf = (h: http.IncomingHttpHeaders) => ({
  'webhook-id': String(h['webhook-id']),
  'webhook-timestamp': String(h['webhook-timestamp']),
  'webhook-signature': String(h['webhook-signature']),
});

describe('after commit only', () => {
  it('a rolled-back change queues nothing; a committed one is sent by the worker, signed', async () => {
    const endpoint = await createWebhookEndpoint(t.db, 'demo', actor, { url, events: ['affiliate.created'] });
    got.length = 0;
    await t.db
      .transaction(async (tx) => {
        await emitWebhookEvent(tx, 'demo', 'affiliate.created', { refId: 'rolled-back' });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    await drain();
    expect(got).toEqual([]);

    await t.db.transaction(async (tx) => {
      expect(await emitWebhookEvent(tx, 'demo', 'affiliate.created', { refId: 'committed' })).toBe(1);
      // Nothing leaves the process while the transaction is open.
      expect(got).toEqual([]);
    });
    await drain();
    expect(got).toHaveLength(1);
    const event = new Webhook(endpoint.secret).verify(got[0]!.body, headersOf(got[0]!.headers)) as { type: string; data: unknown };
    expect(event).toMatchObject({ type: 'affiliate.created', data: { refId: 'committed' } });
    await t.db.delete(s.webhookEndpoints).where(eq(s.webhookEndpoints.id, endpoint.id));
    forgetEndpoints();
  });
});

describe('failures', () => {
  it('retries keep the webhook-id; giving up on an endpoint failing for days turns it off and mails the owner; send again', async () => {
    const endpoint = await createWebhookEndpoint(t.db, 'demo', actor, { url, events: ['refund.created'] });
    got.length = 0;
    answer = 500;
    await t.db.transaction((tx) => emitWebhookEvent(tx, 'demo', 'refund.created', { orderId: 'R-1' }));
    for (let i = 0; i < 3; i++) await drain();
    expect(got).toHaveLength(3);
    expect(new Set(got.map((g) => g.headers['webhook-id'])).size).toBe(1);
    const attempts = await t.db.select().from(s.webhookAttempts).where(eq(s.webhookAttempts.endpointId, endpoint.id)).orderBy(s.webhookAttempts.id);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.responseStatus, a.responseBody])).toEqual([
      [1, 'failed', 500, 'broken'],
      [2, 'failed', 500, 'broken'],
      [3, 'gave_up', 500, 'broken'],
    ]);
    expect(attempts.every((a) => a.durationMs >= 0)).toBe(true);
    const [after] = await t.db.select().from(s.webhookEndpoints).where(eq(s.webhookEndpoints.id, endpoint.id));
    expect(after).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('failed for three days') });
    const mails = await t.db.select().from(s.outboxMessages).where(eq(s.outboxMessages.kind, 'mail'));
    expect(mails.map((m) => (m.payload as { mailKind: string }).mailKind)).toContain('webhook_endpoint_disabled');
    // Turned off: nothing more is sent, and "send again" waits until it is on.
    await expect(resendWebhookMessage(t.db, 'demo', actor, endpoint.id, attempts[0]!.messageId)).rejects.toThrow(/turned off/);
    await t.db.update(s.webhookEndpoints).set({ enabled: true, disabledReason: null }).where(eq(s.webhookEndpoints.id, endpoint.id));
    forgetEndpoints();
    answer = 200;
    got.length = 0;
    await resendWebhookMessage(t.db, 'demo', actor, endpoint.id, attempts[0]!.messageId);
    await drain();
    expect(got).toHaveLength(1);
    expect(got[0]!.headers['webhook-id']).toBe(attempts[0]!.messageId);
    expect(new Webhook(endpoint.secret).verify(got[0]!.body, headersOf(got[0]!.headers))).toMatchObject({ type: 'refund.created' });
  });
});

describe('secrets and targets', () => {
  it('after a rotation both the new and the old secret verify, during the grace period', async () => {
    const endpoint = await createWebhookEndpoint(t.db, 'demo', actor, { url, events: ['payout.paid'] });
    const rotated = await rotateWebhookSecret(t.db, 'demo', actor, endpoint.id);
    expect(rotated.secret).not.toBe(endpoint.secret);
    got.length = 0;
    await t.db.transaction((tx) => emitWebhookEvent(tx, 'demo', 'payout.paid', { id: 'p' }));
    await drain();
    expect(got).toHaveLength(1);
    expect(String(got[0]!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [rotated.secret, endpoint.secret]) expect(new Webhook(secret).verify(got[0]!.body, headersOf(got[0]!.headers))).toMatchObject({ type: 'payout.paid' });
  });

  it('the send-time check refuses private addresses, by IP or by a name resolving to one', async () => {
    got.length = 0;
    for (const target of [url, url.replace('127.0.0.1', 'localhost'), url.replace('127.0.0.1', '[::ffff:127.0.0.1]')]) {
      const r = await postWebhook(target, {}, '{}', { allowPrivate: false, timeoutMs: 2000 });
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/private, loopback or link-local/);
    }
    expect(got).toEqual([]);
    // With the rule allowing them, the same call goes through.
    expect((await postWebhook(url, {}, '{}', { allowPrivate: true })).ok).toBe(true);
    // The lookup alone (names) refuses too.
    const refused = await new Promise<Error | null>((resolve) => lookupChecked(() => false)('localhost', {}, (err) => resolve(err)));
    expect(refused?.message).toMatch(/private, loopback or link-local/);
  });

  it('a timeout is a failed attempt', async () => {
    const slow = http.createServer(() => {});
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const r = await postWebhook(`http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, {}, '{}', { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, status: null, error: expect.stringContaining('no answer within 300 ms') });
    slow.closeAllConnections();
    await new Promise((res) => slow.close(res));
  });
});
