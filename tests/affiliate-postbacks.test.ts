// Affiliate postbacks against a real node:http receiver: a conversion credited to an affiliate
// with a template fires a GET with every macro URL-encoded (spaces, &, Unicode); a 500 is
// retried through the outbox and the postback then logged delivered; another affiliate's
// conversions, a parent's tier-2 commission and test conversions never fire it; a loopback
// target is refused when WEBHOOK_ALLOW_PRIVATE is not 1, at save time and at send time; bad
// templates are refused naming the field, storing nothing; the affiliate sees only its own
// log; the merchant can turn a postback off; "send test postback" is sent once and logged.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The receiver listens on 127.0.0.1; the refusal cases turn the rule off below.
  process.env.WEBHOOK_ALLOW_PRIVATE = '1';
  process.env.WEBHOOK_RETRY_SCHEDULE = '0,0';
});

import * as s from '@/db/schema';
import { env } from '@/server/env';
import { newVisitorId } from '@/server/ids';
import { toMajorString } from '@/server/money';
import { drainOutbox } from '@/server/outbox';
import { POSTBACK_KIND, POSTBACK_TEST_KIND, listPostbackAttempts, registerPostbackHandlers, saveAffiliatePostback, setPostbackBlocked } from '@/server/postbacks';
import { ClickWriter } from '@/server/tracking/click-writer';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import type { Context } from '@/server/trpc/init';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

interface Hit {
  method: string;
  path: string;
  query: string;
  body: string;
}

let t: TestDb;
let receiver: http.Server;
let base: string;
const hits: Hit[] = [];
/** Statuses to answer, in order; 200 once empty. */
const answers: number[] = [];
let demoAff: s.Affiliate;
let other: s.Affiliate;
let child: s.Affiliate;
const actor = { userId: null, ip: '127.0.0.1' };

const SUB1 = 'buyer click & co=1/ünï 日本 ✓';
const ORDER = 'PB 1&2 #ü';
const TEMPLATE = (b: string) =>
  `${b}/pb?click={click_id}&sub1={data1}&amount={commission}&minor={commission_minor}&cur={currency}&order={order_id}&conv={conversion_id}` +
  '&action={action}&status={status}&total={total}&campaign={campaign}&channel={channel}&banner={banner}&d2={data2}&ts={timestamp}&test={test}&vid={visitor_id}';

const session = (user: Partial<Session['user']>): Session => ({ user: { email: 'x@example.com', ...user }, expires: '2099-01-01' }) as Session;
const ctxOf = (user: Partial<Session['user']>): Context => ({ db: t.db, session: session(user), ip: '192.0.2.10' });
const asAffiliate = (a: s.Affiliate) => createCaller(ctxOf({ id: crypto.randomUUID(), role: 'affiliate', merchantId: a.merchantId, affiliateId: a.id }));

const drain = () => drainOutbox(t.db, { kinds: [POSTBACK_KIND, POSTBACK_TEST_KIND], includeScheduled: true });
const params = (h: Hit) => Object.fromEntries(new URLSearchParams(h.query));

/** With WEBHOOK_ALLOW_PRIVATE as it is by default (0) for the duration of `work`. */
async function privateRefused<T>(work: () => Promise<T>): Promise<T> {
  const e = env();
  e.WEBHOOK_ALLOW_PRIVATE = '0';
  try {
    return await work();
  } finally {
    e.WEBHOOK_ALLOW_PRIVATE = '1';
  }
}

async function clickFor(a: s.Affiliate, data: Partial<s.NewClick> = {}) {
  const visitorId = newVisitorId();
  const id = await new ClickWriter(async () => t.db).write({ merchantId: 'demo', visitorId, affiliateId: a.id, campaignId: 'cmp_demo', ...data }, true);
  return { visitorId, id };
}

async function outboxOf(kind: string) {
  return t.db.select().from(s.outboxMessages).where(eq(s.outboxMessages.kind, kind));
}

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  invalidateLookups();
  registerPostbackHandlers();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '').split('?');
      hits.push({ method: req.method ?? '', path: path!, query, body });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'OK recorded' : 'try again later');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  demoAff = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
  other = (await t.db.insert(s.affiliates).values({ merchantId: 'demo', refId: 'pb-other', name: 'Other', email: 'pb-other@example.com', status: 'approved' }).returning())[0]!;
  child = (await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'pb-child', name: 'Child', email: 'pb-child@example.com', status: 'approved', parentId: demoAff.id })
    .returning())[0]!;
}, 180_000);

afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});

beforeEach(() => {
  hits.length = 0;
  answers.length = 0;
});

describe('a conversion fires its affiliate’s postback', () => {
  it('a GET with URL-encoded macros; a 500 is retried and the postback then logged delivered', async () => {
    const saved = await asAffiliate(demoAff).affiliate.postback.save({ urlTemplate: TEMPLATE(base) });
    expect(saved).toMatchObject({ method: 'GET', enabled: true, blockedByMerchant: false });
    await asAffiliate(other).affiliate.postback.save({ urlTemplate: `${base}/other?order={order_id}` });

    const click = await clickFor(demoAff, { data1: SUB1, channel: 'news letter' });
    const sale = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: ORDER, total: '120.50', visitorId: click.visitorId });
    expect(sale.status).toBe('attributed');
    expect(sale.affiliate).toBe('demo-aff');
    const [commission] = await t.db
      .select()
      .from(s.commissions)
      .where(and(eq(s.commissions.conversionId, sale.conversionId), eq(s.commissions.tier, 1)));
    // Nothing is sent on the tracker's path: only the outbox worker sends.
    expect(hits).toEqual([]);

    answers.push(500);
    expect(await drain()).toMatchObject({ retrying: 1 });
    expect(hits).toHaveLength(1);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(hits).toHaveLength(2);
    // The same request both times.
    expect(hits[1]).toEqual(hits[0]);
    const h = hits[1]!;
    expect(h.method).toBe('GET');
    expect(h.path).toBe('/pb');
    // encodeURIComponent on every value: nothing of the sub-id or the order id leaks into the query's structure.
    expect(h.query).toContain(`sub1=${encodeURIComponent(SUB1)}`);
    expect(h.query).toContain(`order=${encodeURIComponent(ORDER)}`);
    expect(h.query).toContain('channel=news%20letter');
    expect(params(h)).toEqual({
      click: String(click.id),
      sub1: SUB1,
      amount: toMajorString(commission!.originalAmount, commission!.currency),
      minor: String(commission!.originalAmount),
      cur: 'USD',
      order: ORDER,
      conv: sale.conversionId,
      action: 'sale',
      status: commission!.status,
      total: '120.50',
      campaign: 'cmp_demo',
      channel: 'news letter',
      banner: '',
      d2: '',
      ts: expect.stringMatching(/^\d{10}$/),
      test: '0',
      vid: click.visitorId,
    });
    expect(params(h).amount).toBe('12.05');

    const log = await asAffiliate(demoAff).affiliate.postback.attempts({ limit: 10 });
    expect(log.data.map((a) => [a.attempt, a.outcome, a.responseStatus, a.responseBody])).toEqual([
      [2, 'succeeded', 200, 'OK recorded'],
      [1, 'failed', 500, 'try again later'],
    ]);
    expect(new Set(log.data.map((a) => a.messageId)).size).toBe(1);
    expect(log.data[0]).toMatchObject({ conversionId: sale.conversionId, test: false, method: 'GET', url: `${base}/pb?${h.query}` });
    expect(log.data.every((a) => a.durationMs >= 0)).toBe(true);
    const [row] = (await outboxOf(POSTBACK_KIND)).filter((m) => m.id === log.data[0]!.messageId);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    // Paged like the API's lists.
    const first = await asAffiliate(demoAff).affiliate.postback.attempts({ limit: 1 });
    expect(first.data).toHaveLength(1);
    const second = await asAffiliate(demoAff).affiliate.postback.attempts({ limit: 1, cursor: first.nextCursor! });
    expect(second.data.map((a) => a.attempt)).toEqual([1]);
  });

  it('another affiliate’s conversion fires that affiliate’s postback only; an affiliate without one fires none', async () => {
    const before = (await outboxOf(POSTBACK_KIND)).length;
    const sale = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'PB-OTHER-1', total: '10.00', explicitAffiliate: 'pb-other' });
    await drain();
    expect(hits.map((h) => [h.path, params(h)])).toEqual([['/other', { order: 'PB-OTHER-1' }]]);
    expect((await outboxOf(POSTBACK_KIND)).length).toBe(before + 1);
    // Each affiliate's log holds its own postbacks only.
    const mine = await asAffiliate(demoAff).affiliate.postback.attempts({ limit: 100 });
    expect(mine.data.some((a) => a.conversionId === sale.conversionId)).toBe(false);
    const theirs = await asAffiliate(other).affiliate.postback.attempts({ limit: 100 });
    expect(theirs.data.map((a) => a.conversionId)).toEqual([sale.conversionId]);

    const [plain] = await t.db.insert(s.affiliates).values({ merchantId: 'demo', refId: 'pb-plain', name: 'Plain', email: 'pb-plain@example.com', status: 'approved' }).returning();
    await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'PB-PLAIN-1', total: '10.00', explicitAffiliate: plain!.refId });
    expect((await outboxOf(POSTBACK_KIND)).length).toBe(before + 1);
  });

  it('a parent’s tier-2 commission does not fire the parent’s postback; test conversions fire nothing', async () => {
    const before = (await outboxOf(POSTBACK_KIND)).length;
    const sale = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'PB-CHILD-1', total: '50.00', explicitAffiliate: 'pb-child' });
    const tiers = await t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, sale.conversionId));
    expect(tiers.map((c) => [c.tier, c.affiliateId]).sort()).toEqual([[1, child.id], [2, demoAff.id]].sort());
    await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: 'PB-TEST-1', total: '50.00', explicitAffiliate: 'demo-aff', test: true });
    await drain();
    expect((await outboxOf(POSTBACK_KIND)).length).toBe(before);
    expect(hits).toEqual([]);
  });

  it('a verified report revising a browser’s conversion does not fire the postback twice', async () => {
    const click = await clickFor(demoAff, { data1: 'rev' });
    const before = (await outboxOf(POSTBACK_KIND)).length;
    const browser = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: 'PB-REV-1', total: '20.00', visitorId: click.visitorId });
    const verified = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'PB-REV-1', total: '30.00', visitorId: click.visitorId });
    expect(verified.conversionId).toBe(browser.conversionId);
    expect((await outboxOf(POSTBACK_KIND)).length).toBe(before + 1);
    await drain();
    // Sent once, with the revised conversion's figures.
    expect(hits.map((h) => [params(h).order, params(h).total])).toEqual([['PB-REV-1', '30.00']]);
  });
});

