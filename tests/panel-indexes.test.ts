// The panels' newest-first lists are served by an index, not by sorting every row of
// the account: a `created_at DESC` index is DESC NULLS LAST and cannot serve
// `order by created_at desc, id desc` (NULLS FIRST), which made the Clicks page sort a
// million clicks (bench/PROFILE.md). With sorting disabled the planner still sorts
// when no index gives the order, so a Sort node in the plan is exactly that mistake.
import { sql, type SQLWrapper } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import * as s from '@/db/schema';
import { listAffiliateCommissions, listMerchantCommissions } from '@/server/queries/commissions';
import { listWebhookDeliveries } from '@/server/queries/webhook-events';
import { createTestDb, type TestDb } from './helpers/db';

let t: TestDb;
let affiliateId: string;

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  affiliateId = (await t.db.select().from(s.affiliates)).find((a) => a.refId === 'demo-aff')!.id;
});
afterAll(async () => {
  await t?.close();
});

/** The plan's node lines, with sorting disabled for this one statement. */
async function plan(query: SQLWrapper): Promise<string> {
  return t.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_sort = off`);
    const rows = rowsOf<Record<string, string>>(await tx.execute(sql`explain select * from ${query} as q`));
    return rows.map((r) => Object.values(r)[0]).join('\n');
  });
}

const asQuery = (q: unknown) => q as SQLWrapper;

describe('newest-first panel lists read an index in order', () => {
  const cases: [string, () => SQLWrapper][] = [
    ['Commissions, all', () => listMerchantCommissions(t.db, 'demo', {})],
    ['Commissions, by status', () => listMerchantCommissions(t.db, 'demo', { status: 'pending' })],
    ['Commissions, of one affiliate', () => listMerchantCommissions(t.db, 'demo', { affiliateId })],
    ['Commissions, next page', () => listMerchantCommissions(t.db, 'demo', { cursor: { ts: '2026-11-01T00:00:00.000000Z', id: '00000000-0000-0000-0000-000000000000' } })],
    ["the affiliate's own commissions", () => listAffiliateCommissions(t.db, 'demo', affiliateId, {})],
    ["the affiliate's own commissions, by status", () => listAffiliateCommissions(t.db, 'demo', affiliateId, { status: 'approved' })],
    ['webhook deliveries of a provider', () => asQuery(listWebhookDeliveries(t.db, 'demo', 'stripe'))],
  ];
  it.each(cases)('%s: no sort', async (_name, query) => {
    const text = await plan(query());
    expect(text).toMatch(/Index|Bitmap/);
    expect(text).not.toMatch(/\bSort\b/);
  });

  it('a list without a matching index would show a Sort node (the check can fail)', async () => {
    const q = t.db.select({ id: s.commissions.id }).from(s.commissions).orderBy(sql`${s.commissions.amount} desc`).limit(50);
    expect(await plan(q)).toMatch(/\bSort\b/);
  });
});
