// Writes tracking-log entries after the tracking response, never before it and never in
// its way: an entry is built and queued on a later turn of the event loop, the entries
// that arrive together go to the database in one INSERT (server/tracking/batcher.ts), and
// a failure is logged to the console, never to the caller. Each batch also prunes a
// bounded slice of the merchants' expired entries, at most every few minutes per merchant.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { trackingLog, type NewTrackingLogRow } from '@/db/schema';
import { Batcher } from '../tracking/batcher';
import { log } from '@/lib/log';

/** Entries waiting to be written, per process: past it new ones are dropped (and counted) rather than held in memory. */
const MAX_PENDING = 20_000;
/** How often one process prunes one merchant's expired entries. */
const PRUNE_EVERY_MS = 5 * 60_000;
/** Rows one prune deletes at most: a short statement, whatever the backlog. */
export const PRUNE_LIMIT = 2_000;

interface Writer {
  batcher: Batcher<NewTrackingLogRow, void>;
  pending: Set<Promise<void>>;
}

// On globalThis: Next bundles this module into several route chunks; one queue and one prune clock per process.
const g = globalThis as typeof globalThis & {
  __affTrackingLog?: { writers: WeakMap<Db, Writer>; lastPrune: Map<string, number>; dropped: number; warnedAt: number };
};
const state = (g.__affTrackingLog ??= { writers: new WeakMap(), lastPrune: new Map(), dropped: 0, warnedAt: 0 });

function writerOf(db: Db): Writer {
  let w = state.writers.get(db);
  if (!w) {
    // One batch at a time: the log never takes more than one connection from the tracker.
    w = { batcher: new Batcher((rows) => writeBatch(db, rows), { maxBatch: 500, maxConcurrent: 1 }), pending: new Set() };
    state.writers.set(db, w);
  }
  return w;
}

/**
 * Queues one entry. `entry` is called on a later turn of the event loop, so nothing of the
 * log runs before the caller's answer is on its way. Never throws, never rejects.
 */
export function logTracking(db: Db, entry: NewTrackingLogRow | (() => NewTrackingLogRow | Promise<NewTrackingLogRow>)): void {
  const w = writerOf(db);
  if (w.pending.size >= MAX_PENDING) return dropOne();
  const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => (typeof entry === 'function' ? entry() : entry))
    .then((row) => w.batcher.submit(row))
    .catch((err: unknown) => log().error({ component: 'tracking-log', err }, 'an entry could not be written'))
    .finally(() => w.pending.delete(done));
  w.pending.add(done);
}

/** Resolves once every entry queued so far is written (or failed). Tests, and a clean shutdown. */
export async function flushTrackingLog(db: Db): Promise<void> {
  const w = writerOf(db);
  while (w.pending.size) await Promise.all([...w.pending]);
}

function dropOne() {
  state.dropped++;
  const now = Date.now();
  if (now - state.warnedAt > 60_000) {
    state.warnedAt = now;
    log().error({ component: 'tracking-log', dropped: state.dropped }, 'the database is not keeping up: entries dropped');
  }
}

async function writeBatch(db: Db, rows: NewTrackingLogRow[]): Promise<void[]> {
  await db.insert(trackingLog).values(rows);
  // Pruning never fails the batch (a failed batch is retried row by row, which would write its rows twice).
  const now = Date.now();
  for (const merchantId of new Set(rows.map((r) => r.merchantId))) {
    if (now - (state.lastPrune.get(merchantId) ?? 0) < PRUNE_EVERY_MS) continue;
    state.lastPrune.set(merchantId, now);
    try {
      // A full slice means more is due: try again with the next batch instead of in five minutes.
      if ((await pruneTrackingLog(db, merchantId)) >= PRUNE_LIMIT) state.lastPrune.delete(merchantId);
    } catch (err) {
      log().error({ component: 'tracking-log', merchantId, err }, 'prune failed');
    }
  }
  return rows.map(() => undefined);
}

/**
 * Deletes up to `limit` of the merchant's entries older than its retention
 * (merchants.tracking_log_days), oldest first, by the (merchant_id, created_at, id) index.
 * Safe with several app instances: rows another instance is deleting are skipped, not waited for.
 * Returns how many it deleted.
 */
export async function pruneTrackingLog(db: Db, merchantId: string, opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = (opts.now ?? new Date()).toISOString();
  const rows = rowsOf<{ id: unknown }>(
    await db.execute(sql`
      delete from tracking_log where id in (
        select l.id from tracking_log l
        where l.merchant_id = ${merchantId}
          and l.created_at < ${now}::timestamptz - make_interval(days => (select m.tracking_log_days from merchants m where m.id = ${merchantId}))
        order by l.created_at, l.id
        limit ${opts.limit ?? PRUNE_LIMIT}
        for update skip locked)
      returning id`),
  );
  return rows.length;
}
