// The daily click rollup (click_daily_stats) is added to by the click writer's own
// statement, from the rows just inserted as they were stored (repeat flag included),
// so the dashboards' counts are exactly the committed clicks.
import { sql, type SQL } from 'drizzle-orm';

/**
 * The upsert that adds clicks to the rollup, for a data-modifying CTE: `inserted` names
 * the clicks' INSERT … RETURNING merchant_id, created_at, affiliate_id, is_repeat.
 */
export function clickStatsOf(inserted: SQL): SQL {
  // Ordered by key so that concurrent writers lock the same rows in the same order.
  return sql`
    insert into click_daily_stats (merchant_id, day, affiliate_id, clicks, unique_clicks)
    select merchant_id, (created_at at time zone 'UTC')::date, affiliate_id, count(*), count(*) filter (where not is_repeat)
    from ${inserted}
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (merchant_id, day, affiliate_id) do update
      set clicks = click_daily_stats.clicks + excluded.clicks,
          unique_clicks = click_daily_stats.unique_clicks + excluded.unique_clicks`;
}

/**
 * The dimensions click_daily_dims keeps besides affiliate and campaign (its key columns):
 * `total` (value '') counts every click, so a report by affiliate, campaign or period reads
 * the same table as one by a dimension, with the same filters.
 */
export const CLICK_DIMS = [
  'total', 'banner', 'channel', 'data1', 'data2', 'data3', 'data4', 'data5',
  'landingPage', 'referrer', 'country', 'device', 'browser', 'os',
] as const;
export type ClickDim = (typeof CLICK_DIMS)[number];

/** A click's landing page as reports group it: its URL without query and fragment. */
export const landingPageOf = (url: SQL) => sql`nullif(left(regexp_replace(${url}, '[?#].*$', ''), 500), '')`;
/** A click's referrer domain: the referrer URL's host, lower-case, without `www.`. */
export const referrerDomainOf = (ref: SQL) =>
  sql`nullif(regexp_replace(lower(substring(${ref} from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)')), '^www[.]', ''), '')`;

/**
 * The affiliate id of click_daily_dims rows that count every affiliate's clicks: a report
 * not narrowed to one affiliate adds up those (a few rows per day and value) instead of one
 * row per affiliate, which over a year of a big program would be millions.
 */
export const ALL_AFFILIATES = '00000000-0000-0000-0000-000000000000';

/**
 * The same for click_daily_dims (server/reports): one row per day, affiliate, campaign,
 * dimension and value, and the same per day, campaign, dimension and value for all
 * affiliates (ALL_AFFILIATES), from the clicks' INSERT … RETURNING (campaign_id, banner_id,
 * channel, data1…data5, url, referrer, country, device, browser, os too). A click without a
 * banner, channel, sub-id, … adds nothing to that dimension.
 */
export function clickDimsOf(inserted: SQL): SQL {
  return sql`
    insert into click_daily_dims (merchant_id, dim, day, affiliate_id, campaign_id, value, clicks, unique_clicks)
    select merchant_id, d.dim, (created_at at time zone 'UTC')::date, w.aff, campaign_id, d.value,
      count(*), count(*) filter (where not is_repeat)
    from ${inserted}
    cross join lateral (values (affiliate_id), (${ALL_AFFILIATES}::uuid)) as w(aff)
    cross join lateral (values ('total', ''), ('banner', banner_id), ('channel', channel),
      ('data1', data1), ('data2', data2), ('data3', data3), ('data4', data4), ('data5', data5),
      ('landingPage', ${landingPageOf(sql`url`)}), ('referrer', ${referrerDomainOf(sql`referrer`)}),
      ('country', country), ('device', device), ('browser', browser), ('os', os)) as d(dim, value)
    where d.value is not null
    group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
    on conflict (merchant_id, dim, day, affiliate_id, campaign_id, value) do update
      set clicks = click_daily_dims.clicks + excluded.clicks,
          unique_clicks = click_daily_dims.unique_clicks + excluded.unique_clicks`;
}
