// Panel speed on a big account: generates 1,000,000 clicks (and a year of sales)
// into one account with generate_series, then times the very functions the
// merchant panel calls — server/queries/clicks.ts for the Clicks page and
// server/queries/{overview,series}.ts for the dashboard, server/queries/commissions.ts
// for Transactions > Commissions — and prints JSON.
// Run by bench/run.mjs: `DATABASE_URL=… tsx bench/panel-queries.ts`.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createDb } from '../db/client';
import { decodeClickCursor, listClicks } from '../server/queries/clicks';
import { listMerchantCommissions } from '../server/queries/commissions';
import { overview, topAffiliates } from '../server/queries/overview';
import { dailySeries } from '../server/queries/series';

const ACCOUNT = 'bench1m';
const CLICKS = Number(process.env.BENCH_CLICKS ?? 1_000_000);
const SALES = Math.round(CLICKS / 50);
const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 40);
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

// No statement timeout: generating a million clicks takes longer than the app's 30 s.
const handle = createDb(process.env.DATABASE_URL, { max: 4, statementTimeoutMs: 0 });
const db = handle.db;

async function generate(): Promise<number> {
  const t0 = performance.now();
  await db.execute(sql`insert into merchants (id, name, allowed_domains) values (${ACCOUNT}, 'Bench 1M', '{}')`);
  await db.execute(sql`insert into campaigns (id, merchant_id, name, is_default) values ('cmp_bench1m', ${ACCOUNT}, 'Default', true)`);
  await db.execute(sql`
    insert into affiliates (merchant_id, ref_id, name, email, status)
    select ${ACCOUNT}, 'aff-' || g, 'Affiliate ' || g, 'aff' || g || '@example.com', 'approved' from generate_series(1, 200) g`);
  // A year of clicks, newest now, spread evenly; a tenth are repeats; 4 channels, 50 sub-ids.
  await db.execute(sql`
    insert into clicks (created_at, merchant_id, visitor_id, affiliate_id, campaign_id, channel, data1, url, referrer, ip, user_agent, is_repeat)
    select now() - (g * (365 * 86400.0 / ${CLICKS})) * interval '1 second', ${ACCOUNT}, md5(g::text), a.ids[1 + g % 200], 'cmp_bench1m',
           (array['newsletter', 'youtube', 'blog', 'social'])[1 + g % 4], 'sub-' || (g % 50),
           'https://shop.example/p/' || (g % 100), 'https://blog.example/post/' || (g % 300),
           '10.' || (g % 250) || '.' || (g / 250 % 250) || '.1', ${UA}, g % 10 = 0
    from generate_series(1, ${CLICKS}) g,
         (select array_agg(id order by ref_id) ids from affiliates where merchant_id = ${ACCOUNT}) a`);
  await db.execute(sql`
    insert into conversions (merchant_id, campaign_id, order_id, total, currency, status, method, affiliate_id, source, created_at)
    select ${ACCOUNT}, 'cmp_bench1m', 'order-' || g, 1000 + g % 9000, 'USD', 'attributed', 'cookie', a.ids[1 + g % 200], 'js',
           now() - (g * (365 * 86400.0 / ${SALES})) * interval '1 second'
    from generate_series(1, ${SALES}) g,
         (select array_agg(id order by ref_id) ids from affiliates where merchant_id = ${ACCOUNT}) a`);
  await db.execute(sql`
    insert into commissions (merchant_id, conversion_id, affiliate_id, amount, original_amount, currency, status, created_at)
    select merchant_id, id, affiliate_id, total / 10, total / 10, 'USD',
           (array['pending', 'approved', 'paid'])[1 + (abs(hashtext(id::text)) % 3)], created_at
    from conversions where merchant_id = ${ACCOUNT}`);
  // What autovacuum would have done by the time an account holds a million clicks.
  await db.execute(sql`vacuum analyze clicks, conversions, commissions`);
  return performance.now() - t0;
}

async function time(fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(); // warm: plans and caches
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length * 0.5)]!, p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!, runs: RUNS };
}

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
/** What the dashboard page (app/(merchant)/merchant/page.tsx) asks for, concurrently as it does. */
const dashboard = (days: number) => () =>
  Promise.all([
    overview(db, ACCOUNT, { since: daysAgo(days) }),
    dailySeries(db, ACCOUNT, { since: daysAgo(days) }),
    topAffiliates(db, ACCOUNT, { since: daysAgo(days) }),
  ]);

try {
  const generateMs = await generate();
  const count = await listClicks(db, ACCOUNT, {});
  if (count.rows.length !== 50) throw new Error('the Clicks page query returned no full page');
  const second = count.next;
  const result = {
    clicks: CLICKS,
    sales: SALES,
    generateMs,
    clicksFirstPage: await time(() => listClicks(db, ACCOUNT, {})),
    clicksSecondPage: await time(() => listClicks(db, ACCOUNT, { cursor: decodeClickCursor(second) })),
    clicksByAffiliate: await time(() => listClicks(db, ACCOUNT, { affiliateRefId: 'aff-7', from: daysAgo(90) })),
    clicksByChannel: await time(() => listClicks(db, ACCOUNT, { channel: 'blog' })),
    commissionsFirstPage: await time(() => listMerchantCommissions(db, ACCOUNT, {})),
    commissionsByStatus: await time(() => listMerchantCommissions(db, ACCOUNT, { status: 'approved' })),
    dashboard30: await time(dashboard(30)),
    dashboard365: await time(dashboard(365)),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await handle.close();
}
