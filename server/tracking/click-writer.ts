// Group commit for clicks: concurrent clicks are written together, one multi-row
// INSERT in one transaction, and each caller is answered only after that
// transaction committed. Durability is never traded for speed. When a batch
// fails, each of its clicks is retried alone, so one bad row cannot fail its
// neighbours; when the database itself is down, every click fails (and answers 503).
// `groupCommit: false` (CLICK_GROUP_COMMIT=0) gives each click its own transaction:
// the benchmark's comparison, and a way out should batching ever misbehave.
import type { Db } from '@/db';
import { clicks, visitors, type NewClick } from '@/db/schema';
import { isConnectionError } from '../errors';
import { addToClickStats } from './click-stats';

interface Row {
  click: NewClick;
  newVisitor: boolean;
}

interface Pending extends Row {
  resolve: (id: number) => void;
  reject: (err: unknown) => void;
}

/** Large enough to amortise a commit, small enough to keep one statement's parameters in bounds. */
const MAX_BATCH = 400;
/**
 * Batches that may commit at once. With one, a slow commit (a busy disk) held every
 * click behind it; a few in flight let the next batch fill and commit meanwhile,
 * and PostgreSQL's own group commit shares the WAL flushes between them.
 */
const MAX_CONCURRENT_BATCHES = 4;

export class ClickWriter {
  private queue: Pending[] = [];
  private flushers = 0;

  constructor(
    private readonly db: () => Promise<Db>,
    private readonly opts: { groupCommit?: boolean } = {},
  ) {}

  /** Resolves with the click's id once it is committed. */
  write(click: NewClick, newVisitor: boolean): Promise<number> {
    if (this.opts.groupCommit === false) return this.commit([{ click, newVisitor }]).then(([id]) => id!);
    return new Promise((resolve, reject) => {
      this.queue.push({ click, newVisitor, resolve, reject });
      if (this.flushers < MAX_CONCURRENT_BATCHES && this.queue.length === 1) {
        this.flushers++;
        // Let the clicks that arrive in this turn of the event loop join the batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const ids = await this.commit(batch);
          // INSERT … RETURNING answers in the order of VALUES.
          batch.forEach((p, i) => p.resolve(ids[i]!));
        } catch (err) {
          // The database is down (or went away mid-commit): every row would fail the same way,
          // so they all fail now (503) instead of each waiting for its own failed connection.
          if (batch.length === 1 || isConnectionError(err)) batch.forEach((p) => p.reject(err));
          else
            for (const p of batch)
              await this.commit([p]).then(
                ([id]) => p.resolve(id!),
                (e: unknown) => p.reject(e),
              );
        }
      }
    } finally {
      // Whatever happened, the next click starts a new flush: a failure never wedges the writer.
      this.flushers--;
    }
  }

  private async commit(batch: Row[]): Promise<number[]> {
    const db = await this.db();
    return db.transaction(async (tx) => {
      const newVisitors = batch.filter((p) => p.newVisitor);
      if (newVisitors.length)
        await tx
          .insert(visitors)
          .values(newVisitors.map((p) => ({ id: p.click.visitorId, merchantId: p.click.merchantId })))
          .onConflictDoNothing();
      const rows = await tx.insert(clicks).values(batch.map((p) => p.click)).returning({ id: clicks.id });
      const ids = rows.map((r) => r.id);
      await addToClickStats(tx, ids);
      return ids;
    });
  }
}
