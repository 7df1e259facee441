// The tracking log's writer and retention (server/tracking-log): /t/sale is answered
// before its log entry is written and whatever becomes of it; entries past the
// merchant's retention are pruned (on write, bounded, and when the setting shrinks).
import { and, eq, sql } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import * as s from '@/db/schema';
import { createLogger, setLogger } from '@/lib/log';
import { signUpMerchant } from '@/server/accounts/sign-up';
import { updateTrackingLogSettings } from '@/server/settings';
import { flushTrackingLog, logTracking, pruneTrackingLog } from '@/server/tracking-log';
import { toResponse } from '@/server/http/track';
import { fromWeb } from '@/server/http/web';
import { trackSale } from '@/server/tracking';
import { invalidateLookups } from '@/server/tracking/lookups';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

let t: TestDb;
const DAY = 86_400_000;
let n = 0;
const order = () => `log-order-${++n}`;

/** t.db, with the tracking log's INSERT held until `release()` (or failed by `fail()`). */
function gatedDb() {
  let open!: () => void;
  let shut!: (e: Error) => void;
  const gate = new Promise<void>((resolve, reject) => ((open = resolve), (shut = reject)));
  gate.catch(() => {});
  let held = 0;
  const db = new Proxy(t.db, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop === 'insert')
        return (table: unknown) => {
          const builder = target.insert(table as typeof s.trackingLog);
          if (table !== s.trackingLog) return builder;
          return { values: (rows: unknown) => (held++, gate.then(() => builder.values(rows as s.NewTrackingLogRow))) };
        };
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as Db;
  return { db, release: () => open(), fail: () => shut(new Error('disk full')), held: () => held };
}

const saleRequest = (body: Record<string, unknown>) =>
  fromWeb(new Request('http://tracker.test/t/sale', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_demo_0000000000000000' },
    body: JSON.stringify(body),
  }));

const logRows = (orderId: string) => t.db.select().from(s.trackingLog).where(and(eq(s.trackingLog.merchantId, 'demo'), eq(s.trackingLog.orderId, orderId)));

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  await signUpMerchant(t.db, { programName: 'Other Shop', accountId: 'other-shop', name: 'Olga', email: 'olga@other.example', password: 'a-long-password', currency: 'USD' });
});
beforeEach(() => invalidateLookups());
afterAll(async () => {
  await t?.close();
});

describe('the sale never waits for its log entry', () => {
  it('answers while the entry’s INSERT is held; the entry is written once it is let through', async () => {
    const g = gatedDb();
    useAsAppDb({ ...t, db: g.db });
    const orderId = order();
    const res = toResponse(await trackSale(saleRequest({ orderId, total: '42.00', customerId: 'cust-77' })));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'unattributed' });
    expect(body.trace).toBeUndefined(); // the contract's answer, not the log's
    // The conversion is stored; its log entry is not yet.
    await vi.waitFor(() => expect(g.held()).toBe(1));
    expect(await logRows(orderId)).toEqual([]);
    g.release();
    await flushTrackingLog(g.db);
    const [row] = await logRows(orderId);
    expect(row).toMatchObject({ kind: 'sale', source: 'api', amount: 4200, currency: 'USD', customerId: 'cust-77', outcome: 'unattributed', conversionId: body.conversionId });
    expect(row!.steps.map((x) => x.method)).toEqual(['explicit', 'lifetime', 'coupon', 'cookie', 'ip_ua']);
  });

  it('a log write that fails leaves the sale answered and recorded, and says so in the log', async () => {
    const g = gatedDb();
    useAsAppDb({ ...t, db: g.db });
    const lines: string[] = [];
    setLogger(createLogger(new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) })));
    const orderId = order();
    const res = toResponse(await trackSale(saleRequest({ orderId, total: '10.00', affiliate: 'demo-aff' })));
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('attributed');
    g.fail();
    await flushTrackingLog(g.db);
    setLogger(undefined);
    const logged = lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number | string; component?: string; msg?: string; err?: { message?: string } });
    expect(logged).toContainEqual(
      expect.objectContaining({ component: 'tracking-log', msg: 'an entry could not be written', err: expect.objectContaining({ message: 'disk full' }) }),
    );
    expect(await logRows(orderId)).toEqual([]);
    expect(await t.db.select().from(s.conversions).where(eq(s.conversions.orderId, orderId))).toHaveLength(1);
  });

  it('a refused sale is logged as rejected, with the reason the caller got', async () => {
    useAsAppDb(t);
    const orderId = order();
    await expect(trackSale(saleRequest({ orderId, total: '10.00', affiliate: 'nobody-here' }))).rejects.toThrow(/No active affiliate/);
    await flushTrackingLog(t.db);
    const [row] = await logRows(orderId);
    expect(row).toMatchObject({ outcome: 'rejected', amount: 1000, conversionId: null });
    expect(row!.message).toMatch(/^404 unknown_affiliate: No active affiliate "nobody-here"/);
  });
});

