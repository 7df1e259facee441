// The merchant's clicks, newest first, keyset-paginated on (created_at, id) so a
// page costs the same on the millionth click as on the first.
import { and, desc, eq, gte, lt, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, clicks } from '@/db/schema';
import { parseUserAgent } from '../user-agent';

export interface ClickCursor {
  createdAt: Date;
  id: number;
}

export function encodeClickCursor(c: ClickCursor): string {
  return `${c.createdAt.toISOString()}_${c.id}`;
}

export function decodeClickCursor(s: string | undefined): ClickCursor | undefined {
  const m = s ? /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d+)$/.exec(s) : null;
  if (!m) return undefined;
  const createdAt = new Date(m[1]!);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: Number(m[2]) };
}

export async function listClicks(
  db: Db,
  merchantId: string,
  opts: { affiliateRefId?: string; campaignId?: string; channel?: string; from?: Date; to?: Date; cursor?: ClickCursor; limit?: number } = {},
) {
  const limit = opts.limit ?? 50;
  const rows = await db
    .select({
      id: clicks.id,
      createdAt: clicks.createdAt,
      affiliateRefId: affiliates.refId,
      affiliateName: affiliates.name,
      campaignId: clicks.campaignId,
      bannerId: clicks.bannerId,
      channel: clicks.channel,
      data1: clicks.data1,
      data2: clicks.data2,
      data3: clicks.data3,
      data4: clicks.data4,
      data5: clicks.data5,
      url: clicks.url,
      referrer: clicks.referrer,
      ip: clicks.ip,
      userAgent: clicks.userAgent,
      visitorId: clicks.visitorId,
      isRepeat: clicks.isRepeat,
      flag: clicks.flag,
    })
    .from(clicks)
    .innerJoin(affiliates, eq(affiliates.id, clicks.affiliateId))
    .where(
      and(
        eq(clicks.merchantId, merchantId),
        opts.affiliateRefId ? eq(affiliates.refId, opts.affiliateRefId) : undefined,
        opts.campaignId ? eq(clicks.campaignId, opts.campaignId) : undefined,
        opts.channel ? eq(clicks.channel, opts.channel) : undefined,
        opts.from ? gte(clicks.createdAt, opts.from) : undefined,
        opts.to ? lt(clicks.createdAt, opts.to) : undefined,
        opts.cursor
          ? or(
              lt(clicks.createdAt, opts.cursor.createdAt),
              and(eq(clicks.createdAt, opts.cursor.createdAt), lt(clicks.id, opts.cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(clicks.createdAt), desc(clicks.id))
    .limit(limit + 1);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    rows: rows.slice(0, limit).map((r) => ({ ...r, agent: parseUserAgent(r.userAgent) })),
    next: last ? encodeClickCursor(last) : undefined,
  };
}
