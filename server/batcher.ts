// Batching for the tracker: the requests that arrive together share one statement.
// For writes this is group commit: each caller is answered only after the batch's
// statement committed, so durability is never traded for speed — one round trip and
// one commit serve many requests. The click writer, the conversion writer and the
// cookie lookups of /t/sale use it.
//
// When a batch fails, each of its items is retried alone, so one bad row cannot fail
// its neighbours; when the database itself is down, every item fails at once (and
// its request answers 503) instead of each waiting for its own failed connection.
import { isConnectionError } from './errors';

export interface BatcherOptions {
  /** Large enough to amortise a round trip and a commit, small enough to keep one statement cheap to build. */
  maxBatch: number;
  /**
   * Batches that may run at once. With one, a slow commit (a busy disk) holds every
   * request behind it; a few in flight let the next batch fill meanwhile, and
   * PostgreSQL's own group commit shares the WAL flushes between them.
   */
  maxConcurrent: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

export class Batcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private flushers = 0;

  /** `run` answers a batch in the order of its items. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: BatcherOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.flushers < this.opts.maxConcurrent && this.queue.length === 1) {
        this.flushers++;
        // Let the requests that arrive in this turn of the event loop join the batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.opts.maxBatch);
        try {
          const out = await this.run(batch.map((p) => p.item));
          batch.forEach((p, i) => p.resolve(out[i]!));
        } catch (err) {
          if (batch.length === 1 || isConnectionError(err)) batch.forEach((p) => p.reject(err));
          else
            for (const p of batch)
              await this.run([p.item]).then(
                ([out]) => p.resolve(out!),
                (e: unknown) => p.reject(e),
              );
        }
      }
    } finally {
      // Whatever happened, the next request starts a new flush: a failure never wedges the queue.
      this.flushers--;
    }
  }
}
