// The reports' conversion rollup (conversion_daily_dims, kept by the triggers of migration
// 0023) against a recount from the tables, done here in TypeScript from the raw rows: after
// sales with and without clicks, a sale's own sub-id, another currency, test sales, an
// unattributed sale completed by a later verified report, a credit by hand, partial and
// full refunds and a refund taken back, approvals and declines, and changes by plain SQL
// (a commission revised, one deleted, a conversion moved to another day, one deleted).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/client';
import type { NewClick } from '@/db/schema';
import { newVisitorId } from '@/server/ids';
import { buildReport } from '@/server/reports';
import { reviewCommissions } from '@/server/commissions/review';
import { creditConversion } from '@/server/tracking-log/credit-conversion';
import { ClickWriter } from '@/server/tracking/click-writer';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import { recordRefund, reverseRefund } from '@/server/tracking/record-refund';
import { ALL_AFFILIATES, landingPageOf, referrerDomainOf } from '@/server/tracking/click-stats';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

let t: TestDb;
let affA: string;
let affB: string;
let user: string;
const actor = () => ({ userId: user, ip: '192.0.2.1' });

type Sums = { conversions: number; revenue: number; refunds: number; commissions: number; own: number; lines: number };

/** The rollup's rows of the account that count anything, by key. */
async function rollup(): Promise<Record<string, Sums>> {
  const rows = rowsOf<Record<string, string | number>>(
    await t.db.execute(sql`select dim, day::text as day, affiliate_id, campaign_id, value, currency, conversions, revenue::text as revenue,
        refunds::text as refunds, commissions::text as commissions, own_commissions::text as own, commission_lines as lines
      from conversion_daily_dims where merchant_id = 'demo'`),
  );
  const out: Record<string, Sums> = {};
  for (const r of rows) {
    const s = { conversions: Number(r.conversions), revenue: Number(r.revenue), refunds: Number(r.refunds), commissions: Number(r.commissions), own: Number(r.own), lines: Number(r.lines) };
    if (Object.values(s).some((v) => v !== 0)) out[[r.dim, r.day, r.affiliate_id, r.campaign_id, r.value, r.currency].join('|')] = s;
  }
  return out;
}

/** The same, counted from conversions, their clicks and commissions as they are now. */
async function recount(): Promise<Record<string, Sums>> {
  const convs = rowsOf<Record<string, string | number | boolean | null>>(
    await t.db.execute(sql`select c.id, (c.created_at at time zone 'UTC')::date::text as day, c.affiliate_id, c.campaign_id, c.currency, c.total::text as total,
        c.refunded::text as refunded, c.status, c.test, c.data1 as c1, c.data2 as c2, c.data3 as c3, c.data4 as c4, c.data5 as c5,
        k.banner_id, k.channel, k.data1, k.data2, k.data3, k.data4, k.data5, ${landingPageOf(sql`k.url`)} as landing, ${referrerDomainOf(sql`k.referrer`)} as referrer,
        k.country, k.device, k.browser, k.os
      from conversions c left join clicks k on k.merchant_id = c.merchant_id and k.id = c.click_id where c.merchant_id = 'demo'`),
  );
  const comms = rowsOf<{ conversion_id: string; affiliate_id: string; amount: string; currency: string; status: string }>(
    await t.db.execute(sql`select conversion_id, affiliate_id, amount::text as amount, currency, status from commissions where merchant_id = 'demo'`),
  );
  const out: Record<string, Sums> = {};
  const add = (key: string, s: Partial<Sums>) => {
    const o = (out[key] ??= { conversions: 0, revenue: 0, refunds: 0, commissions: 0, own: 0, lines: 0 });
    for (const [k, v] of Object.entries(s)) o[k as keyof Sums] += v;
  };
  for (const c of convs) {
    if (c.status !== 'attributed' || c.test) continue;
    const dims: [string, string | null][] = [
      ['total', ''], ['banner', c.banner_id as string | null], ['channel', c.channel as string | null],
      ...[1, 2, 3, 4, 5].map((i) => [`data${i}`, (c[`data${i}`] ?? c[`c${i}`]) as string | null] as [string, string | null]),
      ['landingPage', c.landing as string | null], ['referrer', c.referrer as string | null],
      ['country', c.country as string | null], ['device', c.device as string | null], ['browser', c.browser as string | null], ['os', c.os as string | null],
    ];
    const lines: [string, Partial<Sums>][] = [[c.currency as string, { conversions: 1, revenue: Number(c.total) - Number(c.refunded), refunds: Number(c.refunded) }]];
    for (const m of comms.filter((m) => m.conversion_id === c.id && m.status !== 'declined'))
      lines.push([m.currency, { commissions: Number(m.amount), own: m.affiliate_id === c.affiliate_id ? Number(m.amount) : 0, lines: 1 }]);
    for (const aff of [c.affiliate_id, ALL_AFFILIATES])
      for (const [dim, value] of dims)
        for (const [currency, s] of lines) if (aff !== null && value !== null) add([dim, c.day, aff, c.campaign_id, value, currency].join('|'), s);
  }
  for (const [k, s] of Object.entries(out)) if (Object.values(s).every((v) => v === 0)) delete out[k];
  return out;
}

