// On PGlite, migrating and seeding a fresh in-memory database costs each test file about
// four seconds of WebAssembly; opening a copy of a dump costs about one. The global setup
// makes the two dumps once per run (migrated; migrated and seeded), with the app's own
// migrate() and seedDemo(); createTestDb opens copies of them. On PostgreSQL every test
// database is migrated afresh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createDb } from '@/db/client';
import { seedDemo } from '@/db/seed';

async function dumpOf(seed: boolean, file: string) {
  const handle = createDb('memory://');
  try {
    await handle.migrate();
    if (seed) await seedDemo(handle.db);
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir('none');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await handle.close();
  }
}

export async function writePgliteTemplates() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aff-pglite-templates-'));
  const migrated = path.join(dir, 'migrated.tar');
  const seeded = path.join(dir, 'seeded.tar');
  await dumpOf(false, migrated);
  await dumpOf(true, seeded);
  return { migrated, seeded, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
