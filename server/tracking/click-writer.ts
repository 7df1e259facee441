// Group commit for clicks (server/tracking/batcher.ts): concurrent clicks are
// written together, one multi-row INSERT in one statement, and each caller is
// answered only after that statement committed.
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
import { jsonParam } from '@/db/json-rows';
import type { NewClick } from '@/db/schema';
import { clickDimsOf, clickStatsOf } from './click-stats';
import { Batcher } from './batcher';

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
  // For the visitor the affiliate is compared as text so that the planner keeps to the
  // visitor index whatever its statistics say (PGlite never analyzes; a young table has no
  // statistics): on (merchant, affiliate, created_at) it would scan every recent click of a
  // busy affiliate per row. The IP check is one probe of (merchant, ip, affiliate, created_at). OFFSET 0 keeps the subquery from being flattened, which
  // would evaluate the EXISTS twice (once for is_repeat, once for flag). A visitor id made
  // for this click (`known` false) has no earlier clicks to look for. The statement does
  // not see its own rows: repeats within the batch are marked above (flagsWithinBatch).
  // The visitor id stays text until it is stored: a cast to char(32) would truncate a
  // bad one silently, where storing it fails the row.
  return sql`
    with v as (
      select * from json_to_recordset(${jsonParam(rows)}::json)
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
                  where c.merchant_id = v.m and c.ip = v.rip and c.affiliate_id = v.aff
                    and c.created_at >= now() - make_interval(secs => v.win)))
        ) then 'repeat' end) as f
        from v
        offset 0
      ) x
      returning id, merchant_id, created_at, affiliate_id, is_repeat, campaign_id, banner_id, channel, data1, data2, data3, data4, data5
    ),
    stats as (${clickStatsOf(sql`c`)}),
    dims as (${clickDimsOf(sql`c`)})
    select id from c`;
}