describe('private targets (WEBHOOK_ALLOW_PRIVATE not 1)', () => {
  it('are refused when the template is saved (nothing stored) and when a postback is sent (logged, nothing received)', async () => {
    const before = await asAffiliate(demoAff).affiliate.postback.get();
    for (const url of [`${base}/pb?x={order_id}`, 'http://localhost/pb', 'http://10.0.0.1/pb', 'http://[::1]/pb', 'http://169.254.169.254/latest']) {
      const err = await privateRefused(() => saveAffiliatePostback(t.db, 'demo', demoAff.id, { urlTemplate: url })).catch((e: unknown) => e);
      expect(err, url).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^urlTemplate: .*private, loopback or link-local/) });
    }
    expect(await asAffiliate(demoAff).affiliate.postback.get()).toEqual(before);

    // Saved while allowed (a LAN install), then the rule changes: the send-time check refuses it.
    const sale = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'PB-PRIV-1', total: '10.00', explicitAffiliate: 'demo-aff' });
    await privateRefused(() => drain());
    expect(hits).toEqual([]);
    const log = await listPostbackAttempts(t.db, 'demo', demoAff.id, { limit: 5 });
    expect(log.data[0]).toMatchObject({ conversionId: sale.conversionId, outcome: 'failed', responseStatus: null, error: expect.stringMatching(/refused: 127\.0\.0\.1 is a private, loopback or link-local address/) });
    // Allowed again, the retry goes through.
    await drain();
    expect(hits.map((h) => params(h).order)).toEqual(['PB-PRIV-1']);
  });
});

