// The app behind a transaction-mode pooler (PLATFORM-API.md §5): PgBouncer as hosted
// PostgreSQL offers it refuses the startup parameters the direct mode sends, and under
// transaction pooling named prepared statements meet server connections that never saw
// them. DATABASE_PREPARE=0 sends neither. (The tracking and webhook suites also run whole
// through a PgBouncer on the PostgreSQL pass of `npm test`: TEST_PGBOUNCER=1.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDb } from '@/db/client';
// @ts-expect-error — plain .mjs helpers
import { pgbouncerBinary, startPgBouncer } from '../scripts/pgbouncer.mjs';
// @ts-expect-error — plain .mjs helpers
import { createFreshDatabase, startTestServer } from '../scripts/test-server.mjs';
import { API_KEY } from './helpers/http';

const server = process.env.DATABASE_URL;
const runs = Boolean(server?.startsWith('postgres') && pgbouncerBinary());

describe.skipIf(!runs)('behind PgBouncer in transaction mode', () => {
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>>;
  let fresh: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    bouncer = await startPgBouncer(server);
    fresh = await createFreshDatabase(server, 'pooler');
  });
  afterAll(async () => {
    await fresh?.drop();
    await bouncer?.stop();
  });

  it('the direct mode is refused there (its statement_timeout startup parameter)', async () => {
    const h = createDb(bouncer.urlFor(fresh.url), { max: 1, prepare: true });
    try {
      const failure = await h.db.execute(sql`select 1`).then(
        () => 'answered',
        (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message),
      );
      expect(failure).toMatch(/unsupported startup parameter.*statement_timeout/i);
    } finally {
      await h.close();
    }
  });

  it('with prepared statements off, concurrent statements of different shapes all answer right', async () => {
    const h = createDb(bouncer.urlFor(fresh.url), { max: 20, prepare: false });
    try {
      // Forty statements at once over twenty client connections and eight server ones, each
      // with its own text and result types: a named statement or a cached row description
      // would meet the wrong server connection.
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2
            ? h.db.execute(sql.raw(`select ${i}::int as n, 'x${i}'::text as s`))
            : h.db.execute(sql.raw(`select now() as t, ${i}::bigint as n, array[${i}] as a`)),
        ),
      );
      answers.forEach((r, i) => expect(Number((r as unknown as Array<{ n: number | string }>)[0]?.n)).toBe(i));
    } finally {
      await h.close();
    }
  });

  it('the app serves clicks and server sales through it, every 2xx durable', async () => {
    const app = await startTestServer({ label: 'pooled', pooler: bouncer });
    try {
      const n = 60;
      const clicks = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          fetch(`${app.baseURL}/t/click`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': `pooled-${i}` },
            body: JSON.stringify({ account: 'demo', aff: 'demo-aff', url: `https://shop.example/p/${i}` }),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as { visitorId?: string } })),
        ),
      );
      expect(clicks.every((c) => c.status === 200 && c.body.visitorId)).toBe(true);
      const stamp = Date.now().toString(36);
      const sales = await Promise.all(
        clicks.map((c, i) =>
          fetch(`${app.baseURL}/t/sale`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
            body: JSON.stringify({ orderId: `POOL-${stamp}-${i}`, total: '10.00', currency: 'USD', visitorId: c.body.visitorId }),
          }).then((r) => r.status),
        ),
      );
      expect(sales.every((s) => s === 200 || s === 201)).toBe(true);
      const directUrl = new URL(server!);
      directUrl.pathname = new URL(app.databaseUrl).pathname;
      const direct = createDb(directUrl.toString(), { max: 1 });
      try {
        const [row] = (await direct.db.execute(
          sql`select (select count(*) from clicks where url like 'https://shop.example/p/%')::int as clicks,
                     (select count(*) from conversions where order_id like ${`POOL-${stamp}-%`})::int as sales,
                     current_setting('statement_timeout') as timeout`,
        )) as unknown as Array<{ clicks: number; sales: number; timeout: string }>;
        expect(row?.clicks).toBe(n);
        expect(row?.sales).toBe(n);
        expect(row?.timeout).toBe('30s');
      } finally {
        await direct.close();
      }
    } finally {
      await app.stop();
    }
  });
});
