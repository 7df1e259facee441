// The cookie method's candidates: a visitor's clicks within the longest cookie
// lifetime, each with its affiliate (read with the click, so never stale; the caller
// counts approved ones only, and names the others when it explains itself). Concurrent sales share one query (server/tracking/batcher.ts):
// under load a sale costs a share of a round trip here, not a round trip.
import { sql } from 'drizzle-orm';
import { isTransaction, rowsOf, type Db, type Tx } from '@/db';
import { jsonParam, rowFromJson } from '@/db/json-rows';
import { affiliates, type Affiliate } from '@/db/schema';
import { Batcher } from '../batcher';
import type { CandidateClick } from './pick';

export interface CookieQuery {
  merchantId: string;
  /** A well-formed visitor id (VISITOR_ID_RE). */
  visitorId: string;
  since: Date;
  /**
   * Explaining (the attribution trace): when the visitor has no click since `since`, also
   * read when its last click was, by one probe of clicks_visitor_idx. Never otherwise.
   */
  explain?: boolean;
}

export type CookieCandidate = CandidateClick & { affiliate: Affiliate };

export interface CookieCandidates {
  clicks: CookieCandidate[];
  /** Explaining and no click since `since`: the visitor's last click, or null when it never clicked. */
  lastClickAt?: Date | null;
}

/** Per database handle: tests open several, the app one. */
const batchers = new WeakMap<Db, Batcher<CookieQuery, CookieCandidates>>();

export function cookieCandidates(db: Db, query: CookieQuery): Promise<CookieCandidates> {
  // Inside a transaction (a webhook) the query runs on it, alone.
  if (isTransaction(db)) return lookUp(db, [query]).then(([rows]) => rows!);
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new Batcher((queries) => lookUp(db, queries), { maxBatch: 200, maxConcurrent: 4 })));
  return batcher.submit(query);
}

/**
 * Up to 1,000 clicks per visitor, oldest first (a visitor without any: one row of nulls). The affiliate is read per click by its
 * primary key (a lateral subquery the planner cannot turn into a scan of every
 * affiliate, whatever its statistics say).
 */
async function lookUp(db: Tx, queries: CookieQuery[]): Promise<CookieCandidates[]> {
  const keys = queries.map((q, i) => ({ i, m: q.merchantId, v: q.visitorId, since: q.since.toISOString(), x: !!q.explain }));
  const rows = rowsOf<{
    i: number;
    id: string | number | null;
    affiliate_id: string;
    campaign_id: string;
    created_at: string | Date;
    ip: string | null;
    affiliate: unknown;
    last_click: string | Date | null;
  }>(
    await db.execute(sql`
      select k.i, c.id, c.affiliate_id, c.campaign_id, c.created_at, c.ip, c.affiliate,
        -- A lazy subplan: evaluated only when explaining a visitor without a recent click.
        case when k.x and c.id is null then
          (select max(l.created_at) from clicks l where l.merchant_id = k.m and l.visitor_id = k.v::char(32)) end as last_click
      from json_to_recordset(${jsonParam(keys)}::json) as k(i int, m text, v text, since timestamptz, x boolean)
      left join lateral (
        select c.id, c.affiliate_id, c.campaign_id, c.created_at, c.ip, x.affiliate
        from clicks c
        cross join lateral (
          select row_to_json(a) as affiliate from ${affiliates} a where a.id = c.affiliate_id offset 0
        ) x
        where c.merchant_id = k.m and c.visitor_id = k.v::char(32) and c.created_at >= k.since
        order by c.created_at, c.id
        limit 1000
      ) c on true
      order by k.i, c.created_at, c.id`),
  );
  const out: CookieCandidates[] = queries.map(() => ({ clicks: [] }));
  for (const r of rows) {
    if (r.id === null) {
      if (queries[r.i]!.explain) out[r.i]!.lastClickAt = r.last_click === null ? null : new Date(r.last_click);
      continue;
    }
    out[r.i]!.clicks.push({
      id: Number(r.id),
      affiliateId: r.affiliate_id,
      campaignId: r.campaign_id,
      createdAt: new Date(r.created_at),
      ip: r.ip,
      affiliate: rowFromJson(affiliates, r.affiliate),
    });
  }
  return out;
}
