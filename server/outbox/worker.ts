// The outbox worker: claims due messages with FOR UPDATE SKIP LOCKED in one short statement
// (marking them `sending` with a lease), delivers each outside any transaction, then records
// the outcome — fenced by the claim's attempt number, so a worker whose lease ran out cannot
// overwrite what the worker that re-claimed the row did. Several app instances on one
// PostgreSQL never claim one row together; a crashed send is due again when its lease ends.
import { and, asc, eq, inArray, lte, min, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { outboxMessages, type OutboxMessage } from '@/db/schema';
import { OUTBOX_CHANNEL } from './enqueue';
import { isPermanentError, outboxGlobals, type OutboxHandler } from './registry';
import { log as processLog } from '@/lib/log';

/** How long a claim holds a row; handlers finish well within it (SMTP timeouts are shorter). */
export const LEASE_MS = 120_000;
const CLAIM_BATCH = 10;

export interface DrainOptions {
  /** Only these kinds (default: every kind with a handler in this process). */
  kinds?: string[];
  /** Also messages waiting for a later retry: "send now" for tests and operators. */
  includeScheduled?: boolean;
  /** Stop after this many claims (default: until nothing is due). */
  maxMessages?: number;
}

export interface DrainResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** Delivers what is due now, until nothing is; what happened to each claimed message. */
export async function drainOutbox(db: Db, opts: DrainOptions = {}): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retrying: 0, failed: 0 };
  const handlers = outboxGlobals().handlers;
  const kinds = (opts.kinds ?? [...handlers.keys()]).filter((k) => handlers.has(k));
  if (kinds.length === 0) return result;
  // A message retried during this drain is not claimed again by it, even when includeScheduled.
  const seen: string[] = [];
  const limit = opts.maxMessages ?? Infinity;
  while (seen.length < limit) {
    const rows = await claim(db, kinds, Math.min(CLAIM_BATCH, limit - seen.length), opts.includeScheduled ? seen : null);
    if (rows.length === 0) break;
    seen.push(...rows.map((r) => r.id));
    const outcomes = await Promise.all(rows.map((row) => deliverOne(db, row, handlers.get(row.kind)!)));
    for (const o of outcomes) result[o]++;
  }
  return result;
}

async function claim(db: Db, kinds: string[], n: number, scheduledExcept: string[] | null): Promise<OutboxMessage[]> {
  const m = outboxMessages;
  const waiting = inArray(m.status, ['queued', 'retrying']);
  const due: SQL = or(
    scheduledExcept ? (scheduledExcept.length ? and(waiting, notInArray(m.id, scheduledExcept)) : waiting) : and(waiting, lte(m.nextAttemptAt, sql`now()`)),
    // A claim whose worker died (or hangs) past its lease.
    and(eq(m.status, 'sending'), lte(m.lockedUntil, sql`now()`)),
  )!;
  const pick = db
    .select({ id: m.id })
    .from(m)
    .where(and(due, inArray(m.kind, kinds)))
    .orderBy(asc(m.nextAttemptAt))
    .limit(n)
    .for('update', { skipLocked: true });
  return db
    .update(m)
    .set({ status: 'sending', attempts: sql`${m.attempts} + 1`, lockedUntil: sql`now() + ${LEASE_MS} * interval '1 millisecond'` })
    .where(inArray(m.id, pick))
    .returning();
}

async function deliverOne(db: Db, row: OutboxMessage, handler: OutboxHandler): Promise<keyof DrainResult> {
  const m = outboxMessages;
  // Only the claim that is still current may record its outcome.
  const mine = and(eq(m.id, row.id), eq(m.status, 'sending'), eq(m.attempts, row.attempts));
  try {
    const outcome = await handler.deliver(row);
    await db
      .update(m)
      .set({ status: outcome?.status ?? 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: outcome?.info ?? null })
      .where(mine);
    return 'sent';
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000) || 'delivery failed';
    const wait = isPermanentError(err) ? null : handler.backoff(row.attempts);
    if (wait === null) {
      await db.update(m).set({ status: 'failed', lockedUntil: null, lastError: message }).where(mine);
      return 'failed';
    }
    await db
      .update(m)
      .set({ status: 'retrying', lockedUntil: null, lastError: message, nextAttemptAt: sql`now() + ${Math.max(0, Math.round(wait))} * interval '1 millisecond'` })
      .where(mine);
    return 'retrying';
  }
}

