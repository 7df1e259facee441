// Starts the built app once for the HTTP integration tests (npm test builds it first).
import type { TestProject } from 'vitest/node';
// @ts-expect-error — a plain .mjs module
import { startPgBouncer } from '../../scripts/pgbouncer.mjs';
// @ts-expect-error — a plain .mjs module shared with Playwright and scripts/test.mjs
import { startTestServer } from '../../scripts/test-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/**
 * TEST_PGBOUNCER=1 (with DATABASE_URL naming a PostgreSQL server): the app reaches its
 * database through a PgBouncer in transaction mode, as behind a hosted pooler.
 */
export default async function setup(project: TestProject) {
  const viaPooler = process.env.TEST_PGBOUNCER === '1' && process.env.DATABASE_URL?.startsWith('postgres');
  const pooler = viaPooler ? await startPgBouncer(process.env.DATABASE_URL) : undefined;
  const server = await startTestServer({ label: 'vitest', pooler });
  project.provide('baseURL', server.baseURL);
  return async () => {
    await server.stop();
    await pooler?.stop();
  };
}
