// Reports speed on a big account: one account with a year of 10,000,000 clicks (as the
// click writer's rollup holds them) and 100,000 conversions (with their clicks, commissions,
// refunds and test sales as real rows — the triggers of migration 0023 fill the conversion
// rollup from them as they would from the writers), then times the very functions the Reports pages and
// GET /api/v1/reports call — server/reports/panel.ts (merchantReport, affiliateReport: the
// rows, the previous period and the chart's series) and server/reports (buildReport) — and
// prints JSON. Run by bench/run.mjs, or alone: `DATABASE_URL=… tsx bench/report-queries.ts`.
//
// The rollup is generated the way the click writer fills it (server/tracking/click-stats.ts):
// the all-affiliates rows of every dimension for every day and campaign, every affiliate's
// `total` rows, and every dimension's rows for the affiliates the bench reports on (the
// affiliate-level rows of the others are never read by these reports; they would only make
// the index deeper). BENCH_REPORT_CLICKS and BENCH_REPORT_SALES change the sizes.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createDb, rowsOf } from '../db/client';
import { buildReport } from '../server/reports';
import { affiliateReport, merchantReport } from '../server/reports/panel';
import { merchantReportParams, affiliateReportParams } from '../server/reports/params';
import { ALL_AFFILIATES } from '../server/tracking/click-stats';

const ACCOUNT = 'benchrep';
const CLICKS = Number(process.env.BENCH_REPORT_CLICKS ?? 10_000_000);
const SALES = Number(process.env.BENCH_REPORT_SALES ?? 100_000);
const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 30);
const AFFILIATES = 200;
/** The affiliates with every dimension's rows (the ones reported on below). */
const DETAILED = 5;

const handle = createDb(process.env.DATABASE_URL, { max: 4, statementTimeoutMs: 0 });
const db = handle.db;

// Values per dimension, as a program of this size might see them.
const DIM_VALUES: [string, string][] = [
  ['banner', "'bnr_' || v from generate_series(1, 20) v"],
  ['channel', "(array['newsletter', 'youtube', 'blog', 'social'])[v] from generate_series(1, 4) v"],
  ['data1', "'sub-' || v from generate_series(1, 50) v"],
  ['data2', "'s2-' || v from generate_series(1, 10) v"],
  ['landingPage', "'https://shop.example/p/' || v from generate_series(1, 100) v"],
  ['referrer', "'site' || v || '.example' from generate_series(1, 30) v"],
  ['country', "(array['US','GB','DE','FR','NL','ES','IT','CA','AU','BR','IN','JP','PL','SE','CH','AT','BE','DK','NO','IE'])[v] from generate_series(1, 20) v"],
  ['device', "(array['Desktop','Mobile','Tablet'])[v] from generate_series(1, 3) v"],
  ['browser', "(array['Chrome','Safari','Firefox','Edge','Samsung Internet','Opera'])[v] from generate_series(1, 6) v"],
  ['os', "(array['Windows','iOS','Android','macOS','Linux'])[v] from generate_series(1, 5) v"],
];

