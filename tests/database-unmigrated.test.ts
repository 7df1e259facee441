// An app started on a PostgreSQL server before `npm run db:migrate`: requests answer
// `503 unavailable` (the served script and the payment providers send again) instead of
// failing on missing tables, /healthz says why, and once the migrations have run the
// same process serves, seeded as at any start — no restart needed.
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb, health, startDatabase } from '@/db';
import { createDb } from '@/db/client';
import { merchants } from '@/db/schema';
import { toAppError } from '@/server/errors';
// @ts-expect-error — plain .mjs helper
import { createFreshDatabase } from '../scripts/test-server.mjs';

const base = process.env.DATABASE_URL;
const onPostgres = !!base?.startsWith('postgres');
let fresh: { url: string; drop(): Promise<void> } | undefined;

afterAll(async () => {
  const b = await (globalThis as { __affDb?: Promise<{ handle: { close(): Promise<void> } }> }).__affDb?.catch(() => undefined);
  await b?.handle.close();
  await fresh?.drop();
});

// The embedded database migrates itself at start; this is about a server.
describe.skipIf(!onPostgres)('a PostgreSQL server that is not migrated yet', () => {
  it('answers 503 until it is migrated, then serves and seeds the demo in the same process', async () => {
    fresh = await createFreshDatabase(base, 'unmigrated');
    // This file's worker reads its configuration on first use: the fresh database, demo seeding on.
    process.env.DATABASE_URL = fresh!.url;
    process.env.SEED_DEMO = '1';

    expect(await startDatabase()).toMatchObject({ kind: 'postgres', migrated: false, seeded: false });
    const refused = toAppError(await getDb().then(() => undefined, (e: unknown) => e));
    expect(refused).toMatchObject({ status: 503, code: 'unavailable' });
    expect(refused.headers['Retry-After']).toMatch(/^\d+$/);
    expect(refused.message).toMatch(/db:migrate/);
    expect(await health()).toEqual({ ok: false, reason: 'database not migrated' });

    // `npm run db:migrate`, from another process's connection.
    const migrator = createDb(fresh!.url, { max: 1 });
    await migrator.migrate();
    await migrator.close();

    const db = await getDb();
    expect(await health()).toEqual({ ok: true });
    const [demo] = await db.select().from(merchants).where(eq(merchants.id, 'demo'));
    expect(demo?.id).toBe('demo');
    expect(await startDatabase()).toMatchObject({ migrated: true, seeded: true });
  });
});