describe('retention', () => {
  const aged = (merchantId: string, days: number, orderId: string): s.NewTrackingLogRow => ({
    merchantId, kind: 'sale', source: 'api', orderId, outcome: 'unattributed', createdAt: new Date(Date.now() - days * DAY),
  });
  const orders = async (merchantId: string) =>
    (await t.db.select({ o: s.trackingLog.orderId }).from(s.trackingLog).where(eq(s.trackingLog.merchantId, merchantId))).map((r) => r.o).sort();

  it('deletes the entries older than the merchant’s days, oldest first, at most `limit` at a time, and no other merchant’s', async () => {
    await t.db.delete(s.trackingLog).where(sql`true`);
    await t.db.insert(s.trackingLog).values([
      aged('demo', 40, 'd40'), aged('demo', 35, 'd35'), aged('demo', 31, 'd31'), aged('demo', 29, 'd29'), aged('demo', 1, 'd1'),
      aged('other-shop', 40, 'o40'),
    ]);
    expect(await pruneTrackingLog(t.db, 'demo', { limit: 2 })).toBe(2);
    expect(await orders('demo')).toEqual(['d1', 'd29', 'd31']);
    expect(await pruneTrackingLog(t.db, 'demo')).toBe(1);
    expect(await orders('demo')).toEqual(['d1', 'd29']);
    expect(await orders('other-shop')).toEqual(['o40']);
  });

  it('a write prunes its merchant’s expired entries (once in a while, not on every write)', async () => {
    await t.db.insert(s.trackingLog).values([aged('other-shop', 31, 'o31'), aged('other-shop', 2, 'o2')]);
    logTracking(t.db, { merchantId: 'other-shop', kind: 'sale', source: 'js', orderId: 'o-new', outcome: 'unattributed' });
    await flushTrackingLog(t.db);
    expect(await orders('other-shop')).toEqual(['o-new', 'o2']);
    // Within the next minutes another write does not prune again.
    await t.db.insert(s.trackingLog).values(aged('other-shop', 50, 'o50'));
    logTracking(t.db, { merchantId: 'other-shop', kind: 'sale', source: 'js', orderId: 'o-newer', outcome: 'unattributed' });
    await flushTrackingLog(t.db);
    expect(await orders('other-shop')).toEqual(['o-new', 'o-newer', 'o2', 'o50']);
  });

  it('shortening the setting prunes at once and is audited', async () => {
    const [user] = await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com'));
    await t.db.insert(s.trackingLog).values([aged('demo', 10, 'd10'), aged('demo', 3, 'd3')]);
    const saved = await updateTrackingLogSettings(t.db, 'demo', { userId: user!.id, ip: '192.0.2.1' }, { trackingLogDays: '7' });
    expect(saved).toEqual({ trackingLogDays: 7 });
    expect(await orders('demo')).toEqual(['d1', 'd3']);
    const [entry] = await t.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'merchant.tracking_log_settings'));
    expect(entry).toMatchObject({ actorUserId: user!.id, details: { trackingLogDays: { from: 30, to: 7 } } });
    await expect(updateTrackingLogSettings(t.db, 'demo', { userId: user!.id, ip: '192.0.2.1' }, { trackingLogDays: 0 })).rejects.toThrow(/At least 1/);
  });
});
