// Transactions › Tracking log: the merchant's entries newest first, keyset-paginated on
// (created_at, id) like Clicks, searchable by order id, visitor id or affiliate refId
// (each served by its own (merchant_id, …, created_at, id) index read backwards), within
// the merchant's retention. Each entry comes with its conversion as it stands now, so an
// unattributed one can be credited by hand and a credited one says so.
import { and, desc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, conversions, merchants, trackingLog } from '@/db/schema';

export interface TrackingLogCursor {
  createdAt: Date;
  id: number;
}

export function encodeTrackingLogCursor(c: TrackingLogCursor): string {
  return `${c.createdAt.toISOString()}_${c.id}`;
}

export function decodeTrackingLogCursor(s: string | undefined): TrackingLogCursor | undefined {
  const m = s ? /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d+)$/.exec(s) : null;
  if (!m) return undefined;
  const createdAt = new Date(m[1]!);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: Number(m[2]) };
}

export async function listTrackingLog(
  db: Db,
  merchantId: string,
  opts: { orderId?: string; visitorId?: string; affiliateRefId?: string; cursor?: TrackingLogCursor; limit?: number; now?: Date } = {},
) {
  const limit = opts.limit ?? 25;
  const [merchant] = await db.select({ days: merchants.trackingLogDays }).from(merchants).where(eq(merchants.id, merchantId));
  if (!merchant) return { rows: [], next: undefined, retentionDays: 0 };
  // What is past the retention is not shown, even before the prune reached it.
  const since = new Date((opts.now ?? new Date()).getTime() - merchant.days * 86_400_000);
  const rows = await db
    .select({
      entry: trackingLog,
      conversion: {
        id: conversions.id,
        status: conversions.status,
        method: conversions.method,
        source: conversions.source,
        test: conversions.test,
        orderId: conversions.orderId,
        refunded: conversions.refunded,
        total: conversions.total,
      },
      creditedTo: affiliates.refId,
    })
    .from(trackingLog)
    .leftJoin(conversions, and(eq(conversions.id, trackingLog.conversionId), eq(conversions.merchantId, merchantId)))
    .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
    .where(
      and(
        eq(trackingLog.merchantId, merchantId),
        opts.orderId ? eq(trackingLog.orderId, opts.orderId) : undefined,
        opts.visitorId ? eq(trackingLog.visitorId, opts.visitorId) : undefined,
        opts.affiliateRefId ? eq(trackingLog.affiliateRefId, opts.affiliateRefId) : undefined,
        gte(trackingLog.createdAt, since),
        opts.cursor
          ? or(
              lt(trackingLog.createdAt, opts.cursor.createdAt),
              and(eq(trackingLog.createdAt, opts.cursor.createdAt), lt(trackingLog.id, opts.cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(trackingLog.createdAt), desc(trackingLog.id))
    .limit(limit + 1);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    rows: rows.slice(0, limit).map((r) => ({
      ...r.entry,
      conversion: r.conversion?.id ? { ...r.conversion, affiliate: r.creditedTo } : null,
      /** Can be credited by hand now: a real (not test) conversion that nobody is credited for. */
      creditable: !!r.conversion?.id && r.conversion.status === 'unattributed' && !r.conversion.test,
    })),
    next: last ? encodeTrackingLogCursor({ createdAt: last.entry.createdAt, id: last.entry.id }) : undefined,
    retentionDays: merchant.days,
  };
}

/** The approved affiliates a conversion can be credited to, by name. */
export async function creditableAffiliates(db: Db, merchantId: string) {
  return db
    .select({ id: affiliates.id, refId: affiliates.refId, name: affiliates.name })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.status, 'approved')))
    .orderBy(sql`lower(${affiliates.name})`, affiliates.refId)
    .limit(1000);
}
