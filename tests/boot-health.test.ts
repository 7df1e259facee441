// `npm start` on a fresh machine: while the embedded database is opened, migrated and
// seeded, /healthz answers 503 with Retry-After at once (it used to hang until the boot
// was done); then 200. /favicon.ico serves the icon instead of a 404.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { freePort } from '../scripts/test-server.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aff-boot-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('/healthz during the embedded boot', () => {
  it('answers 503 with Retry-After at once while the database starts, then 200; /favicon.ico is the icon', async () => {
    const port: number = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'production' };
    delete env.DATABASE_URL;
    delete env.SEED_DEMO;
    const child = spawn(process.execPath, ['server.mjs', '-p', String(port), '-H', '127.0.0.1'], { env });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const base = `http://127.0.0.1:${port}`;
    const answers: { status: number; retryAfter: string | null; ms: number }[] = [];
    try {
      for (let i = 0; i < 600; i++) {
        if (child.exitCode !== null) throw new Error(log);
        const t0 = performance.now();
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(60_000) }).catch(() => undefined);
        if (res) {
          answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - t0 });
          await res.body?.cancel();
          if (res.status === 200) break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      // Before, the first answer waited for the whole boot and was the 200: no 503 was ever seen.
      // Now the first answers come while the fresh database is still created, migrated and seeded.
      // (Single answers can still wait out a stretch of PGlite's synchronous start-up on a loaded machine.)
      const starting = answers.filter((a) => a.status === 503);
      expect(starting.length, 'a 503 while the fresh database is migrated and seeded').toBeGreaterThan(0);
      expect(answers[0]?.status).toBe(503);
      expect(answers[0]!.ms).toBeLessThan(5_000);
      for (const a of starting) expect(a.retryAfter).toBeTruthy();
      expect(answers.at(-1)?.status).toBe(200);

      const icon = await fetch(`${base}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toContain('image/svg+xml');
      expect(await icon.text()).toContain('<svg');
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  }, 120_000);
});
