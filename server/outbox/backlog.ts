// The mail and webhook delivery backlog for /metrics (PLATFORM-API.md §5): messages not yet
// delivered (queued, retrying, or being sent), by kind and status, and how long the oldest
// has waited. Read when /metrics is scraped, by one grouped query over the outbox's
// partial "due" index; never on a request's path.
import { sql } from 'drizzle-orm';
import { getDb, rowsOf } from '@/db';
import { registerGauge } from '../metrics';
import { outboxGlobals } from './registry';

const PENDING = ['queued', 'retrying', 'sending'] as const;
/** Always reported (as 0 when empty), so an alert on them has a series before the first message. */
const KNOWN_KINDS = ['mail', 'webhook'];

interface Row {
  kind: string;
  status: string;
  n: number;
  oldest: number | null;
}

let cache: { at: number; rows: Promise<Row[]> } | undefined;

/** One query per scrape, shared by both gauges (prom-client collects them one after the other). */
function backlog(): Promise<Row[]> {
  const now = Date.now();
  if (cache && now - cache.at < 1000) return cache.rows;
  const rows = (async () => {
    const db = await getDb();
    const result = await db.execute(sql`
      select kind, status, count(*)::int as n,
             extract(epoch from now() - min(created_at))::float8 as oldest
        from outbox_messages
       where status in ('queued', 'retrying', 'sending')
       group by kind, status`);
    return rowsOf<Row>(result);
  })();
  cache = { at: now, rows };
  rows.catch(() => (cache = undefined));
  return rows;
}

function kinds(rows: Row[]): string[] {
  return [...new Set([...KNOWN_KINDS, ...outboxGlobals().handlers.keys(), ...rows.map((r) => r.kind)])];
}

export function registerOutboxGauges(): void {
  registerGauge('aff_outbox_pending_messages', 'Outbox messages not yet delivered (mail, outgoing webhooks), by kind and status.', ['kind', 'status'], async () => {
    const rows = await backlog();
    return kinds(rows).flatMap((kind) =>
      PENDING.map((status) => ({
        labels: { kind, status },
        value: Number(rows.find((r) => r.kind === kind && r.status === status)?.n ?? 0),
      })),
    );
  });
  registerGauge('aff_outbox_oldest_pending_seconds', 'Age of the oldest outbox message not yet delivered, by kind (0 when none).', ['kind'], async () => {
    const rows = await backlog();
    return kinds(rows).map((kind) => ({
      labels: { kind },
      value: Math.max(0, ...rows.filter((r) => r.kind === kind).map((r) => Number(r.oldest ?? 0))),
    }));
  });
}
