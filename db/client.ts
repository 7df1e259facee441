// The database client: embedded PGlite or a PostgreSQL server, chosen by DATABASE_URL.
// Both speak the same schema and migrations; callers see one `Db` type.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { is } from 'drizzle-orm';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { databaseKind, env, type DatabaseKind } from '../lib/env';
import { partitionClicks } from './partitions';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle or the database itself: what a function that writes takes. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface DbHandle {
  db: Db;
  kind: DatabaseKind;
  /**
   * Applies the migrations; on PostgreSQL it then partitions `clicks` by month (db/partitions.ts)
   * unless `partitionClicks: false` (a test of the conversion itself).
   */
  migrate(opts?: { partitionClicks?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Seconds to wait for a connection to the PostgreSQL server. */
const CONNECT_TIMEOUT_S = 5;
/** Milliseconds any one statement of the app may run (migrations have their own client, without it). */
const STATEMENT_TIMEOUT_MS = 30_000;

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Opens a database. `url` follows DATABASE_URL's rules. */
export function createDb(
  url: string | undefined = env().DATABASE_URL,
  opts: {
    max?: number;
    /** 0: none (bulk jobs such as the benchmark's data generator). */ statementTimeoutMs?: number;
    /** Prepared statements and startup parameters; default DATABASE_PREPARE (on). */ prepare?: boolean;
    /** PGlite only: open a copy of this dump (PGlite's dumpDataDir) instead of an empty database (the tests' migrated template). */
    pgliteLoad?: Blob;
  } = {},
): DbHandle {
  const kind = databaseKind(url);
  if (kind === 'postgres') {
    // Behind a transaction-mode pooler (DATABASE_PREPARE=0) consecutive statements of one
    // connection may reach different server connections: a named statement prepared on one is
    // missing on the next (or, worse, another statement of that name answers with other types),
    // and the pooler refuses startup parameters it does not know, such as statement_timeout.
    // There the statement timeout belongs to the role or the database
    // (`ALTER ROLE app SET statement_timeout = '30s'`), as hosted poolers document.
    const pooled = !(opts.prepare ?? env().DATABASE_PREPARE === '1');
    const client = postgres(url!, {
      max: opts.max ?? 10,
      onnotice: () => {},
      prepare: !pooled,
      // postgres.js 3.4.9 is patched (patches/postgres+3.4.9.patch, applied by `npm ci`'s
      // postinstall): unpatched, a connection whose socket dies with a write queued keeps a
      // stale write timer and never sends again, so after a database restart its queries wait
      // out connect_timeout forever (upstream porsager/postgres#1208, #1209, #1214).
      // A server that is down or unreachable must cost a request a few seconds at most
      // (it then answers 503 with Retry-After), not the driver's default 30 s.
      connect_timeout: CONNECT_TIMEOUT_S,
      // Between failed connection attempts the driver waits by default up to 20 s, and a query
      // waits with it: a server back after a restart would be ignored that long. Half a second at most.
      backoff: (failures: number) => Math.min(2 ** failures / 100, 0.5),
      // Nor may a stuck statement hold a request (and a pooled connection) for long.
      ...(pooled ? {} : { connection: { statement_timeout: opts.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS } }),
    });
    // Drizzle asks postgres.js for an unnamed statement unless a query is given a name, so
    // PostgreSQL would parse and plan every statement anew: planning the click batch's
    // statement alone costs the server ~2 ms of CPU, several times its execution. Named
    // statements are planned once per connection and then reused (postgres.js keys them by text).
    if (!pooled) {
      const unsafe = client.unsafe.bind(client);
      client.unsafe = ((query: string, params?: never[], options?: { prepare?: boolean }) =>
        unsafe(query, params, { ...options, prepare: true })) as typeof client.unsafe;
    }
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return {
      db,
      kind,
      migrate: async (migrateOpts = {}) => {
        // A one-connection client: migrations take an advisory lock and must not interleave.
        const one = postgres(url!, { max: 1, onnotice: () => {}, prepare: !pooled });
        try {
          await migratePostgres(drizzlePostgres({ client: one }), { migrationsFolder });
          // PostgreSQL only (PGlite keeps the plain table): idempotent, so every run may call it.
          if (migrateOpts.partitionClicks !== false) await partitionClicks(drizzlePostgres({ client: one, schema }) as unknown as Db);
        } finally {
          await one.end();
        }
      },
      close: () => client.end(),
    };
  }
  let dataDir: string | undefined;
  if (kind === 'pglite-file') {
    dataDir = pgliteDataDir();
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const client = opts.pgliteLoad ? new PGlite({ dataDir, loadDataDir: opts.pgliteLoad }) : new PGlite(dataDir);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind,
    migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder }),
    close: () => client.close(),
  };
}

const pgliteDataDir = () => path.resolve(env().DATA_DIR, 'pglite');

// PGlite's initdb of a new data directory is seconds of synchronous WebAssembly: run there,
// it would stall every request of the first start (/healthz included). A worker thread
// creates the directory; the app then opens it, which yields to the event loop.
const INIT_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
import('@electric-sql/pglite')
  .then(async ({ PGlite }) => { const db = await PGlite.create(workerData.dir); await db.close(); parentPort.postMessage({ ok: true }); })
  .catch((err) => parentPort.postMessage({ error: String((err && err.message) || err) }));
`;

/** Creates a new embedded data directory off the main thread; nothing to do for PostgreSQL or an existing one. */
export async function prepareEmbeddedDataDir(url?: string): Promise<void> {
  if (databaseKind(url) !== 'pglite-file') return;
  const dir = pgliteDataDir();
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return;
  fs.mkdirSync(dir, { recursive: true });
  const { Worker } = await import('node:worker_threads');
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(INIT_WORKER, { eval: true, workerData: { dir } });
    worker.once('message', (m: { ok?: boolean; error?: string }) => (m.ok ? resolve() : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the database set-up worker exited with ${code}`))));
  });
}

/** A transaction's handle (drizzle's `is`, not instanceof: Next bundles drizzle into several chunks). */
export function isTransaction(db: Tx): boolean {
  return is(db, PgTransaction);
}

/** Rows of a raw `execute`, whichever driver ran it (PGlite answers {rows}, postgres.js an array). */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
