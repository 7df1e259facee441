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
