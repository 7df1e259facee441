// Data retention (PLATFORM-API.md §5): raw clicks older than CLICK_RETENTION_MONTHS go (on a
// partitioned PostgreSQL `clicks` whole monthly partitions are dropped, elsewhere the rows are
// deleted in batches) while their daily rollups stay, and stored IP addresses older than
// IP_RETENTION_DAYS are removed — set to null, not truncated to a prefix: a /24 or /48 still
// narrows a person down, and nothing older than the attribution windows needs the address.
// Run daily by the background work (server/boot.ts) and by `npm run retention`.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { dropClickPartitionsBefore, ensureClickPartitions, isClicksPartitioned, monthStart } from '@/db/partitions';
import { log } from '@/lib/log';
import { env } from './env';
import { backfillClickCountries } from './geo/backfill';

/** Rows changed per statement: short statements, so the tracker's writes never wait long behind one. */
const BATCH = 5_000;

export interface RetentionResult {
  /** The first instant kept of raw clicks, when CLICK_RETENTION_MONTHS is set. */
  clicksBefore?: Date;
  /** Whether `clicks` is partitioned (PostgreSQL): old months are dropped whole, else rows deleted. */
  partitioned?: boolean;
  droppedPartitions: string[];
  deletedClicks: number;
  /** Where IP addresses older than this were removed, when IP_RETENTION_DAYS is set. */
  ipsBefore?: Date;
  /** Rows whose IP was removed, per table. */
  anonymised: Record<string, number>;
}

/**
 * The start of the oldest month kept: clicks before the month that was `months` months ago go.
 * A month is removed only once all of it is older, the same on both databases.
 */
export function clickRetentionBoundary(now: Date, months: number): Date {
  return monthStart(now, -months);
}

export async function runRetention(
  db: Db,
  opts: { now?: Date; clickRetentionMonths?: number; ipRetentionDays?: number } = {},
): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const months = 'clickRetentionMonths' in opts ? opts.clickRetentionMonths : env().CLICK_RETENTION_MONTHS;
  const days = 'ipRetentionDays' in opts ? opts.ipRetentionDays : env().IP_RETENTION_DAYS;
  const result: RetentionResult = { droppedPartitions: [], deletedClicks: 0, anonymised: {} };
  if (months) {
    const before = clickRetentionBoundary(now, months);
    result.clicksBefore = before;
    result.partitioned = await isClicksPartitioned(db);
    if (result.partitioned) result.droppedPartitions = await dropClickPartitionsBefore(db, before);
    else result.deletedClicks = await deleteClicksBefore(db, before);
  }
  if (days) {
    const before = new Date(now.getTime() - days * 86_400_000);
    result.ipsBefore = before;
    result.anonymised = await anonymiseIpsBefore(db, before);
  }
  return result;
}

/** PGlite (and a PostgreSQL `clicks` not partitioned): old clicks deleted in batches. */
async function deleteClicksBefore(db: Db, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = rowsOf(
      await db.execute(sql`
        delete from clicks where (merchant_id, id, created_at) in (
          select merchant_id, id, created_at from clicks where created_at < ${before.toISOString()}::timestamptz limit ${BATCH})
        returning 1 as x`),
    ).length;
    total += n;
    if (n < BATCH) return total;
  }
}

/** Removes the stored IP addresses older than `before`; returns the rows changed per table. */
export async function anonymiseIpsBefore(db: Db, before: Date): Promise<Record<string, number>> {
  const at = before.toISOString();
  const batched = async (statement: () => ReturnType<typeof sql>) => {
    let total = 0;
    for (;;) {
      const n = rowsOf(await db.execute(statement())).length;
      total += n;
      if (n < BATCH) return total;
    }
  };
  return {
    clicks: await batched(
      () => sql`
        update clicks set ip = null where (merchant_id, id, created_at) in (
          select merchant_id, id, created_at from clicks where created_at < ${at}::timestamptz and ip is not null limit ${BATCH})
        returning 1 as x`,
    ),
    conversions: await batched(
      () => sql`
        update conversions set ip = null where id in (
          select id from conversions where created_at < ${at}::timestamptz and ip is not null limit ${BATCH})
        returning 1 as x`,
    ),
    auditLog: await batched(
      () => sql`
        update audit_log set ip = null where id in (
          select id from audit_log where created_at < ${at}::timestamptz and ip is not null limit ${BATCH})
        returning 1 as x`,
    ),
    users: await batched(
      () => sql`
        update users set last_sign_in_ip = null where id in (
          select id from users where last_sign_in_ip is not null
            and (last_sign_in_at is null or last_sign_in_at < ${at}::timestamptz) limit ${BATCH})
        returning 1 as x`,
    ),
    // The address is all such a row holds: it goes as a whole (it only flags sales from it).
    affiliateSignInIps: await batched(
      () => sql`
        delete from affiliate_sign_in_ips where (affiliate_id, ip) in (
          select affiliate_id, ip from affiliate_sign_in_ips where last_seen_at < ${at}::timestamptz limit ${BATCH})
        returning 1 as x`,
    ),
  };
}

/** Clicks the daily upkeep gives a country at most (the rest on the next days, or `npm run backfill:countries`). */
const DAILY_COUNTRY_BACKFILL_BATCHES = 250;

/** The daily upkeep of the background work: partitions made ahead, retention, then the clicks' missing countries. */
export async function dailyDataUpkeep(db: Db): Promise<void> {
  await ensureClickPartitions(db);
  const r = await runRetention(db);
  // After retention: no country looked up from an address that was due to go.
  const b = await backfillClickCountries(db, { maxBatches: DAILY_COUNTRY_BACKFILL_BATCHES });
  if (b.filled || b.more)
    log().info({ component: 'retention', countriesFilled: b.filled, clicksScanned: b.scanned, more: b.more }, 'clicks given their country');
  const anonymised = Object.values(r.anonymised).reduce((a, b) => a + b, 0);
  if (r.droppedPartitions.length || r.deletedClicks || anonymised)
    log().info(
      { component: 'retention', droppedPartitions: r.droppedPartitions, deletedClicks: r.deletedClicks, anonymisedIps: anonymised },
      'retention removed old data',
    );
}
