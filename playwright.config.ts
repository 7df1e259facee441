import { defineConfig } from '@playwright/test';

// Every spec runs in the PGlite pass of `npm test`. The PostgreSQL pass (E2E_SCOPE=database, set
// by scripts/test.mjs) runs only these flows, the ones that put the most database work behind a
// page (sign-up to paid commission, payouts, reports, webhooks, first-party tracking, the tracking
// log), to keep CI inside its time budget; the server side of every spec is covered on
// PostgreSQL by the Vitest suites. E2E_ALL=1 runs every spec there too.
const DATABASE_SMOKE = [
  'affiliate-journey.spec.ts',
  'merchant-panel.spec.ts',
  'payouts.spec.ts',
  'reports.spec.ts',
  'webhooks.spec.ts',
  'first-party-pap.spec.ts',
  'tracking-log.spec.ts',
  'integration.spec.ts',
];

// The system Chromium (Debian's package): nothing here downloads a browser.
export default defineConfig({
  testDir: './e2e',
  testMatch: process.env.E2E_SCOPE === 'database' ? DATABASE_SMOKE.map((f) => `**/${f}`) : undefined,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // A failure is run once more, recording a trace then (test-results/…/trace.zip); a test that
  // passes only on that second run still fails `npm test` (scripts/test.mjs counts it as flaky).
  // Recording every run's trace to keep the failing ones cost about a quarter of the suite's time.
  retries: 1,
  failOnFlakyTests: true,
  reporter: 'list',
  globalSetup: './e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
  },
});
