// PostgreSQL only: `clicks` as a table range-partitioned by month (DESIGN.md, Scale). The shared
// drizzle migrations create a plain table (PGlite keeps it); `npm run db:migrate` then converts it
// here, once, in one transaction (partitionClicks), and the app makes each month's partition
// ahead of time (ensureClickPartitions, at start and daily). A DEFAULT partition catches any row
// no month partition covers, so an insert never fails for lack of one; the next maintenance moves
// such rows into their month. Old months are dropped whole by the retention job (server/retention.ts).
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './client';

// client.ts imports this module (its migrate step): its rowsOf is repeated here rather than imported back.
const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

/** Months made ahead of the current one. */
export const MONTHS_AHEAD = 3;
export const DEFAULT_PARTITION = 'clicks_default';
/** One lock for every change to the partition set, so app instances doing maintenance at once take turns. */
const LOCK = sql`select pg_advisory_xact_lock(hashtext('affiliate-tracker:clicks-partitions'))`;
const MONTH_NAME = /^clicks_(\d{4})_(\d{2})$/;

/** The first instant (UTC) of the month `date` falls in, `offset` months on. */
export function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}

/** `clicks_2026_12` for December 2026. */
export function partitionName(month: Date): string {
  return `clicks_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month a partition name stands for, or null for the default partition (or a foreign name). */
export function partitionMonth(name: string): Date | null {
  const m = MONTH_NAME.exec(name);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : null;
}

/** A timestamptz literal for DDL (partition bounds cannot be parameters): only from a Date, never from input. */
const at = (d: Date) => sql.raw(`'${d.toISOString()}'`);

async function one<T>(db: Tx, query: ReturnType<typeof sql>): Promise<T | undefined> {
  return rowsOf<T>(await db.execute(query))[0];
}

/** Whether `clicks` (in the current schema) is a partitioned table: false on PGlite and before the conversion. */
export async function isClicksPartitioned(db: Tx): Promise<boolean> {
  const row = await one<{ kind: string }>(
    db,
    sql`select c.relkind::text as kind from pg_class c where c.oid = to_regclass('clicks')`,
  );
  return row?.kind === 'p';
}

/** The partitions of `clicks` by name (month partitions and the default). */
export async function clickPartitions(db: Tx): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = to_regclass('clicks') order by 1`),
  );
  return rows.map((r) => r.name);
}

/**
 * Converts a plain `clicks` table into the partitioned one, keeping every row, in one transaction:
 * the table is renamed aside, a partitioned `clicks` made with the same columns, defaults (the same
 * id sequence), primary key and indexes, a partition per month from the oldest row's month to
 * MONTHS_AHEAD after now plus the default, the rows copied, the counts compared, the old table
 * dropped. Writers wait on the table lock and then write into the new table. Does nothing when
 * `clicks` is already partitioned; returns whether it converted.
 */
export async function partitionClicks(db: Db, opts: { now?: Date; monthsAhead?: number } = {}): Promise<boolean> {
  const now = opts.now ?? new Date();
  const ahead = opts.monthsAhead ?? MONTHS_AHEAD;
  const converted = await db.transaction(async (tx) => {
    await tx.execute(LOCK);
    if (await isClicksPartitioned(tx)) return false;
    await tx.execute(sql`lock table clicks in access exclusive mode`);
    const range = await one<{ min: number | null; max: number | null; n: string }>(
      tx,
      sql`select (extract(epoch from min(created_at)) * 1000)::float8 as min, (extract(epoch from max(created_at)) * 1000)::float8 as max,
            count(*)::text as n from clicks`,
    );
    const pk = await one<{ name: string }>(
      tx,
      sql`select conname::text as name from pg_constraint where conrelid = 'clicks'::regclass and contype = 'p'`,
    );
    // Every index but the primary key's, as PostgreSQL itself would write it ("… ON public.clicks …").
    const indexes = rowsOf<{ name: string; def: string }>(
      await tx.execute(sql`
        select i.indexname::text as name, i.indexdef::text as def from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = 'clicks'
          and i.indexname not in (select conname from pg_constraint where conrelid = 'clicks'::regclass)`),
    );
    const seq = await one<{ seq: string | null }>(tx, sql`select pg_get_serial_sequence('clicks', 'id') as seq`);
    const pkName = pk?.name ?? 'clicks_merchant_id_id_created_at_pk';

    await tx.execute(sql`alter table clicks rename to clicks_unpartitioned`);
    if (pk) await tx.execute(sql.raw(`alter table clicks_unpartitioned rename constraint "${pk.name}" to "${pk.name}_old"`));
    for (const ix of indexes) await tx.execute(sql.raw(`alter index "${ix.name}" rename to "${ix.name}_old"`));
    await tx.execute(sql`
      create table clicks (like clicks_unpartitioned including defaults including constraints including comments)
      partition by range (created_at)`);

    const first = monthStart(range?.min != null ? new Date(Number(range.min)) : now);
    const lastRow = range?.max != null ? monthStart(new Date(Number(range.max))) : first;
    const last = new Date(Math.max(lastRow.getTime(), monthStart(now, ahead).getTime()));
    for (let m = first; m <= last; m = monthStart(m, 1)) {
      await tx.execute(
        sql.raw(`create table "${partitionName(m)}" partition of clicks for values from ('${m.toISOString()}') to ('${monthStart(m, 1).toISOString()}')`),
      );
    }
    await tx.execute(sql.raw(`create table "${DEFAULT_PARTITION}" partition of clicks default`));

    // Rows first, indexes after: one sorted build per index instead of a row-by-row insert into each.
    await tx.execute(sql`insert into clicks select * from clicks_unpartitioned`);
    // The primary key holds the partition key (created_at) and the distribution key (merchant_id).
    await tx.execute(sql.raw(`alter table clicks add constraint "${pkName}" primary key (merchant_id, id, created_at)`));
    for (const ix of indexes) await tx.execute(sql.raw(ix.def));

    const copied = await one<{ n: string }>(tx, sql`select count(*)::text as n from clicks`);
    if (copied?.n !== range?.n) throw new Error(`clicks partitioning copied ${copied?.n} of ${range?.n} rows; nothing was changed`);
    // The id sequence now belongs to the new table, so dropping the old one keeps it.
    if (seq?.seq) await tx.execute(sql.raw(`alter sequence ${seq.seq} owned by clicks.id`));
    await tx.execute(sql`drop table clicks_unpartitioned`);
    return true;
  });
  if (converted) await ensureClickPartitions(db, { now, monthsAhead: ahead });
  return converted;
}

