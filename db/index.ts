// The app's one database per process, kept on globalThis so route handlers, pages
// and start-up code share it (PGlite is a single-process database). `getDb()`
// resolves once the database is open, migrated (embedded) and seeded (demo).
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { shouldSeedDemo } from '../server/env';
import { isConnectionError } from '../server/errors';
import { createDb, migrationsFolder, rowsOf, type Db, type DbHandle } from './client';
import { seedDemo } from './seed';

export { isTransaction, rowsOf } from './client';
export type { Db, Tx } from './client';

interface Booted {
  handle: DbHandle;
  seeded: boolean;
}

const g = globalThis as typeof globalThis & { __affDb?: Promise<Booted> };

async function boot(): Promise<Booted> {
  const handle = createDb();
  try {
    if (handle.kind !== 'postgres') await handle.migrate();
    else if (!(await isMigrated(handle.db))) {
      console.warn('[db] the PostgreSQL database is not migrated: run `npm run db:migrate`.');
      return { handle, seeded: false };
    }
    let seeded = false;
    if (shouldSeedDemo()) seeded = await seedDemo(handle.db);
    return { handle, seeded };
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
}

function booted(): Promise<Booted> {
  if (!g.__affDb) {
    const p = boot();
    g.__affDb = p;
    // A failed start (the server is down) is retried on the next call, not cached.
    p.catch(() => {
      if (g.__affDb === p) g.__affDb = undefined;
    });
  }
  return g.__affDb;
}

export async function getDb(): Promise<Db> {
  return (await booted()).handle.db;
}

/** Opens, migrates and seeds at start; returns what it did, for the start-up banner. */
export async function startDatabase(): Promise<{ kind: string; seeded: boolean; migrated: boolean }> {
  const b = await booted();
  return { kind: b.handle.kind, seeded: b.seeded, migrated: await isMigrated(b.handle.db) };
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

/** For /healthz: reachable, migrated and (where it applies) seeded. */
export async function health(): Promise<{ ok: boolean; reason?: string }> {
  try {
    const b = await booted();
    if (!(await isMigrated(b.handle.db))) return { ok: false, reason: 'database not migrated' };
    await b.handle.db.execute(sql`select 1`);
    return { ok: true };
  } catch {
    return { ok: false, reason: 'database unreachable' };
  }
}