/** Milliseconds until the next message of these kinds is due (null: none waiting). */
async function nextDueIn(db: Db, kinds: string[]): Promise<number | null> {
  const m = outboxMessages;
  const [row] = await db
    .select({
      waiting: min(sql<Date>`case when ${m.status} = 'sending' then ${m.lockedUntil} else ${m.nextAttemptAt} end`),
      now: sql<Date>`now()`,
    })
    .from(m)
    .where(and(inArray(m.status, ['queued', 'retrying', 'sending']), inArray(m.kind, kinds)));
  if (!row?.waiting) return null;
  return Math.max(0, new Date(row.waiting).getTime() - new Date(row.now).getTime());
}

interface Worker {
  stop(): Promise<void>;
}

const g = globalThis as typeof globalThis & { __affOutboxWorker?: Worker };

/**
 * Starts this process's worker (once): woken by a committed enqueue (NOTIFY from any
 * instance, or the in-process nudge), by the next retry's time, and at least every
 * `pollMs` as a fallback. `getDb` is asked each round, so a database that is down at
 * start is simply retried.
 */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  /** Idempotent: every instance runs it (the weekly summaries' dedupe keys make that safe). */
  run: (db: Db) => Promise<unknown>;
}

export function startOutboxWorker(
  getDb: () => Promise<Db>,
  opts: { pollMs?: number; log?: (msg: string) => void; periodic?: PeriodicTask[] } = {},
): Worker {
  if (g.__affOutboxWorker) return g.__affOutboxWorker;
  const pollMs = opts.pollMs ?? 5000;
  const log = opts.log ?? ((msg) => processLog().error({ component: 'outbox' }, msg));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let unlisten: (() => Promise<void>) | undefined;
  let lastError = '';
  const tasks = (opts.periodic ?? []).map((task) => ({ task, dueAt: 0 }));

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.min(ms, pollMs));
    timer.unref?.();
  };

  async function round(): Promise<void> {
    const db = await getDb();
    unlisten ??= await listen(db, () => nudge()).catch(() => undefined);
    for (const t of tasks) {
      if (Date.now() < t.dueAt) continue;
      t.dueAt = Date.now() + t.task.everyMs;
      await t.task.run(db).catch((err: unknown) => log(`${t.task.name} failed: ${err instanceof Error ? err.message : String(err)}`));
    }
    await drainOutbox(db);
    const kinds = [...outboxGlobals().handlers.keys()];
    const wait = kinds.length ? await nextDueIn(db, kinds) : null;
    schedule(wait === null ? pollMs : wait + 10);
    lastError = '';
  }

  function run() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        // Said once per outage, not every poll.
        if (msg !== lastError) log(`delivery round failed (retrying every ${pollMs} ms): ${msg}`);
        lastError = msg;
        schedule(pollMs);
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  }

  function nudge() {
    // A burst of enqueues costs one round.
    setImmediate(run);
  }

  outboxGlobals().nudge = nudge;
  run();
  const worker: Worker = {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      outboxGlobals().nudge = undefined;
      await running;
      await unlisten?.().catch(() => {});
      g.__affOutboxWorker = undefined;
    },
  };
  g.__affOutboxWorker = worker;
  return worker;
}

/** LISTENs for committed enqueues of any instance (PostgreSQL) or of this process's PGlite. */
async function listen(db: Db, onNotify: () => void): Promise<() => Promise<void>> {
  const client = (db as unknown as { $client: unknown }).$client as {
    listen: (channel: string, cb: () => void) => Promise<unknown>;
  };
  const handle = await client.listen(OUTBOX_CHANNEL, onNotify);
  // postgres.js answers { unlisten() }, PGlite an unsubscribe function.
  if (typeof handle === 'function') return async () => void (await (handle as () => Promise<void>)());
  return async () => void (await (handle as { unlisten: () => Promise<void> }).unlisten());
}
