// The durable outbox (server/outbox): a message exists only if its transaction committed,
// is delivered after commit, retried with backoff, failed when the handler says so, never
// delivered twice by two workers (two connections: the PostgreSQL pass proves SKIP LOCKED),
// re-queued when a worker died mid-send, and the running worker wakes on commit.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@/db/client';
import { outboxMessages, type OutboxMessage } from '@/db/schema';
import { drainOutbox, enqueueOutbox, PermanentError, registerOutboxHandler, startOutboxWorker } from '@/server/outbox';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
const delivered: string[] = [];
let behaviour: (row: OutboxMessage) => Promise<void> = async () => {};

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  registerOutboxHandler('test.kind', {
    deliver: async (row) => {
      await behaviour(row);
      delivered.push(row.id);
    },
    backoff: (attempt) => (attempt >= 3 ? null : 60_000),
  });
});
afterAll(() => t.close());
beforeEach(async () => {
  delivered.length = 0;
  behaviour = async () => {};
  await t.db.delete(outboxMessages).where(sql`true`);
});

const rowOf = async (id: string) => (await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]!;
const msg = (n = 1) => ({ merchantId: 'demo', kind: 'test.kind', payload: { n } });

describe('enqueueOutbox', () => {
  it('writes with the caller’s transaction: nothing when it rolls back, delivered after it commits', async () => {
    await t.db
      .transaction(async (tx) => {
        await enqueueOutbox(tx, msg());
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await t.db.$count(outboxMessages)).toBe(0);
    const id = await t.db.transaction((tx) => enqueueOutbox(tx, msg()));
    expect((await rowOf(id)).status).toBe('queued');
    expect(await drainOutbox(t.db)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lockedUntil: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(delivered).toEqual([id]);
    // Nothing is due any more.
    expect(await drainOutbox(t.db)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('a dedupe key makes the enqueue idempotent: the same id, one row, one delivery', async () => {
    const a = await enqueueOutbox(t.db, { ...msg(), dedupeKey: 'k-1' });
    const b = await t.db.transaction((tx) => enqueueOutbox(tx, { ...msg(2), dedupeKey: 'k-1' }));
    expect(b).toBe(a);
    expect(await t.db.$count(outboxMessages)).toBe(1);
    await drainOutbox(t.db);
    await enqueueOutbox(t.db, { ...msg(3), dedupeKey: 'k-1' });
    await drainOutbox(t.db);
    expect(delivered).toEqual([a]);
  });

  it('a message is not delivered before notBefore', async () => {
    const id = await enqueueOutbox(t.db, { ...msg(), notBefore: new Date(Date.now() + 3_600_000) });
    expect((await drainOutbox(t.db)).sent).toBe(0);
    expect((await drainOutbox(t.db, { includeScheduled: true })).sent).toBe(1);
    expect(delivered).toEqual([id]);
  });
});

describe('retries and failures', () => {
  it('a throwing handler is retried later with the error kept, then given up per its backoff', async () => {
    behaviour = async () => {
      throw new Error('421 4.3.2 try again later');
    };
    const id = await enqueueOutbox(t.db, msg());
    expect(await drainOutbox(t.db)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let row = await rowOf(id);
    expect(row).toMatchObject({ status: 'retrying', attempts: 1, lastError: '421 4.3.2 try again later', lockedUntil: null });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    // Not due yet: a plain drain leaves it.
    expect((await drainOutbox(t.db)).retrying).toBe(0);
    await drainOutbox(t.db, { includeScheduled: true });
    await drainOutbox(t.db, { includeScheduled: true });
    row = await rowOf(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(delivered).toEqual([]);
  });

  it('a PermanentError fails at once; a later success is delivered exactly once', async () => {
    behaviour = async () => {
      throw new PermanentError('550 5.1.1 no such user');
    };
    const bad = await enqueueOutbox(t.db, msg());
    expect(await drainOutbox(t.db)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await rowOf(bad)).toMatchObject({ status: 'failed', attempts: 1, lastError: '550 5.1.1 no such user' });

    let fail = true;
    behaviour = async () => {
      if (fail) throw new Error('ECONNREFUSED');
    };
    const id = await enqueueOutbox(t.db, msg(2));
    await drainOutbox(t.db);
    fail = false;
    await drainOutbox(t.db, { includeScheduled: true });
    await drainOutbox(t.db, { includeScheduled: true });
    expect(delivered).toEqual([id]);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a claim whose lease ran out (a worker died mid-send) is delivered again; the stale worker cannot overwrite the outcome', async () => {
    const id = await enqueueOutbox(t.db, msg());
    // A worker claimed it and vanished.
    await t.db.update(outboxMessages).set({ status: 'sending', attempts: 1, lockedUntil: sql`now() - interval '1 second'` }).where(eq(outboxMessages.id, id));
    expect((await drainOutbox(t.db)).sent).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
    // A live lease is left alone.
    const held = await enqueueOutbox(t.db, msg(2));
    await t.db.update(outboxMessages).set({ status: 'sending', attempts: 1, lockedUntil: sql`now() + interval '1 minute'` }).where(eq(outboxMessages.id, held));
    expect((await drainOutbox(t.db)).sent).toBe(0);
    expect(delivered).toEqual([id]);
  });
});

describe('several workers', () => {
  it('two workers on two connections draining at once deliver each message exactly once', async () => {
    // On PostgreSQL a second pool, as a second app instance would have; PGlite is one connection by nature.
    const pg = t.url.startsWith('postgres');
    const other: DbHandle = pg ? createDb(t.url, { max: 4 }) : t;
    try {
      behaviour = () => new Promise((r) => setTimeout(r, 5));
      const ids = new Set<string>();
      for (let i = 0; i < 60; i++) ids.add(await enqueueOutbox(t.db, msg(i)));
      const [a, b, c] = await Promise.all([drainOutbox(t.db), drainOutbox(other.db), drainOutbox(other.db)]);
      expect(a.sent + b.sent + c.sent).toBe(60);
      expect(delivered.length).toBe(60);
      expect(new Set(delivered)).toEqual(ids);
      if (pg) expect(Math.min(a.sent, b.sent + c.sent)).toBeGreaterThan(0);
      const statuses = await t.db.select({ status: outboxMessages.status, attempts: outboxMessages.attempts }).from(outboxMessages);
      expect(statuses.every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
    } finally {
      if (pg) await other.close();
    }
  });
});

describe('the worker', () => {
  it('wakes when a transaction with a message commits (not before), and when a message is written outside one', async () => {
    const worker = startOutboxWorker(async () => t.db, { pollMs: 60_000, log: () => {} });
    try {
      await new Promise((r) => setTimeout(r, 300));
      let inside = '';
      const committed = t.db.transaction(async (tx) => {
        inside = await enqueueOutbox(tx, msg());
        await new Promise((r) => setTimeout(r, 300));
        // Still uncommitted: not delivered.
        expect(delivered).toEqual([]);
      });
      await committed;
      await expect.poll(() => delivered.includes(inside), { timeout: 3000 }).toBe(true);
      const outside = await enqueueOutbox(t.db, msg(2));
      await expect.poll(() => delivered.includes(outside), { timeout: 3000 }).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
