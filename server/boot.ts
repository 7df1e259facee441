// Start-up: the database first, then a banner with the demo logins and URLs.
import { sql } from 'drizzle-orm';
import { getDb, rowsOf, startDatabase } from '@/db';
import { DEMO } from '@/db/seed';
import { log } from '@/lib/log';
import { env, shouldSeedDemo } from './env';
import { startGeo } from './geo';
import { registerMailHandler, registerNotificationHandlers, scheduleWeeklySummaries } from './mail';
import { startOutboxWorker } from './outbox';
import { registerWebhookHandler } from './outgoing-webhooks/deliver';
import { registerPostbackHandlers } from './postbacks/deliver';
import { dailyDataUpkeep } from './retention';

/**
 * The outbox worker of this process (mail, and any other handler registered here),
 * started with the server — never by `next build`. Its rounds ask for the database, so one
 * that is down or not migrated at start is simply tried again.
 */
export function startBackgroundWork(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  void startGeo(); // the click tracker's country database, off the first request's path
  registerMailHandler();
  registerNotificationHandlers();
  registerWebhookHandler();
  registerPostbackHandlers();
  startOutboxWorker(getDb, {
    pollMs: env().OUTBOX_POLL_MS,
    periodic: [
      { name: 'weekly summaries', everyMs: 3_600_000, run: (db) => scheduleWeeklySummaries(db) },
      // Click partitions made ahead (PostgreSQL) and retention: at start, then daily.
      { name: 'data upkeep', everyMs: 86_400_000, run: (db) => dailyDataUpkeep(db) },
    ],
  });
}

export async function announceStart(): Promise<void> {
  const e = env();
  try {
    const db = await startDatabase();
    const base = `http://localhost:${e.PORT}`;
    const lines = [
      `[affiliate-tracker] database: ${db.kind}${db.seeded ? ' (demo program seeded)' : ''}${db.migrated ? '' : ' — NOT MIGRATED: run `npm run db:migrate`'}`,
    ];
    if (shouldSeedDemo() && db.migrated) {
      lines.push(
        `[affiliate-tracker] sign in:    ${base}/sign-in`,
        `[affiliate-tracker]   merchant  ${DEMO.merchantEmail} / ${DEMO.merchantPassword}`,
        `[affiliate-tracker]   affiliate ${DEMO.affiliateEmail} / ${DEMO.affiliatePassword}`,
        `[affiliate-tracker] demo shop:  ${base}${DEMO.shopPath}?aff=${DEMO.affiliateRefId}`,
      );
    }
    if (db.kind === 'postgres' && db.migrated && !shouldSeedDemo() && (await programCount()) === 0) {
      lines.push(
        '[affiliate-tracker] this PostgreSQL database has no program yet: sign up a merchant at ' + `${base}/sign-up,`,
        '[affiliate-tracker]   or load the demo program with `npm run db:seed` (or start once with SEED_DEMO=1).',
      );
    }
    for (const line of lines) log().info({ component: 'boot' }, line);
  } catch (err) {
    // The server still starts; /healthz answers 503 and the database is retried on the next request.
    log().error({ component: 'boot', err }, '[affiliate-tracker] database not reachable at start');
  }
}

async function programCount(): Promise<number> {
  const rows = await (await getDb()).execute<{ n: number }>(sql`select count(*)::int as n from merchants`);
  return Number(rowsOf<{ n: number }>(rows)[0]?.n ?? 0);
}