async function generate(): Promise<number> {
  const t0 = performance.now();
  await db.execute(sql`insert into merchants (id, name, allowed_domains) values (${ACCOUNT}, 'Bench reports', '{}')`);
  await db.execute(sql`insert into campaigns (id, merchant_id, name, is_default) values ('cmp_rep_a', ${ACCOUNT}, 'Main', true), ('cmp_rep_b', ${ACCOUNT}, 'Second', false)`);
  await db.execute(sql`
    insert into affiliates (merchant_id, ref_id, name, email, status)
    select ${ACCOUNT}, 'aff-' || g, 'Affiliate ' || g, 'aff' || g || '@example.com', 'approved' from generate_series(1, ${AFFILIATES}) g`);
  // Clicks per day and campaign (two thirds on the main one), a tenth of them repeats.
  const perDay = CLICKS / 365;
  await db.execute(sql`create temporary table bench_days as
    select (current_date - d)::date as day, c.id as campaign_id, (${perDay} * c.share)::int as clicks
    from generate_series(0, 364) d, (values ('cmp_rep_a', 2.0 / 3), ('cmp_rep_b', 1.0 / 3)) c(id, share)`);
  await db.execute(sql`create temporary table bench_values (dim text, value text, weight float8)`);
  for (const [dim, q] of DIM_VALUES) {
    // Skewed like real traffic: value v weighs 1/v.
    await db.execute(sql.raw(`insert into bench_values select '${dim}', x, 0 from (select ${q}) s(x)`));
  }
  await db.execute(sql`update bench_values b set weight = w.weight from (
      select dim, value, (1.0 / r) / sum(1.0 / r) over (partition by dim) as weight
      from (select dim, value, row_number() over (partition by dim order by value) as r from bench_values) ranked) w
    where w.dim = b.dim and w.value = b.value`);
  // All affiliates: every dimension, every day and campaign.
  await db.execute(sql`insert into click_daily_dims (merchant_id, dim, day, affiliate_id, campaign_id, value, clicks, unique_clicks)
    select ${ACCOUNT}, 'total', day, ${ALL_AFFILIATES}::uuid, campaign_id, '', clicks, clicks * 9 / 10 from bench_days`);
  await db.execute(sql`insert into click_daily_dims (merchant_id, dim, day, affiliate_id, campaign_id, value, clicks, unique_clicks)
    select ${ACCOUNT}, v.dim, d.day, ${ALL_AFFILIATES}::uuid, d.campaign_id, v.value, greatest(1, (d.clicks * v.weight)::int), greatest(1, (d.clicks * v.weight * 0.9)::int)
    from bench_days d cross join bench_values v`);
  // Each affiliate's total, skewed (affiliate g weighs 1/g).
  await db.execute(sql`create temporary table bench_affs as
    select a.id, a.ref_id, (1.0 / g) / sum(1.0 / g) over () as share
    from affiliates a join generate_series(1, ${AFFILIATES}) g on a.ref_id = 'aff-' || g where a.merchant_id = ${ACCOUNT}`);
  await db.execute(sql`insert into click_daily_dims (merchant_id, dim, day, affiliate_id, campaign_id, value, clicks, unique_clicks)
    select ${ACCOUNT}, 'total', d.day, a.id, d.campaign_id, '', greatest(1, (d.clicks * a.share)::int), greatest(1, (d.clicks * a.share * 0.9)::int)
    from bench_days d cross join bench_affs a`);
  await db.execute(sql`insert into click_daily_dims (merchant_id, dim, day, affiliate_id, campaign_id, value, clicks, unique_clicks)
    select ${ACCOUNT}, v.dim, d.day, a.id, d.campaign_id, v.value, greatest(1, (d.clicks * a.share * v.weight)::int), greatest(1, (d.clicks * a.share * v.weight * 0.9)::int)
    from bench_days d cross join bench_values v cross join (select * from bench_affs where ref_id in (select 'aff-' || g from generate_series(1, ${DETAILED}) g)) a`);
  // The converting clicks, as real rows (a conversion's banner, channel, … are its click's).
  await db.execute(sql`
    insert into clicks (created_at, merchant_id, visitor_id, affiliate_id, campaign_id, banner_id, channel, data1, url, referrer, country, device, browser, os)
    select now() - (g * (365 * 86400.0 / ${SALES})) * interval '1 second', ${ACCOUNT}, md5(g::text), a.ids[1 + g % ${AFFILIATES}],
           case when g % 3 = 0 then 'cmp_rep_b' else 'cmp_rep_a' end, 'bnr_' || (1 + g % 20),
           (array['newsletter', 'youtube', 'blog', 'social'])[1 + g % 4], 'sub-' || (1 + g % 50),
           'https://shop.example/p/' || (1 + g % 100) || '?utm_source=x', 'https://site' || (1 + g % 30) || '.example/post',
           (array['US','GB','DE','FR','NL'])[1 + g % 5], (array['Desktop','Mobile','Tablet'])[1 + g % 3],
           (array['Chrome','Safari','Firefox'])[1 + g % 3], (array['Windows','iOS','Android'])[1 + g % 3]
    from generate_series(1, ${SALES}) g,
         (select array_agg(id order by ref_id) ids from affiliates where merchant_id = ${ACCOUNT}) a`);
  // A conversion per click: 1 % test sales, 5 % half refunded.
  await db.execute(sql`
    insert into conversions (merchant_id, campaign_id, order_id, total, refunded, currency, status, method, affiliate_id, click_id, source, test, created_at)
    select merchant_id, campaign_id, 'order-' || id, 1000 + id % 9000, case when id % 20 = 0 then (1000 + id % 9000) / 2 else 0 end, 'USD',
           'attributed', 'cookie', affiliate_id, id, 'js', id % 100 = 0, created_at + interval '5 minutes'
    from clicks where merchant_id = ${ACCOUNT}`);
  await db.execute(sql`
    insert into commissions (merchant_id, conversion_id, affiliate_id, amount, original_amount, currency, status, created_at)
    select merchant_id, id, affiliate_id, total / 10, total / 10, 'USD',
           case when test then 'declined' else (array['pending', 'approved', 'paid'])[1 + (abs(hashtext(id::text)) % 3)] end, created_at
    from conversions where merchant_id = ${ACCOUNT}`);
  await db.execute(sql`vacuum analyze clicks, conversions, commissions, click_daily_dims, conversion_daily_dims, impression_daily_stats`);
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

const iso = (d: Date) => d.toISOString().slice(0, 10);
const to = iso(new Date());
const from = iso(new Date(Date.now() - 364 * 86_400_000));
const merchant = (q: Record<string, string>) => () => merchantReport(db, ACCOUNT, merchantReportParams.parse({ from, to, ...q }));

try {
  // BENCH_REPORT_REUSE=1: time the account a previous run generated (development).
  const generateMs = process.env.BENCH_REPORT_REUSE === '1' ? 0 : await generate();
  const rollupRows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from click_daily_dims where merchant_id = ${ACCOUNT}`))[0]!.n;
  const conversionRollupRows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from conversion_daily_dims where merchant_id = ${ACCOUNT}`))[0]!.n;
  const check = await buildReport(db, ACCOUNT, { groupBy: 'month', from, to });
  const clicks = check.data.reduce((s, r) => s + r.clicks, 0);
  const conversions = check.data.reduce((s, r) => s + r.conversions, 0);
  if (clicks < CLICKS * 0.95 || conversions < SALES * 0.95) throw new Error(`generated ${clicks} clicks and ${conversions} conversions`);
  const [aff1] = rowsOf<{ id: string }>(await db.execute(sql`select id from affiliates where merchant_id = ${ACCOUNT} and ref_id = 'aff-1'`));
  const own = (q: Record<string, string>) => () => affiliateReport(db, ACCOUNT, aff1!.id, affiliateReportParams.parse({ from, to, ...q }));
  const cases: Record<string, () => Promise<unknown>> = {
    byDay: merchant({ groupBy: 'day' }),
    byWeek: merchant({ groupBy: 'week' }),
    byMonth: merchant({ groupBy: 'month' }),
    byAffiliate: merchant({ groupBy: 'affiliate' }),
    byCampaign: merchant({ groupBy: 'campaign' }),
    byBanner: merchant({ groupBy: 'banner' }),
    byChannel: merchant({ groupBy: 'channel' }),
    bySubId: merchant({ groupBy: 'data1' }),
    byLandingPage: merchant({ groupBy: 'landingPage' }),
    byReferrer: merchant({ groupBy: 'referrer' }),
    byCountry: merchant({ groupBy: 'country' }),
    byDevice: merchant({ groupBy: 'device' }),
    bySubIdOneAffiliateAndCampaign: merchant({ groupBy: 'data1', affiliate: 'aff-1', campaign: 'cmp_rep_a' }),
    affiliateOwnByDay: own({ groupBy: 'day' }),
    affiliateOwnBySubId: own({ groupBy: 'data1' }),
    apiByAffiliate: () => buildReport(db, ACCOUNT, { groupBy: 'affiliate', from, to }),
  };
  const timings: Record<string, Awaited<ReturnType<typeof time>>> = {};
  for (const [name, fn] of Object.entries(cases)) {
    timings[name] = await time(fn);
    process.stderr.write(`[bench] report ${name}: p95 ${timings[name].p95.toFixed(1)} ms\n`);
  }
  process.stdout.write(JSON.stringify({ clicks, conversions, rollupRows, conversionRollupRows, generateMs, timings }) + '\n');
} finally {
  await handle.close();
}
