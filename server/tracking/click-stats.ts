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

/** The dimensions click_daily_dims keeps, each a column of the clicks' RETURNING. */
export const CLICK_DIMS = ['campaign', 'banner', 'channel', 'data1', 'data2', 'data3', 'data4', 'data5'] as const;
export type ClickDim = (typeof CLICK_DIMS)[number];

/**
 * The same for click_daily_dims (server/reports): one row per day, dimension and value,
 * from the clicks' INSERT … RETURNING (campaign_id, banner_id, channel, data1…data5 too).
 * A click without a banner, channel or sub-id adds nothing to that dimension.
 */
export function clickDimsOf(inserted: SQL): SQL {
  return sql`
    insert into click_daily_dims (merchant_id, dim, day, value, clicks, unique_clicks)
    select merchant_id, d.dim, (created_at at time zone 'UTC')::date, d.value, count(*), count(*) filter (where not is_repeat)
    from ${inserted}
    cross join lateral (values ('campaign', campaign_id), ('banner', banner_id), ('channel', channel),
      ('data1', data1), ('data2', data2), ('data3', data3), ('data4', data4), ('data5', data5)) as d(dim, value)
    where d.value is not null
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (merchant_id, dim, day, value) do update
      set clicks = click_daily_dims.clicks + excluded.clicks,
          unique_clicks = click_daily_dims.unique_clicks + excluded.unique_clicks`;
}