/**
 * Makes the partitions of the current month and MONTHS_AHEAD more (and of any month whose rows
 * wait in the default partition), moving such rows into their month: idempotent, and a no-op
 * where `clicks` is not partitioned. Each new month is created apart and attached, which takes a
 * lighter lock on `clicks` than CREATE TABLE … PARTITION OF, so clicks keep being written.
 * Returns the partitions it made.
 */
export async function ensureClickPartitions(db: Db, opts: { now?: Date; monthsAhead?: number } = {}): Promise<string[]> {
  if (!(await isClicksPartitioned(db))) return [];
  const now = opts.now ?? new Date();
  const ahead = opts.monthsAhead ?? MONTHS_AHEAD;
  const existing = new Set(await clickPartitions(db));
  if (!existing.has(DEFAULT_PARTITION)) {
    await db.transaction(async (tx) => {
      await tx.execute(LOCK);
      await tx.execute(sql.raw(`create table if not exists "${DEFAULT_PARTITION}" partition of clicks default`));
    });
  }
  const months = new Map<string, Date>();
  for (let i = 0; i <= ahead; i++) {
    const m = monthStart(now, i);
    months.set(partitionName(m), m);
  }
  const stray = rowsOf<{ m: string }>(
    await db.execute(
      sql.raw(`select distinct date_trunc('month', created_at at time zone 'UTC')::text as m from "${DEFAULT_PARTITION}"`),
    ),
  );
  for (const { m } of stray) {
    const month = new Date(`${m.slice(0, 10)}T00:00:00Z`);
    months.set(partitionName(month), month);
  }
  const made: string[] = [];
  for (const [name, month] of [...months].sort(([a], [b]) => a.localeCompare(b))) {
    if (existing.has(name)) continue;
    const created = await db.transaction(async (tx) => {
      await tx.execute(LOCK);
      if ((await one(tx, sql`select 1 as x where to_regclass(${name}) is not null`)) !== undefined) return false;
      const from = month;
      const to = monthStart(month, 1);
      await tx.execute(sql.raw(`create table "${name}" (like clicks including defaults including constraints)`));
      await tx.execute(sql`
        with moved as (
          delete from ${sql.identifier(DEFAULT_PARTITION)} where created_at >= ${at(from)} and created_at < ${at(to)} returning *
        ) insert into ${sql.identifier(name)} select * from moved`);
      await tx.execute(sql.raw(`alter table clicks attach partition "${name}" for values from ('${from.toISOString()}') to ('${to.toISOString()}')`));
      return true;
    });
    if (created) made.push(name);
  }
  return made;
}

/**
 * Drops every month partition that ends on or before `before` (a month start) and deletes the
 * default partition's rows older than it. Rollups (click_daily_stats, click_daily_dims) are other
 * tables and stay. Returns the partitions dropped.
 */
export async function dropClickPartitionsBefore(db: Db, before: Date): Promise<string[]> {
  if (!(await isClicksPartitioned(db))) return [];
  const dropped: string[] = [];
  for (const name of await clickPartitions(db)) {
    const month = partitionMonth(name);
    if (!month || monthStart(month, 1) > before) continue;
    await db.transaction(async (tx) => {
      await tx.execute(LOCK);
      await tx.execute(sql.raw(`drop table if exists "${name}"`));
    });
    dropped.push(name);
  }
  await db.execute(sql`delete from ${sql.identifier(DEFAULT_PARTITION)} where created_at < ${at(before)}`);
  return dropped;
}
