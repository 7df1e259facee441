// Group commit for clicks: concurrent clicks are written together, one multi-row
// INSERT in one statement, and each caller is answered only after that
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
import type { NewClick } from '@/db/schema';
import { isConnectionError } from '../errors';
import { clickStatsOf } from './click-stats';

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
    // One statement (visitors, clicks and the daily rollup): atomic without BEGIN/COMMIT.
    const rows = rowsOf<{ id: string | number }>(await db.execute(insertClicks(batch)));
    // Ids come from the sequence in the order the rows were inserted: the batch's order.
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
}

/** An IP worth comparing (the client address is `unknown` when no header named one). */
const comparableIp = (ip: string | null | undefined) => (ip && ip !== 'unknown' ? ip : null);

/** Marks clicks repeated within the batch: the first of a (merchant, affiliate, visitor or IP) stays unique. */
function flagsWithinBatch(batch: Row[]): (string | null)[] {
  const seen = new Set<string>();
  return batch.map(({ click, repeatWindowSeconds }) => {
    if (click.flag) return click.flag;
    if (click.isRepeat) return 'repeat'; // given as a repeat (a back-fill): stored as one
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
 * The rows as JSON for PostgreSQL. JSON.stringify escapes a lone surrogate (`\ud800`),
 * which PostgreSQL refuses in a JSON string; as a text parameter it was stored as U+FFFD,
 * so it still is. Only a batch whose JSON has such an escape pays for the second pass.
 */
function batchJson(rows: object[]): string {
  const json = JSON.stringify(rows);
  if (!/\\u[dD][89a-fA-F]/.test(json)) return json;
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'string' ? (v as string & { toWellFormed(): string }).toWellFormed() : v));
}

/**
 * The batch in one statement: new visitor ids, the clicks (the repeat flag decided per
 * row by the database) and their daily rollup (server/tracking/click-stats.ts), from
 * the batch sent as ONE JSON parameter — building a parameter per value (19 columns ×
 * up to 400 rows) was most of the query-building cost in the profile.
 */
function insertClicks(batch: Row[]): SQL {
  const flags = flagsWithinBatch(batch);
  const rows = batch.map(({ click: c, repeatWindowSeconds, newVisitor }, i) => ({
    m: c.merchantId,
    vid: c.visitorId,
    aff: c.affiliateId,
    cmp: c.campaignId,
    bnr: c.bannerId ?? null,
    chan: c.channel ?? null,
    d1: c.data1 ?? null,
    d2: c.data2 ?? null,
    d3: c.data3 ?? null,
    d4: c.data4 ?? null,
    d5: c.data5 ?? null,
    url: c.url ?? null,
    ref: c.referrer ?? null,
    ip: c.ip ?? null,
    ua: c.userAgent ?? null,
    flag: flags[i],
    win: flags[i] ? 0 : repeatWindowSeconds,
    rip: comparableIp(c.ip),
    known: !newVisitor,
    // Only a back-fill (tests, imports) gives the time; the tracker's clicks are stamped by the database.
    at: c.createdAt ? c.createdAt.toISOString() : null,
  }));
  // The affiliate is compared as text so that the planner keeps to the visitor and IP
  // indexes whatever its statistics say (PGlite never analyzes; a young table has no
  // statistics): on (merchant, affiliate, created_at) it would scan every recent click of a
  // busy affiliate per row. OFFSET 0 keeps the subquery from being flattened, which
  // would evaluate the EXISTS twice (once for is_repeat, once for flag). A visitor id made
  // for this click (`known` false) has no earlier clicks to look for. The statement does
  // not see its own rows: repeats within the batch are marked above (flagsWithinBatch).
  // The visitor id stays text until it is stored: a cast to char(32) would truncate a
  // bad one silently, where storing it fails the row.
  return sql`
    with v as (
      select * from json_to_recordset(${batchJson(rows)}::json)
        as v(m text, vid text, aff uuid, cmp text, bnr text, chan text, d1 text, d2 text, d3 text, d4 text, d5 text,
             url text, ref text, ip text, ua text, flag text, win int, rip text, known boolean, at timestamptz)
    ),
    nv as (
      insert into visitors (id, merchant_id) select vid, m from v where not known on conflict do nothing
    ),
    c as (
      insert into clicks (merchant_id, visitor_id, affiliate_id, campaign_id, banner_id, channel,
        data1, data2, data3, data4, data5, url, referrer, ip, user_agent, is_repeat, flag, created_at)
      select m, vid, aff, cmp, bnr, chan, d1, d2, d3, d4, d5, url, ref, ip, ua, f is not null, f, coalesce(at, now())
      from (
        select v.*, coalesce(v.flag, case when v.win > 0 and (
          (v.known and exists (select 1 from clicks c
                  where c.merchant_id = v.m and c.visitor_id = v.vid::char(32) and c.affiliate_id::text = v.aff::text
                    and c.created_at >= now() - make_interval(secs => v.win)))
          or (v.rip is not null and exists (select 1 from clicks c
                  where c.merchant_id = v.m and c.ip = v.rip and c.affiliate_id::text = v.aff::text
                    and c.created_at >= now() - make_interval(secs => v.win)))
        ) then 'repeat' end) as f
        from v
        offset 0
      ) x
      returning id, merchant_id, created_at, affiliate_id, is_repeat
    ),
    stats as (${clickStatsOf(sql`c`)})
    select id from c`;
}
