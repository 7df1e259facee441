// Starts the built app once for the HTTP integration tests (npm test builds it first).
import type { TestProject } from 'vitest/node';
import { writePgliteTemplates } from './pglite-templates';
// @ts-expect-error — a plain .mjs module
import { startPgBouncer } from '../../scripts/pgbouncer.mjs';
// @ts-expect-error — a plain .mjs module shared with Playwright and scripts/test.mjs
import { startTestServer } from '../../scripts/test-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** On PGlite: dumps of a migrated and of a migrated, seeded database (tests/helpers/db.ts). */
    pgliteTemplates: { migrated: string; seeded: string } | null;
  }
}

/**
 * TEST_PGBOUNCER=1 (with DATABASE_URL naming a PostgreSQL server): the app reaches its
 * database through a PgBouncer in transaction mode, as behind a hosted pooler.
 */
export default async function setup(project: TestProject) {
  const viaPooler = process.env.TEST_PGBOUNCER === '1' && process.env.DATABASE_URL?.startsWith('postgres');
  const pooler = viaPooler ? await startPgBouncer(process.env.DATABASE_URL) : undefined;
  const onPostgres = process.env.DATABASE_URL?.startsWith('postgres');
  const [server, templates] = await Promise.all([
    startTestServer({ label: 'vitest', pooler }),
    onPostgres ? undefined : writePgliteTemplates(),
  ]);
  project.provide('baseURL', server.baseURL);
  project.provide('pgliteTemplates', templates ? { migrated: templates.migrated, seeded: templates.seeded } : null);
  return async () => {
    await server.stop();
    await pooler?.stop();
    templates?.remove();
  };
}
