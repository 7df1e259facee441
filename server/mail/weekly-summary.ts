// The affiliates' weekly summary: clicks, conversions and earnings of the last full week
// (Monday to Monday, UTC), sent once per affiliate and week — the dedupe key makes a second
// round, or a second app instance, write nothing — to every approved affiliate that had any
// activity and did not switch it off. The outbox worker runs this every hour.
import { and, eq, gte, inArray, lt, notExists, sql, sum, count } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, clickDailyStats, commissions, conversions, mailOptOuts, outboxMessages } from '@/db/schema';
import { enqueueMail } from './enqueue-mail';
import { log } from '@/lib/log';

const DAY = 86_400_000;
const BATCH = 200;

/** Monday 00:00 UTC of the week `now` is in. */
export function weekStart(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
}

export const weeklySummaryKey = (affiliateId: string, week: Date) => `mail:weekly_summary:${affiliateId}:${week.toISOString().slice(0, 10)}`;

/** Writes this week's summaries not written yet; how many. */
export async function scheduleWeeklySummaries(db: Db, now = new Date()): Promise<number> {
  const to = weekStart(now);
  const from = new Date(to.getTime() - 7 * DAY);
  const week = to.toISOString().slice(0, 10);
  let written = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db
      .select({ id: affiliates.id, merchantId: affiliates.merchantId, name: affiliates.name, email: affiliates.email })
      .from(affiliates)
      .where(
        and(
          eq(affiliates.status, 'approved'),
          sql`${affiliates.id} > ${after}`,
          notExists(db.select({ one: sql`1` }).from(outboxMessages).where(eq(outboxMessages.dedupeKey, sql`'mail:weekly_summary:' || ${affiliates.id}::text || ':' || ${week}::text`))),
          notExists(
            db
              .select({ one: sql`1` })
              .from(mailOptOuts)
              .where(and(eq(mailOptOuts.merchantId, affiliates.merchantId), eq(mailOptOuts.email, sql`lower(${affiliates.email})`), eq(mailOptOuts.kind, 'weekly_summary'))),
          ),
        ),
      )
      .orderBy(affiliates.id)
      .limit(BATCH);
    if (batch.length === 0) return written;
    after = batch[batch.length - 1]!.id;
    const ids = batch.map((a) => a.id);
    const [clickRows, conversionRows, earningRows] = await Promise.all([
      db
        .select({ id: clickDailyStats.affiliateId, n: sum(clickDailyStats.clicks).mapWith(Number) })
        .from(clickDailyStats)
        .where(and(inArray(clickDailyStats.affiliateId, ids), gte(clickDailyStats.day, from.toISOString().slice(0, 10)), lt(clickDailyStats.day, week)))
        .groupBy(clickDailyStats.affiliateId),
      db
        .select({ id: conversions.affiliateId, n: count() })
        .from(conversions)
        .where(and(inArray(conversions.affiliateId, ids), gte(conversions.createdAt, from), lt(conversions.createdAt, to), eq(conversions.test, false)))
        .groupBy(conversions.affiliateId),
      db
        .select({ id: commissions.affiliateId, currency: commissions.currency, amount: sum(commissions.amount).mapWith(Number) })
        .from(commissions)
        .where(and(inArray(commissions.affiliateId, ids), gte(commissions.createdAt, from), lt(commissions.createdAt, to), sql`${commissions.status} <> 'declined'`))
        .groupBy(commissions.affiliateId, commissions.currency),
    ]);
    const clicksOf = new Map(clickRows.map((r) => [r.id, r.n]));
    const conversionsOf = new Map(conversionRows.map((r) => [r.id!, r.n]));
    for (const a of batch) {
      const clicks = clicksOf.get(a.id) ?? 0;
      const convs = conversionsOf.get(a.id) ?? 0;
      const earnings = earningRows.filter((r) => r.id === a.id && r.amount !== 0).map((r) => ({ amount: r.amount, currency: r.currency }));
      // A quiet week is not worth a mail.
      if (clicks === 0 && convs === 0 && earnings.length === 0) continue;
      const id = await enqueueMail(db, {
        merchantId: a.merchantId,
        to: a.email,
        toName: a.name,
        kind: 'weekly_summary',
        vars: { affiliateName: a.name, clicks, conversions: convs, earnings, from, to },
        dedupeKey: weeklySummaryKey(a.id, to),
      }).catch((err: unknown) => {
        // One affiliate with an address the mailer refuses does not stop the others.
        log().error({ component: 'mail', affiliateId: a.id, err }, 'a weekly summary was not written');
        return null;
      });
      if (id) written++;
    }
  }
}
