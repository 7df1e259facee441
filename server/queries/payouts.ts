// Read models of the merchant's payouts: batches and one batch's payouts with the
// affiliate's payout details. Tenant first; another merchant's batch is not found.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, commissions, payouts } from '@/db/schema';
import { isUuid } from './affiliates';

/** Batches, newest first, with their totals per currency and how many payouts are paid. */
export async function listPayoutBatches(db: Db, merchantId: string, limit = 100) {
  const rows = await db
    .select({
      batchId: payouts.batchId,
      currency: payouts.currency,
      createdAt: sql<string>`min(${payouts.createdAt})`,
      amount: sql<string>`sum(${payouts.amount})`,
      payouts: sql<number>`count(*)::int`,
      paid: sql<number>`count(*) filter (where ${payouts.status} = 'paid')::int`,
      missingDetails: sql<number>`count(*) filter (where coalesce(${payouts.method}, ${affiliates.payoutMethod}) is null)::int`,
      paypal: sql<number>`count(*) filter (where coalesce(${payouts.method}, ${affiliates.payoutMethod}) = 'paypal')::int`,
    })
    .from(payouts)
    .innerJoin(affiliates, eq(affiliates.id, payouts.affiliateId))
    .where(eq(payouts.merchantId, merchantId))
    .groupBy(payouts.batchId, payouts.currency)
    .orderBy(desc(sql`min(${payouts.createdAt})`), asc(payouts.currency));
  const batches = new Map<
    string,
    { batchId: string; name: string; createdAt: Date; payouts: number; paid: number; missingDetails: number; paypal: number; totals: { currency: string; amount: number }[] }
  >();
  for (const r of rows) {
    const b = batches.get(r.batchId) ?? { batchId: r.batchId, name: '', createdAt: new Date(r.createdAt), payouts: 0, paid: 0, missingDetails: 0, paypal: 0, totals: [] };
    b.payouts += r.payouts;
    b.paid += r.paid;
    b.missingDetails += r.missingDetails;
    b.paypal += r.paypal;
    b.totals.push({ currency: r.currency, amount: Number(r.amount) });
    if (new Date(r.createdAt) < b.createdAt) b.createdAt = new Date(r.createdAt);
    batches.set(r.batchId, b);
  }
  // Numbered in the order they were made: "2026-12-01 #3" is the program's third batch.
  const all = [...batches.values()];
  all.forEach((b, i) => (b.name = batchName(b.createdAt, all.length - i)));
  return all.slice(0, limit);
}

/** A batch as people name it: its UTC date and its number in the program, e.g. "2026-12-01 #3". */
export function batchName(createdAt: Date, n: number): string {
  return `${createdAt.toISOString().slice(0, 10)} #${n}`;
}

export type BatchPayout = Awaited<ReturnType<typeof getPayoutBatch>>[number];

/** One batch's payouts with the affiliate and its payout details; empty when not the merchant's. */
export async function getPayoutBatch(db: Db, merchantId: string, batchId: string) {
  if (!isUuid(batchId)) return [];
  return db
    .select({
      id: payouts.id,
      batchId: payouts.batchId,
      affiliateId: payouts.affiliateId,
      refId: affiliates.refId,
      name: affiliates.name,
      email: affiliates.email,
      amount: payouts.amount,
      currency: payouts.currency,
      status: payouts.status,
      method: payouts.method,
      // The snapshot taken when the batch was made (batches from before snapshots: the live details).
      payoutMethod: sql<string | null>`coalesce(${payouts.method}, ${affiliates.payoutMethod})`,
      payoutDetails: sql<Record<string, string> | null>`coalesce(${payouts.details}, ${affiliates.payoutDetails})`,
      createdAt: payouts.createdAt,
      paidAt: payouts.paidAt,
      commissions: sql<number>`(select count(*)::int from ${commissions} where ${commissions.merchantId} = ${payouts.merchantId} and ${commissions.payoutId} = ${payouts.id})`,
    })
    .from(payouts)
    .innerJoin(affiliates, eq(affiliates.id, payouts.affiliateId))
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.batchId, batchId)))
    .orderBy(asc(payouts.currency), asc(affiliates.name), asc(payouts.id));
}
