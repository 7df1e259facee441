// npm test — every test, in order: build once, lint, unit + HTTP integration
// (vitest), the public conformance sample (node --test), browser tests (Playwright).
// Runs on in-memory PGlite, or on a fresh PostgreSQL database per suite when
// DATABASE_URL names a server. Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from './test-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED = '1';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(label);
  return r.status === 0;
}

const db = process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'PGlite';
console.log(`Running every test on ${db}.`);
fs.mkdirSync('test-results', { recursive: true });

if (process.env.SKIP_BUILD !== '1') {
  // The build must work with an empty environment: no database, no secrets.
  const { DATABASE_URL: _d, ...clean } = process.env;
  console.log('\n=== next build');
  const r = spawnSync(bin('next'), ['build'], { stdio: 'inherit', env: { ...clean, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) {
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
}

if (process.env.SKIP_LINT !== '1') {
  run('eslint', bin('eslint'), ['.', '--max-warnings=0']);
  run('tsc --noEmit (the whole project, tests included)', bin('tsc'), ['--noEmit']);
}

// Files that run once, in the PGlite pass, to keep CI inside its time budget: those that touch
// no database; those that start their own app on the embedded PGlite whatever DATABASE_URL says
// (the first command on a fresh machine); and those of the HTTP edge's own rules — the real
// reverse proxies in front of the app, headers and CSRF, the two tracking edges answering alike,
// the OpenAPI document, the metrics text, the PAP and first-party translations — the same code on
// either engine, whose writes the tracking, webhook and API suites exercise on PostgreSQL too.
// E2E_ALL=1 runs them on PostgreSQL as well.
const ONCE = [
  'auth-guards', 'client-bundle', 'ids', 'layering', 'links-wording', 'log', 'money', 'pap-script',
  'proxy-snippets', 'tracking-script', 'webhook-verifiers', 'attribution-rules',
  'embedded-start', 'boot-health',
  'http-real-proxies', 'http-web-security', 'http-lean-parity', 'api-openapi', 'metrics', 'http-pap', 'http-first-party',
];
const vitestExclude = db === 'PostgreSQL' && process.env.E2E_ALL !== '1' ? ONCE.flatMap((f) => ['--exclude', `tests/${f}.test.ts`]) : [];
run('vitest (unit and HTTP integration)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json', ...vitestExclude]);
try {
  const v = JSON.parse(fs.readFileSync('test-results/vitest.json', 'utf8'));
  results.passed += v.numPassedTests;
  results.failed += v.numFailedTests;
  results.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} catch {
  results.failed += 1;
}

// On PostgreSQL, the tracking and webhook suites once more with the app behind a PgBouncer in
// transaction mode (DATABASE_PREPARE=0), as hosted databases offer PostgreSQL.
if (db === 'PostgreSQL') {
  const { pgbouncerBinary } = await import('./pgbouncer.mjs');
  if (pgbouncerBinary()) {
    const files = fs.readdirSync('tests').filter((f) => /^http-(click|sale|refund|webhooks.*)\.test\.ts$/.test(f)).map((f) => path.join('tests', f));
    run('vitest through PgBouncer (transaction mode): tracking and webhooks', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest-pgbouncer.json', ...files], { TEST_PGBOUNCER: '1' });
    try {
      const v = JSON.parse(fs.readFileSync('test-results/vitest-pgbouncer.json', 'utf8'));
      results.passed += v.numPassedTests;
      results.failed += v.numFailedTests;
    } catch {
      results.failed += 1;
    }
  } else {
    console.log('\n=== pgbouncer is not installed (apt-get install pgbouncer): the pooled pass is skipped');
  }
}

const conformance = path.resolve(root, '../shared/conformance');
if (fs.existsSync(conformance)) {
  console.log('\n=== the public conformance sample of TRACKING-API.md');
  const server = await startTestServer({ label: 'conformance' });
  try {
    const files = fs.readdirSync(conformance).filter((f) => f.endsWith('.test.mjs')).map((f) => path.join(conformance, f));
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
      env: { ...process.env, BASE_URL: server.baseURL },
      encoding: 'utf8',
    });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    const pass = Number(/^ℹ pass (\d+)/m.exec(r.stdout)?.[1] ?? 0);
    const fail = Number(/^ℹ fail (\d+)/m.exec(r.stdout)?.[1] ?? 0);
    results.passed += pass;
    results.failed += fail + (r.status !== 0 && fail === 0 ? 1 : 0);
    if (r.status !== 0) failedSteps.push('conformance sample');
  } finally {
    await server.stop();
  }
}

// On PostgreSQL only the database-heavy browser flows listed in playwright.config.ts run (every
// spec runs on PGlite; the server side of each is in the Vitest suites on both); E2E_ALL=1 runs all.
const e2eScope = db === 'PostgreSQL' && process.env.E2E_ALL !== '1' ? { E2E_SCOPE: 'database' } : {};
run(`playwright (browser tests in the system Chromium${e2eScope.E2E_SCOPE ? ', the database-heavy flows' : ''})`, bin('playwright'), ['test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
  ...e2eScope,
});
try {
  const p = JSON.parse(fs.readFileSync('test-results/playwright.json', 'utf8'));
  results.passed += p.stats.expected;
  results.failed += p.stats.unexpected + p.stats.flaky;
  results.skipped += p.stats.skipped;
} catch {
  results.failed += 1;
}

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
process.exit(failedSteps.length || results.failed ? 1 : 0);
