// Several app instances on one PostgreSQL (PLATFORM-API.md §5): two instances behind a
// round-robin proxy share one Redis (a server of this test's own, so it can be stopped):
// one rate limit holds across both, a panel change on one reaches the other's cache within
// a second, a visitor's first click is unique once however the clicks are spread, and
// tracking goes on while Redis is down. PostgreSQL only: PGlite is one process's database.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
// @ts-expect-error — plain .mjs helpers
import { createFreshDatabase, freePort, signInCookie, startTestServer } from '../scripts/test-server.mjs';

type App = { baseURL: string; log(): string; stop(): Promise<void> };

const server = process.env.DATABASE_URL;
const runs = Boolean(server?.startsWith('postgres'));

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}

/** A round-robin reverse proxy over the instances: request n goes to instance n mod N. */
function roundRobin(targets: string[]): Promise<{ url: string; close(): void }> {
  let n = 0;
  const proxy = http.createServer((req, res) => {
    const target = new URL(targets[n++ % targets.length]!);
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => (res.writeHead(502), res.end()));
    req.pipe(up);
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => {
      const { port } = proxy.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => proxy.close() });
    }),
  );
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe.skipIf(!runs)('two app instances on one database, with REDIS_URL', () => {
  let redis: ChildProcess;
  let redisPort: number;
  let fresh: { url: string; drop(): Promise<void> };
  let a: App;
  let b: App;
  let rr: { url: string; close(): void };
  let sqlc: ReturnType<typeof postgres>;

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    fresh = await createFreshDatabase(server, 'scale');
    const env = {
      REDIS_URL: `redis://127.0.0.1:${redisPort}/0`,
      // Browser sales: 6 a minute per address, across both instances.
      TRACK_BROWSER_SALE_RATE_LIMIT: '6',
      TRACK_RATE_LIMIT_LOOPBACK: '1',
      TRACK_RATE_LIMIT: '0',
      // The test names each click's address (X-Forwarded-For) through its own proxy.
      TRUST_PROXY: '127.0.0.1',
    };
    a = await startTestServer({ label: 'scale-a', databaseUrl: fresh.url, env });
    b = await startTestServer({ label: 'scale-b', databaseUrl: fresh.url, env });
    rr = await roundRobin([a.baseURL, b.baseURL]);
    sqlc = postgres(fresh.url, { max: 1, onnotice: () => {} });
  }, 120_000);

  afterAll(async () => {
    rr?.close();
    await a?.stop();
    await b?.stop();
    await sqlc?.end();
    await fresh?.drop();
    redis?.kill('SIGKILL');
  });

  it('one limit holds across both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`${rr.url}/t/sale`, json({ account: 'demo', orderId: `RR-${Date.now()}-${i}`, total: '5.00', currency: 'USD' }, { 'x-forwarded-for': '198.51.100.7' }));
      statuses.push(r.status);
    }
    // Six allowed in all, whichever instance answered: counted apart, each would have let its 5 through.
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(statuses.slice(0, 6).every((s) => s !== 429)).toBe(true);
  });

  it('a panel change on one instance reaches the other’s cache within a second', async () => {
    const cookie = await signInCookie(a.baseURL, 'merchant@example.com', 'demo-merchant');
    expect(cookie).toBeTruthy();
    const created = await fetch(`${a.baseURL}/api/trpc/integration.apiKeys.create`, json({ json: { name: 'Scale-out test' } }, { cookie, origin: a.baseURL }));
    expect(created.status).toBe(200);
    const { id, key } = ((await created.json()) as { result: { data: { json: { id: string; key: string } } } }).result.data.json;
    const saleOnB = (n: number) =>
      fetch(`${b.baseURL}/t/sale`, json({ orderId: `KEY-${Date.now()}-${n}`, total: '1.00', currency: 'USD' }, { authorization: `Bearer ${key}` }));
    // B looks the key up and keeps it in its cache.
    expect((await saleOnB(0)).status).toBeLessThan(300);
    const revoked = await fetch(`${a.baseURL}/api/trpc/integration.apiKeys.revoke`, json({ json: { id } }, { cookie, origin: a.baseURL }));
    expect(revoked.status).toBe(200);
    const start = Date.now();
    let status = 0;
    for (let n = 1; Date.now() - start < 1000; n++) {
      status = (await saleOnB(n)).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(401);
  });

  it('a visitor’s first click is unique once, wherever its clicks land', async () => {
    for (let round = 0; round < 5; round++) {
      const ip = `203.0.113.${10 + round}`;
      const rs = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          fetch(`${i % 2 ? a.baseURL : b.baseURL}/t/click`, json({ account: 'demo', aff: 'demo-aff' }, { 'x-forwarded-for': ip, 'user-agent': `ua-${round}-${i}` })),
        ),
      );
      expect(rs.map((r) => r.status)).toEqual(Array(12).fill(200));
      const [row] = await sqlc`select count(*)::int as all, count(*) filter (where not is_repeat)::int as unique from clicks where ip = ${ip}`;
      expect(row).toEqual({ all: 12, unique: 1 });
      const [stats] = await sqlc`select sum(clicks)::int as clicks, sum(unique_clicks)::int as unique from click_daily_stats where merchant_id = 'demo'`;
      const [counted] = await sqlc`select count(*)::int as clicks, count(*) filter (where not is_repeat)::int as unique from clicks where merchant_id = 'demo'`;
      expect(stats).toEqual(counted);
    }
  });

  it('tracking goes on while Redis is down, and the limits fail open', async () => {
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const clicks = await Promise.all(
      Array.from({ length: 8 }, (_, i) => fetch(`${rr.url}/t/click`, json({ account: 'demo', aff: 'demo-aff' }, { 'x-forwarded-for': `192.0.2.${i}` }))),
    );
    expect(clicks.map((r) => r.status)).toEqual(Array(8).fill(200));
    // Browser sales from the address that used up its budget above: Redis cannot say, so they pass.
    const sale = await fetch(`${rr.url}/t/sale`, json({ account: 'demo', orderId: `DOWN-${Date.now()}`, total: '5.00', currency: 'USD' }, { 'x-forwarded-for': '198.51.100.7' }));
    expect(sale.status).toBeLessThan(300);
    expect(Date.now() - started).toBeLessThan(5000);
    // A structured log line (lib/log.ts) of the Redis client saying it goes on without shared state.
    expect(a.log() + b.log()).toMatch(/"component":"redis".*failed; going on without shared state/);
  });
});
