// npm run retention — on the database DATABASE_URL names: makes the coming months' click
// partitions (PostgreSQL), then applies CLICK_RETENTION_MONTHS and IP_RETENTION_DAYS once, as the
// app's daily background work does, and prints what it removed.
import { ensureClickPartitions } from '../db/partitions';
import { createDb } from '../db/client';
import { env } from '../server/env';
import { runRetention } from '../server/retention';

const handle = createDb(undefined, { max: 1, statementTimeoutMs: 0 });
try {
  const { CLICK_RETENTION_MONTHS: months, IP_RETENTION_DAYS: days } = env();
  const made = await ensureClickPartitions(handle.db);
  if (made.length) console.log(`[retention] partitions made: ${made.join(', ')}`);
  const r = await runRetention(handle.db);
  if (!months) console.log('[retention] CLICK_RETENTION_MONTHS is not set: raw clicks are kept');
  else
    console.log(
      `[retention] clicks before ${r.clicksBefore?.toISOString().slice(0, 10)}: ` +
        (r.partitioned ? `partitions dropped: ${r.droppedPartitions.join(', ') || 'none'}` : `${r.deletedClicks} deleted`),
    );
  if (!days) console.log('[retention] IP_RETENTION_DAYS is not set: IP addresses are kept');
  else
    console.log(
      `[retention] IP addresses before ${r.ipsBefore?.toISOString()} removed: ` +
        Object.entries(r.anonymised).map(([table, n]) => `${table} ${n}`).join(', '),
    );
} finally {
  await handle.close();
}
