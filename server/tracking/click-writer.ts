// Group commit for clicks (server/tracking/batcher.ts): concurrent clicks are
// written together, one multi-row INSERT in one statement, and each caller is
// answered only after that statement committed.
// `groupCommit: false` (CLICK_GROUP_COMMIT=0) gives each click its own transaction:
// the benchmark's comparison, and a way out should batching ever misbehave.
//
// Repeat clicks (server/fraud) are marked in the same INSERT, with no extra round
// trip: a click is a repeat when the same affiliate already has a click of the same
// visitor or the same IP within the merchant's window — decided by the database through
// the click_marks rows the same statement upserts (so two app instances agree), and by
// a pass over the batch itself for earlier clicks of the same batch.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { jsonParam } from '@/db/json-rows';
import type { NewClick } from '@/db/schema';
import { clickDimsOf, clickStatsOf } from './click-stats';
import { metrics } from '../metrics';
import { Batcher } from './batcher';
import { log } from '@/lib/log';

const PRUNE_EVERY_MS = 10 * 60_000;

interface Row {
  click: NewClick;
  newVisitor: boolean;
  /** The merchant's repeat window; 0 turns repeat detection off. */
  repeatWindowSeconds: number;
}

export class ClickWriter {
  private readonly group = new Batcher<Row, number>((batch) => this.commit(batch), { maxBatch: 400, maxConcurrent: 4 });

  constructor(
    private readonly db: () => Promise<Db>,
    private readonly opts: { groupCommit?: boolean } = {},
  ) {}

  /** Resolves with the click's id once it is committed. */
  write(click: NewClick, newVisitor: boolean, repeatWindowSeconds = 0): Promise<number> {
    const row = { click, newVisitor, repeatWindowSeconds };
    if (this.opts.groupCommit === false) return this.commit([row]).then(([id]) => id!);
    return this.group.submit(row);
  }

  private lastPrune = Date.now();

  /**
   * Marks older than the longest repeat window (7 days) decide nothing: every ten minutes a
   * process deletes up to 5,000 of them, after its batch and never in its way.
   */
  private pruneMarks(db: Db): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    db.execute(
      sql`delete from click_marks where ctid in (select ctid from click_marks where last_at < now() - interval '7 days' limit 5000)`,
    ).catch((err: unknown) => log().error({ component: 'clicks', err }, 'pruning click_marks failed'));
  }

  private async commit(batch: Row[]): Promise<number[]> {
    const db = await this.db();
    metrics().clickBatch.observe(batch.length);
    this.pruneMarks(db);
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
    cc: c.country ?? null,
    dev: c.device ?? null,
    br: c.browser ?? null,
    os: c.os ?? null,
    flag: flags[i],
    win: flags[i] ? 0 : repeatWindowSeconds,
    mw: repeatWindowSeconds,
    rip: comparableIp(c.ip),
    known: !newVisitor,
    // Only a back-fill (tests, imports) gives the time; the tracker's clicks are stamped by the database.
    at: c.createdAt ? c.createdAt.toISOString() : null,
  }));
  // Repeat or unique is decided by the database, once: `keys` are the batch's (account,
  // affiliate, visitor) and (account, affiliate, IP) subjects, and `marks` upserts each one's
  // last click time (click_marks), returning the time it held before. A statement that meets
  // a row another statement is writing waits for that one's commit and then reads its time
  // (ON CONFLICT DO UPDATE sees the latest committed row), so of two app instances that see a
  // visitor's first click at once exactly one counts it unique — an EXISTS over `clicks`
  // cannot see a concurrent statement's rows. Keys are upserted in key order, and `mk`
  // aggregates every mark before any click is written, so all statements lock marks first and
  // the daily rollup after, each in key order: no deadlock between writers. Repeats within
  // the batch are marked above (flagsWithinBatch); a flagged row still leaves its mark.
  return sql`
    with v as (
      select * from json_to_recordset(${jsonParam(rows)}::json)
        as v(m text, vid text, aff uuid, cmp text, bnr text, chan text, d1 text, d2 text, d3 text, d4 text, d5 text,
             url text, ref text, ip text, ua text, cc text, dev text, br text, os text, flag text, win int, mw int, rip text, known boolean, at timestamptz)
    ),
    nv as (
      insert into visitors (id, merchant_id) select vid, m from v where not known on conflict do nothing
    ),
    keys as (
      select m, aff, subj, max(at) as at from (
        select m, aff, 'v' || vid as subj, coalesce(at, now()) as at from v where mw > 0
        union all
        select m, aff, 'i' || rip, coalesce(at, now()) from v where mw > 0 and rip is not null
      ) k
      group by 1, 2, 3 order by 1, 2, 3
    ),
    marks as (
      insert into click_marks as cm (merchant_id, affiliate_id, subject, last_at)
      select m, aff, subj, at from keys
      on conflict (merchant_id, affiliate_id, subject) do update
        set last_at = greatest(cm.last_at, excluded.last_at), prev_at = cm.last_at
      returning merchant_id, affiliate_id, subject, prev_at
    ),
    mk as (
      select coalesce(jsonb_object_agg(merchant_id || '|' || affiliate_id || '|' || subject, prev_at)
                        filter (where prev_at is not null), '{}'::jsonb) as j
      from marks
    ),
    c as (
      insert into clicks (merchant_id, visitor_id, affiliate_id, campaign_id, banner_id, channel,
        data1, data2, data3, data4, data5, url, referrer, ip, user_agent, country, device, browser, os, is_repeat, flag, created_at)
      select m, vid, aff, cmp, bnr, chan, d1, d2, d3, d4, d5, url, ref, ip, ua, cc, dev, br, os, f is not null, f, coalesce(at, now())
      from (
        select v.*, coalesce(v.flag, case when v.win > 0 and (
          (mk.j ->> (v.m || '|' || v.aff || '|v' || v.vid))::timestamptz >= now() - make_interval(secs => v.win)
          or (mk.j ->> (v.m || '|' || v.aff || '|i' || v.rip))::timestamptz >= now() - make_interval(secs => v.win)
        ) then 'repeat' end) as f
        from v cross join mk
      ) x
      returning id, merchant_id, created_at, affiliate_id, is_repeat, campaign_id, banner_id, channel, data1, data2, data3, data4, data5,
        url, referrer, country, device, browser, os
    ),
    stats as (${clickStatsOf(sql`c`)}),
    dims as (${clickDimsOf(sql`c`)})
    select id from c`;
}
