// The daily click rollup (click_daily_stats) is added to in the click writer's own
// transaction, from the rows just inserted as they were stored (repeat flag
// included), so the dashboards' counts are exactly the committed clicks.
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';

export async function addToClickStats(tx: Tx, clickIds: number[]): Promise<void> {
  if (clickIds.length === 0) return;
  // Ordered by key so that concurrent writers lock the same rows in the same order.
  await tx.execute(sql`
    insert into click_daily_stats (merchant_id, day, affiliate_id, clicks, unique_clicks)
    select merchant_id, (created_at at time zone 'UTC')::date, affiliate_id, count(*), count(*) filter (where not is_repeat)
    from clicks where id = any(${`{${clickIds.join(',')}}`}::bigint[])
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (merchant_id, day, affiliate_id) do update
      set clicks = click_daily_stats.clicks + excluded.clicks,
          unique_clicks = click_daily_stats.unique_clicks + excluded.unique_clicks`);
}