const expectInStep = async () => {
  const [r, e] = [await rollup(), await recount()];
  expect(r).toEqual(e);
  return e;
};

const writer = () => new ClickWriter(async () => t.db);
async function click(c: Partial<NewClick> & { affiliateId: string }): Promise<string> {
  const visitorId = newVisitorId();
  await writer().write({ merchantId: 'demo', visitorId, campaignId: 'cmp_demo', createdAt: new Date(), ...c } as NewClick, true);
  return visitorId;
}
const commissionIds = async (conversionId: string) =>
  rowsOf<{ id: string }>(await t.db.execute(sql`select id from commissions where conversion_id = ${conversionId} order by tier`)).map((r) => r.id);

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  invalidateLookups();
  const ids = rowsOf<{ id: string; ref_id: string }>(await t.db.execute(sql`select id, ref_id from affiliates where merchant_id = 'demo'`));
  affA = ids.find((r) => r.ref_id === 'demo-aff')!.id;
  affB = ids.find((r) => r.ref_id === 'demo-sub')!.id;
  user = rowsOf<{ id: string }>(await t.db.execute(sql`select id from users where email = 'merchant@example.com'`))[0]!.id;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('the conversion rollup equals a recount from the tables', () => {
  let sale1: string;
  let sale2: string;
  let late: string;

  it('after sales (with clicks and without, a sub-id of its own, another currency) and test sales', async () => {
    const v1 = await click({ affiliateId: affA, channel: 'email', data1: 's1', url: 'https://shop.example/p/1?x=1', referrer: 'https://www.blog.example/a', country: 'DE', device: 'Desktop', browser: 'Chrome', os: 'Windows' });
    const v2 = await click({ affiliateId: affB, bannerId: 'bnr_x', url: 'https://shop.example/p/2', country: 'FR', device: 'Mobile', browser: 'Safari', os: 'iOS' });
    const v3 = await click({ affiliateId: affA, channel: 'social' });
    const vt = await click({ affiliateId: affA, channel: 'email' });
    sale1 = (await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'roll-1', total: '100.00', visitorId: v1 })).conversionId;
    sale2 = (await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'roll-2', total: '80.00', visitorId: v2, data: { data2: 'own-sub', data1: 'not-the-clicks' } })).conversionId;
    await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'roll-eur', total: '50.00', currency: 'EUR', visitorId: v3 });
    await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'roll-explicit', total: '30.00', explicitAffiliate: 'demo-sub' });
    await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: 'roll-test', total: '999.00', visitorId: vt, test: true });
    const e = await expectInStep();
    // Counted: four sales (USD and EUR), not the test; sale 2's own data2, its click's absence of data1 filled by the sale's.
    const total = Object.entries(e).filter(([k]) => k.startsWith(`total|`) && k.includes(`|${ALL_AFFILIATES}|`));
    expect(total.reduce((n, [, s]) => n + s.conversions, 0)).toBe(4);
    expect(Object.keys(e).some((k) => k.startsWith('data2|') && k.includes('|own-sub|'))).toBe(true);
    expect(Object.keys(e).some((k) => k.startsWith('data1|') && k.includes('|not-the-clicks|'))).toBe(true);
  });

  it('after an unattributed sale, its completion by a later verified report, and a credit by hand', async () => {
    late = (await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'roll-late', total: '40.00' })).conversionId;
    const manual = (await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: 'roll-manual', total: '25.00' })).conversionId;
    await expectInStep();
    const v = await click({ affiliateId: affB, channel: 'youtube', country: 'NL' });
    const completed = await recordConversion(t.db, { merchantId: 'demo', source: 'webhook:stripe', orderId: 'roll-late', total: '40.00', visitorId: v });
    expect(completed.status).toBe('attributed');
    await creditConversion(t.db, 'demo', actor(), { conversionId: manual, affiliateId: affA });
    const e = await expectInStep();
    expect(Object.keys(e).some((k) => k.startsWith('channel|') && k.includes('|youtube|'))).toBe(true);
  });

  it('after refunds (partial, full, one taken back), approvals and declines', async () => {
    await recordRefund(t.db, { merchantId: 'demo', orderId: 'roll-1', amount: '25.00' });
    await recordRefund(t.db, { merchantId: 'demo', orderId: 'roll-1', amount: '10.00', refundId: 're-2' });
    await expectInStep();
    await reverseRefund(t.db, { merchantId: 'demo', orderId: 'roll-1', refundId: 're-2' });
    await recordRefund(t.db, { merchantId: 'demo', orderId: 'roll-2' }); // in full: its commissions declined
    await expectInStep();
    await reviewCommissions(t.db, 'demo', actor(), 'approve', { ids: await commissionIds(sale1) });
    await reviewCommissions(t.db, 'demo', actor(), 'decline', { ids: await commissionIds(late) });
    const e = await expectInStep();
    const aTotal = Object.entries(e).filter(([k]) => k.startsWith('total|') && k.includes(`|${ALL_AFFILIATES}|`) && k.endsWith('|USD'));
    expect(aTotal.reduce((n, [, s]) => n + s.refunds, 0)).toBe(2500 + 8000);
  });

  it('after changes by plain SQL: a commission revised and one deleted, a conversion moved a day, one deleted', async () => {
    const [first] = await commissionIds(sale1);
    await t.db.execute(sql`update commissions set amount = amount + 123 where id = ${first!}`);
    await t.db.execute(sql`delete from commissions where conversion_id = ${late}`);
    await t.db.execute(sql`update conversions set created_at = created_at - interval '1 day' where id = ${sale1}`);
    await expectInStep();
    await t.db.execute(sql`delete from conversions where id = ${sale2}`);
    await t.db.execute(sql`update conversions set test = true where order_id = 'roll-eur' and merchant_id = 'demo'`);
    await expectInStep();
  });

  it('reports read it: the day report adds up to the recount', async () => {
    const e = await recount();
    const day = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const r = await buildReport(t.db, 'demo', { groupBy: 'day', from, to: day, currency: 'USD' });
    const want = Object.entries(e).filter(([k]) => k.startsWith('total|') && k.includes(`|${ALL_AFFILIATES}|`) && k.endsWith('|USD'));
    expect(r.data.reduce((n, x) => n + x.conversions, 0)).toBe(want.reduce((n, [, s]) => n + s.conversions, 0));
    expect(r.data.reduce((n, x) => n + x.revenue, 0)).toBe(want.reduce((n, [, s]) => n + s.revenue, 0));
    expect(r.data.reduce((n, x) => n + x.commissions, 0)).toBe(want.reduce((n, [, s]) => n + s.commissions, 0));
    expect(r.data.reduce((n, x) => n + x.conversions, 0)).toBeGreaterThan(0);
  });
});
