// The app's one database per process, kept on globalThis so route handlers, pages
// and start-up code share it (PGlite is a single-process database). `getDb()`
// resolves once the database is open, migrated (embedded) and seeded (demo); on a
// PostgreSQL server that `npm run db:migrate` has not reached yet it answers 503.
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { shouldSeedDemo } from '../lib/env';
import { AppError, isConnectionError } from '../lib/errors';
import { createDb, migrationsFolder, prepareEmbeddedDataDir, rowsOf, type Db, type DbHandle } from './client';
import { seedDemo } from './seed';
import { log } from '../lib/log';

export { isTransaction, rowsOf } from './client';
export type { Db, Tx } from './client';

interface Booted {
  handle: DbHandle;
  seeded: boolean;
  /** False while a PostgreSQL server has not had `npm run db:migrate` yet. */
  migrated: boolean;
}

const g = globalThis as typeof globalThis & { __affDb?: Promise<Booted>; __affDbUnmigrated?: Booted; __affDbStarted?: boolean };

/** Opens (or, for a server found unmigrated before, reuses) the database, migrates the embedded one, seeds the demo. */
async function boot(reopen?: DbHandle): Promise<Booted> {
  if (!reopen) await prepareEmbeddedDataDir();
  const handle = reopen ?? createDb();
  try {
    if (handle.kind !== 'postgres') await handle.migrate();
    else if (!(await isMigrated(handle.db))) {
      if (!reopen) log().warn({ component: 'db' }, 'the PostgreSQL database is not migrated: run `npm run db:migrate`.');
      return { handle, seeded: false, migrated: false };
    }
    let seeded = false;
    if (shouldSeedDemo()) seeded = await seedDemo(handle.db);
    return { handle, seeded, migrated: true };
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
}

function booted(): Promise<Booted> {
  // A server that was not migrated is looked at again on the next call, on the same
  // connections, and once `npm run db:migrate` has run it is seeded like any start.
  const unmigrated = g.__affDbUnmigrated;
  if (unmigrated) {
    g.__affDbUnmigrated = undefined;
    g.__affDb = remember(boot(unmigrated.handle));
  }
  return (g.__affDb ??= remember(boot()));
}

function remember(p: Promise<Booted>): Promise<Booted> {
  p.then(
    (b) => {
      g.__affDbStarted = true;
      if (!b.migrated && g.__affDb === p) g.__affDbUnmigrated = b;
    },
    // A failed start (the server is down) is retried on the next call, not cached.
    () => {
      g.__affDbStarted = true;
      if (g.__affDb === p) g.__affDb = undefined;
    },
  );
  return p;
}

/** The database, once it is open, migrated and seeded; `503 unavailable` while a server is not migrated yet. */
export async function getDb(): Promise<Db> {
  const b = await booted();
  if (!b.migrated)
    throw new AppError('unavailable', 'The database is not migrated yet; run `npm run db:migrate`.', { 'Retry-After': '5' });
  return b.handle.db;
}

/** Opens, migrates and seeds at start; returns what it did, for the start-up banner. */
export async function startDatabase(): Promise<{ kind: string; seeded: boolean; migrated: boolean }> {
  const b = await booted();
  return { kind: b.handle.kind, seeded: b.seeded, migrated: b.migrated };
}

/**
 * Whether every migration file has been applied. A server that cannot be reached is
 * not "unmigrated": that error is thrown, so a start while it is down is not cached.
 */
export async function isMigrated(db: Db): Promise<boolean> {
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  try {
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const n = Number(rowsOf<{ n: number }>(rows)[0]?.n ?? 0);
    return n >= journal.entries.length;
  } catch (err) {
    if (isConnectionError(err)) throw err;
    return false;
  }
}

/** For /healthz: reachable, migrated and (where it applies) seeded; answers at once while the database still starts. */
export async function health(): Promise<{ ok: boolean; reason?: string }> {
  try {
    const p = booted();
    // The first start (opening, migrating and seeding the embedded database) takes seconds:
    // say so at once instead of holding the probe until it is done.
    if (!g.__affDbStarted) return { ok: false, reason: 'starting: the database is being opened and migrated' };
    const b = await p;
    if (!b.migrated) return { ok: false, reason: 'database not migrated' };
    await b.handle.db.execute(sql`select 1`);
    return { ok: true };
  } catch {
    return { ok: false, reason: 'database unreachable' };
  }
}
