// Group commit for clicks: concurrent clicks are written together, one multi-row
// INSERT in one transaction, and each caller is answered only after that
// transaction committed. Durability is never traded for speed. When a batch
// fails, each of its clicks is retried alone, so one bad row cannot fail its
// neighbours; when the database itself is down, every click fails (and answers 503).
// `groupCommit: false` (CLICK_GROUP_COMMIT=0) gives each click its own transaction:
// the benchmark's comparison, and a way out should batching ever misbehave.
//
// Repeat clicks (server/fraud) are marked in the same INSERT, with no extra round
// trip: a click is a repeat when the same affiliate already has a click of the same
// visitor or the same IP within the merchant's window — an EXISTS on the visitor and
// fingerprint indexes for earlier batches, and a pass over the batch itself for
// earlier clicks of the same batch (a statement does not see its own rows).
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { visitors, type NewClick } from '@/db/schema';
import { isConnectionError } from '../errors';
import { addToClickStats } from './click-stats';

interface Row {
  click: NewClick;
  newVisitor: boolean;
  /** The merchant's repeat window; 0 turns repeat detection off. */
  repeatWindowSeconds: number;
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
  write(click: NewClick, newVisitor: boolean, repeatWindowSeconds = 0): Promise<number> {
    if (this.opts.groupCommit === false)
      return this.commit([{ click, newVisitor, repeatWindowSeconds }]).then(([id]) => id!);
    return new Promise((resolve, reject) => {
      this.queue.push({ click, newVisitor, repeatWindowSeconds, resolve, reject });
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
      const rows = rowsOf<{ id: string | number }>(await tx.execute(insertClicks(batch)));
      const ids = rows.map((r) => Number(r.id));
      await addToClickStats(tx, ids);
      return ids;
    });
  }
}

/** An IP worth comparing (the client address is `unknown` when no header named one). */
const comparableIp = (ip: string | null | undefined) => (ip && ip !== 'unknown' ? ip : null);

/** Marks clicks repeated within the batch: the first of a (merchant, affiliate, visitor or IP) stays unique. */
function flagsWithinBatch(batch: Row[]): (string | null)[] {
  const seen = new Set<string>();
  return batch.map(({ click, repeatWindowSeconds }) => {
    if (click.flag) return click.flag;
    if (repeatWindowSeconds <= 0) return null;
    const base = `${click.merchantId}\u0000${click.affiliateId}\u0000`;
    const keys = [`${base}v${click.visitorId}`];
    const ip = comparableIp(click.ip);
    if (ip) keys.push(`${base}i${ip}`);
    const repeat = keys.some((k) => seen.has(k));
    for (const k of keys) seen.add(k);
    return repeat ? 'repeat' : null;
  });
}

/**
 * INSERT … SELECT FROM VALUES, the repeat flag decided per row by the database.
 * RETURNING answers in the order of VALUES (a plain projection of the VALUES list).
 */
function insertClicks(batch: Row[]): SQL {
  const flags = flagsWithinBatch(batch);
  const values = batch.map(({ click: c, repeatWindowSeconds, newVisitor }, i) => {
    const window = flags[i] ? 0 : repeatWindowSeconds;
    return sql`(${c.merchantId}::text, ${c.visitorId}::char(32), ${c.affiliateId}::uuid, ${c.campaignId}::text,
      ${c.bannerId ?? null}::text, ${c.channel ?? null}::text, ${c.data1 ?? null}::text, ${c.data2 ?? null}::text,
      ${c.data3 ?? null}::text, ${c.data4 ?? null}::text, ${c.data5 ?? null}::text, ${c.url ?? null}::text,
      ${c.referrer ?? null}::text, ${c.ip ?? null}::text, ${c.userAgent ?? null}::text, ${flags[i]}::text,
      ${window}::int, ${comparableIp(c.ip)}::text, ${!newVisitor}::boolean)`;
  });
  // The affiliate is compared as text so that the planner keeps to the visitor and IP
  // indexes whatever its statistics say (PGlite never analyzes; a young table has no
  // statistics): on (merchant, affiliate, created_at) it would scan every recent click of a
  // busy affiliate per row. OFFSET 0 keeps the subquery from being flattened, which
  // would evaluate the EXISTS twice (once for is_repeat, once for flag). A visitor id made
  // for this click (`known` false) has no earlier clicks to look for.
  return sql`
    insert into clicks (merchant_id, visitor_id, affiliate_id, campaign_id, banner_id, channel,
      data1, data2, data3, data4, data5, url, referrer, ip, user_agent, is_repeat, flag)
    select m, vid, aff, cmp, bnr, chan, d1, d2, d3, d4, d5, url, ref, ip, ua, f is not null, f
    from (
      select v.*, coalesce(v.flag, case when v.win > 0 and (
        (v.known and exists (select 1 from clicks c
                where c.merchant_id = v.m and c.visitor_id = v.vid and c.affiliate_id::text = v.aff::text
                  and c.created_at >= now() - make_interval(secs => v.win)))
        or (v.rip is not null and exists (select 1 from clicks c
                where c.merchant_id = v.m and c.ip = v.rip and c.affiliate_id::text = v.aff::text
                  and c.created_at >= now() - make_interval(secs => v.win)))
      ) then 'repeat' end) as f
      from (values ${sql.join(values, sql`, `)})
        as v(m, vid, aff, cmp, bnr, chan, d1, d2, d3, d4, d5, url, ref, ip, ua, flag, win, rip, known)
      offset 0
    ) x
    returning id`;
}