describe('templates', () => {
  it.each([
    ['ftp://tracker.example/pb?c={click_id}', /absolute http/],
    ['/pb?c={click_id}', /absolute http/],
    ['tracker.example/pb', /absolute http/],
    ['https://tracker.example/pb?c={clickid}', /unknown macro \{clickid\}/],
    ['https://{data1}.example/pb', /not in the host/],
    ['https://tracker.example/pb?c={click_id', /a \{ or \}/],
    ['https://user:pw@tracker.example/pb', /user name or password/],
    [`https://tracker.example/pb?x=${'a'.repeat(2100)}`, /2,048/],
    ['', /Enter the postback URL/],
  ])('%s is refused naming the field; nothing is stored', async (urlTemplate, message) => {
    const caller = asAffiliate(other);
    const before = await caller.affiliate.postback.get();
    const err = await caller.affiliate.postback.save({ urlTemplate }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    expect((err as TRPCError).message).toMatch(/urlTemplate/);
    expect((err as TRPCError).message).toMatch(message);
    expect(await caller.affiliate.postback.get()).toEqual(before);
  });

  it('a method other than GET or POST is refused', async () => {
    await expect(asAffiliate(other).affiliate.postback.save({ urlTemplate: 'https://1.1.1.1/pb', method: 'PUT' as 'GET' })).rejects.toThrow(/method/);
  });
});

describe('test postbacks, POST and the merchant’s switch', () => {
  it('"send test postback" is sent once with made-up values, marked test, and logged', async () => {
    answers.push(500);
    const { messageId } = await asAffiliate(demoAff).affiliate.postback.sendTest();
    await drain();
    await drain();
    expect(hits).toHaveLength(1);
    expect(params(hits[0]!)).toMatchObject({ test: '1', conv: 'test', sub1: 'test click', order: 'TEST-ORDER', amount: '12.50' });
    const [row] = (await outboxOf(POSTBACK_TEST_KIND)).filter((m) => m.id === messageId);
    expect(row?.status).toBe('failed');
    const log = await asAffiliate(demoAff).affiliate.postback.attempts({ limit: 1 });
    expect(log.data[0]).toMatchObject({ messageId, test: true, outcome: 'gave_up', responseStatus: 500, conversionId: null });
  });

  it('POST sends the query as a form body too', async () => {
    await asAffiliate(other).affiliate.postback.save({ urlTemplate: `${base}/other-post?order={order_id}&sub1={data1}`, method: 'POST' });
    await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'PB-POST 1', total: '10.00', explicitAffiliate: 'pb-other' });
    await drain();
    expect(hits.map((h) => [h.method, h.path, params(h).order, Object.fromEntries(new URLSearchParams(h.body)).order])).toEqual([['POST', '/other-post', 'PB-POST 1', 'PB-POST 1']]);
  });

  it('the merchant turns a postback off: nothing is queued or sent, the affiliate cannot test it; the merchant sees it', async () => {
    const merchant = createCaller(ctxOf({ id: crypto.randomUUID(), role: 'merchant', teamRole: 'owner', merchantId: 'demo' }));
    await setPostbackBlocked(t.db, 'demo', actor, demoAff.id, true);
    const view = await merchant.merchant.affiliates.postback({ id: demoAff.id });
    expect(view.postback).toMatchObject({ blockedByMerchant: true, urlTemplate: TEMPLATE(base) });
    expect(view.attempts.length).toBeGreaterThan(0);
    const before = (await outboxOf(POSTBACK_KIND)).length;
    await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'PB-BLOCKED-1', total: '10.00', explicitAffiliate: 'demo-aff' });
    expect((await outboxOf(POSTBACK_KIND)).length).toBe(before);
    await expect(asAffiliate(demoAff).affiliate.postback.sendTest()).rejects.toThrow(/program turned this postback off/);
    // Saving again does not lift the merchant's switch.
    expect((await asAffiliate(demoAff).affiliate.postback.save({ urlTemplate: TEMPLATE(base) })).blockedByMerchant).toBe(true);
    await drain();
    expect(hits).toEqual([]);
    await merchant.merchant.affiliates.setPostbackBlocked({ id: demoAff.id, blocked: false });
    const audit = await t.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'affiliate.postback_unblock'));
    expect(audit).toHaveLength(1);
    // Another program's merchant cannot see or switch it.
    const rival = createCaller(ctxOf({ id: crypto.randomUUID(), role: 'merchant', teamRole: 'owner', merchantId: 'nobody' }));
    await expect(rival.merchant.affiliates.postback({ id: demoAff.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rival.merchant.affiliates.setPostbackBlocked({ id: demoAff.id, blocked: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
