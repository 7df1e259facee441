// The first command on a fresh machine: `npm start` with no DATABASE_URL opens the
// embedded PGlite in DATA_DIR, migrates it, seeds the demo once, and serves sign-in.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { freePort, signInCookie } from '../scripts/test-server.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aff-embedded-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function start(): Promise<{ base: string; log: () => string; stop: () => Promise<void> }> {
  const port: number = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  delete env.SEED_DEMO;
  const child = spawn(process.execPath, ['server.mjs', '-p', String(port), '-H', '127.0.0.1'], { env });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  // /healthz answers 503 at once during the boot: poll for up to four minutes on a loaded machine.
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(log);
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok && /\[affiliate-tracker\] database/.test(log)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function signIn(base: string, email: string, password: string): Promise<number> {
  const session = (await signInCookie(base, email, password)) as string | undefined;
  if (!session) return 0;
  const panel = await fetch(`${base}/merchant`, { redirect: 'manual', headers: { cookie: session } });
  return panel.status;
}

describe('the embedded database', () => {
  it('seeds the demo on first start, not on the second, and again after .data is deleted', async () => {
    const first = await start();
    try {
      expect(first.log()).toContain('database: pglite-file (demo program seeded)');
      expect(first.log()).toContain('merchant@example.com / demo-merchant');
      expect((await fetch(`${first.base}/sign-in`)).status).toBe(200);
      expect(await signIn(first.base, 'merchant@example.com', 'demo-merchant')).toBe(200);
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    } finally {
      await first.stop();
    }

    const second = await start();
    try {
      expect(second.log()).toContain('database: pglite-file');
      expect(second.log()).not.toContain('seeded');
      // The data survived the restart, and so did the generated session secret.
      expect(await signIn(second.base, 'merchant@example.com', 'demo-merchant')).toBe(200);
    } finally {
      await second.stop();
    }

    fs.rmSync(path.join(dataDir, 'pglite'), { recursive: true, force: true });
    const third = await start();
    try {
      expect(third.log()).toContain('(demo program seeded)');
    } finally {
      await third.stop();
    }
  }, 600_000);
});
