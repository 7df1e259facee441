// Starts the built app for tests on a free port, on a database of its own:
// an in-memory PGlite, or — when DATABASE_URL names a PostgreSQL server — a fresh
// database created on that server for this run (migrated, demo seeded), dropped at stop.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Tests may only ever touch a database on this machine. */
export function assertLocalDatabase(url) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}).`);
  }
}

/** A fresh PostgreSQL database on the server DATABASE_URL names; returns its URL and a drop(). */
/** Signs in through next-auth's credentials form; the session cookie (`name=value`), or undefined when refused. */
export async function signInCookie(base, email, password) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const cookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  return res.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='))?.split(';')[0];
}

export async function createFreshDatabase(baseUrl, label) {
  assertLocalDatabase(baseUrl);
  const name = `aff_test_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.replace(/[^a-z0-9_]/g, '_');
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * `databaseUrl`: run on this PostgreSQL database (migrated and seeded here, not dropped at
 * stop) instead of a fresh one; the fault test passes its throwaway cluster's.
 * `embeddedDir`: on PGlite, the embedded file database in this DATA_DIR instead of memory://,
 * so a test can open it after stop() to look at what was stored.
 * `pooler`: a PgBouncer of scripts/pgbouncer.mjs; the app reaches its fresh PostgreSQL database
 * through it with DATABASE_PREPARE=0 (migrations run on the direct connection, as they must:
 * they hold one session), and the statement timeout is the database's own setting.
 */
export async function startTestServer({ label = 'app', env: extraEnv = {}, databaseUrl, embeddedDir, pooler } = {}) {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let database;
  const env = { ...process.env, PORT: String(port), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', TRACK_RATE_LIMIT: '0', ...extraEnv };
  if (databaseUrl || process.env.DATABASE_URL?.startsWith('postgres')) {
    if (databaseUrl) assertLocalDatabase(databaseUrl);
    else database = await createFreshDatabase(process.env.DATABASE_URL, label);
    env.DATABASE_URL = databaseUrl ?? database.url;
    env.SEED_DEMO = '1';
    const m = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'db/migrate-cli.ts'], { cwd: root, env, stdio: 'inherit' });
    if (m.status !== 0) throw new Error('migrations failed');
    if (pooler) {
      const direct = new URL(env.DATABASE_URL);
      const a = postgres(direct.toString(), { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`alter database "${direct.pathname.slice(1)}" set statement_timeout = '30s'`);
      } finally {
        await a.end();
      }
      env.DATABASE_URL = pooler.urlFor(env.DATABASE_URL);
      env.DATABASE_PREPARE = '0';
    }
  } else if (embeddedDir) {
    delete env.DATABASE_URL;
    env.DATA_DIR = embeddedDir;
  } else {
    env.DATABASE_URL = 'memory://';
  }
  // What `npm start` runs: the lean tracking path in front of Next (server.mjs); LEAN_TRACKING=0 in `env` for Next alone.
  const child = spawn(process.execPath, [path.join(root, 'server.mjs'), '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  // /healthz answers 503 at once while the database starts; a loaded machine may take minutes.
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited at start:\n${log}`);
    try {
      const r = await fetch(`${baseURL}/healthz`);
      if (r.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not become healthy in 240 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseURL,
    databaseUrl: env.DATABASE_URL,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await database?.drop();
    },
  };
}
