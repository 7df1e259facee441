// A database of the test file's own: in-memory PGlite, or a fresh PostgreSQL
// database when DATABASE_URL names a server (CI runs both). Migrated, optionally seeded.
import fs from 'node:fs';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '@/db/client';
import { seedDemo } from '@/db/seed';
// @ts-expect-error — plain .mjs helper
import { createFreshDatabase } from '../../scripts/test-server.mjs';

export interface TestDb extends DbHandle {
  url: string;
}

/** `partitionClicks: false`: PostgreSQL keeps the plain `clicks` of the shared migrations (a test of the conversion). */
export async function createTestDb(opts: { seed?: boolean; partitionClicks?: boolean } = {}): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  let url = 'memory://';
  let drop: (() => Promise<void>) | undefined;
  if (base?.startsWith('postgres')) {
    const fresh = await createFreshDatabase(base, 'unit');
    url = fresh.url;
    drop = fresh.drop;
  }
  // On PGlite a copy of the run's migrated (and seeded) dump (tests/helpers/pglite-templates.ts);
  // migrate() then finds every migration applied.
  const template = drop ? undefined : inject('pgliteTemplates')?.[opts.seed ? 'seeded' : 'migrated'];
  const handle = createDb(url, { max: 4, pgliteLoad: template ? new Blob([fs.readFileSync(template)]) : undefined });
  await handle.migrate({ partitionClicks: opts.partitionClicks });
  if (opts.seed && !template) await seedDemo(handle.db);
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await drop?.();
    },
  };
}

/**
 * Makes this test database the app's one database of the process (db/index.ts), for code
 * that reaches it through getDb() — the click writer, the conversion writer.
 */
export function useAsAppDb(t: TestDb): void {
  (globalThis as { __affDb?: unknown }).__affDb = Promise.resolve({ handle: t, seeded: true, migrated: true });
}
