// The country of clicks recorded before clicks had one (or while the country database was not
// loaded): looked up from the click's stored IP address, in short batches, and added to the
// `country` dimension of click_daily_dims in the same statement that sets it, so the reports
// by country agree with the clicks. A click whose address is gone (IP_RETENTION_DAYS) or has
// no country (private, unknown) stays null. Run by the daily background work after retention
// (server/retention.ts) and by `npm run backfill:countries`.
//
// The rollup has no row for "no country" (a click without one adds nothing to that
// dimension), so filling a country only adds to the country's rows: nothing to move. A click
// is counted only if this statement is the one that changed its country from null, so two
// runs at once (two app instances) never count one twice. Hand-off copies of a click are not
// in the rollups (migration 0021, server/tracking/handoff.ts): they get the country, not a count.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { jsonParam } from '@/db/json-rows';
import { ALL_AFFILIATES } from '../tracking/click-stats';
import { countryOf, geoReady, startGeo } from './index';

/** Clicks looked at per statement: short statements, so the tracker never waits long behind one. */
export const COUNTRY_BACKFILL_BATCH = 2_000;

export interface CountryBackfillResult {
  /** False when the country database could not be loaded: nothing was done. */
  ran: boolean;
  /** Clicks without a country that still had an address, looked at. */
  scanned: number;
  /** Clicks given a country (and counted in the rollup). */
  filled: number;
  batches: number;
  /** True when it stopped at `maxBatches` with clicks left to look at. */
  more: boolean;
}

interface Candidate {
  m: string;
  id: string | number;
  /** created_at as PostgreSQL prints it: microseconds kept, for the keyset and the exact key. */
  at: string;
  ip: string;
}

/**
 * One pass over the clicks with an address but no country, in key order (merchant, time, id —
 * the partial index clicks_country_backfill_idx), `batch` at a time, at most `maxBatches`.
 * Idempotent: a second pass fills nothing the first one did.
 */
export async function backfillClickCountries(
  db: Db,
  opts: { batch?: number; maxBatches?: number } = {},
): Promise<CountryBackfillResult> {
  const batch = Math.max(1, opts.batch ?? COUNTRY_BACKFILL_BATCH);
  const maxBatches = opts.maxBatches ?? Infinity;
  const result: CountryBackfillResult = { ran: false, scanned: 0, filled: 0, batches: 0, more: false };
  await startGeo();
  if (!geoReady()) return result;
  result.ran = true;
  let after: Candidate | undefined;
  for (;;) {
    if (result.batches >= maxBatches) {
      result.more = true;
      return result;
    }
    const rows = rowsOf<Candidate>(
      await db.execute(sql`
        select merchant_id as m, id, created_at::text as at, ip from clicks
        where country is null and ip is not null
          ${after ? sql`and (merchant_id, created_at, id) > (${after.m}, ${after.at}::timestamptz, ${after.id}::bigint)` : sql``}
        order by merchant_id, created_at, id
        limit ${batch}`),
    );
    if (rows.length === 0) return result;
    result.batches++;
    result.scanned += rows.length;
    after = rows[rows.length - 1];
    const found = rows.flatMap((r) => {
      const cc = countryOf(r.ip);
      return cc ? [{ m: r.m, id: String(r.id), at: r.at, cc }] : [];
    });
    if (found.length) result.filled += await fillCountries(db, found);
    if (rows.length < batch) return result;
  }
}

/** Sets the countries and adds the clicks to the rollup's `country` rows, in one statement; returns the clicks changed. */
async function fillCountries(db: Db, rows: { m: string; id: string; at: string; cc: string }[]): Promise<number> {
  const out = rowsOf<{ n: number | string }>(
    await db.execute(sql`
      with v as (
        select * from json_to_recordset(${jsonParam(rows)}::json) as v(m text, id bigint, at timestamptz, cc text)
      ),
      u as (
        update clicks c set country = v.cc from v
        where c.merchant_id = v.m and c.id = v.id and c.created_at = v.at and c.country is null
        returning c.merchant_id, c.created_at, c.affiliate_id, c.campaign_id, c.is_repeat, c.country, c.flag
      ),
      dims as (
        insert into click_daily_dims (merchant_id, dim, day, affiliate_id, campaign_id, value, clicks, unique_clicks)
        select merchant_id, 'country', (created_at at time zone 'UTC')::date, w.aff, campaign_id, country,
          count(*), count(*) filter (where not is_repeat)
        from u cross join lateral (values (affiliate_id), (${ALL_AFFILIATES}::uuid)) as w(aff)
        where flag is distinct from 'handoff'
        group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
        on conflict (merchant_id, dim, day, affiliate_id, campaign_id, value) do update
          set clicks = click_daily_dims.clicks + excluded.clicks,
              unique_clicks = click_daily_dims.unique_clicks + excluded.unique_clicks
      )
      select count(*)::int as n from u`),
  );
  return Number(out[0]?.n ?? 0);
}
