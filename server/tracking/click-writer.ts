// Group commit for clicks: concurrent clicks are written together, one multi-row
// INSERT in one transaction, and each caller is answered only after that
// transaction committed. Durability is never traded for speed: a failed batch
// fails every click in it (nothing half-written), and the callers answer 503.
import type { Db } from '@/db';
import { clicks, visitors, type NewClick } from '@/db/schema';

interface Pending {
  click: NewClick;
  newVisitor: boolean;
  resolve: (id: number) => void;
  reject: (err: unknown) => void;
}

/** Large enough to amortise a commit, small enough to keep one statement's parameters in bounds. */
const MAX_BATCH = 400;

export class ClickWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: () => Promise<Db>) {}

  /** Resolves with the click's id once it is committed. */
  write(click: NewClick, newVisitor: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ click, newVisitor, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the clicks that arrive in this turn of the event loop join the batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const db = await this.db();
        const ids = await db.transaction(async (tx) => {
          const newVisitors = batch.filter((p) => p.newVisitor);
          if (newVisitors.length)
            await tx
              .insert(visitors)
              .values(newVisitors.map((p) => ({ id: p.click.visitorId, merchantId: p.click.merchantId })))
              .onConflictDoNothing();
          const rows = await tx.insert(clicks).values(batch.map((p) => p.click)).returning({ id: clicks.id });
          return rows.map((r) => r.id);
        });
        // INSERT … RETURNING answers in the order of VALUES.
        batch.forEach((p, i) => p.resolve(ids[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = false;
  }
}
