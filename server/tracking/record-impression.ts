// Counts a banner impression (GET /t/imp, the PAP drop-in's imp.php): raw and unique per
// visitor and UTC day, in the daily rollup per affiliate and banner. One statement, so the
// visitor's mark and the rollup are one transaction; no row per impression.
import { sql } from 'drizzle-orm';
import { getDb, rowsOf } from '@/db';
import { AppError } from '../errors';
import { sha256Hex, VISITOR_ID_RE } from '../ids';
import { findAffiliateByRef, findBanner, findMerchant } from './lookups';

export interface ImpressionInput {
  account: string;
  aff: string;
  banner?: string;
}

export interface ImpressionMeta {
  ip: string;
  userAgent: string | null;
  /** The `_aff_vid` cookie the browser sent, when it sent one. */
  visitorId?: string;
}

/** Visitor marks are kept this many days (today's and yesterday's decide uniqueness). */
const KEEP_DAYS = 2;
/** About one impression in this many also prunes a bounded number of old marks. */
const PRUNE_EVERY = 500;
const PRUNE_BATCH = 1000;

export async function recordImpression(input: ImpressionInput, meta: ImpressionMeta): Promise<{ unique: boolean }> {
  const db = await getDb();
  const merchant = await findMerchant(db, input.account);
  if (!merchant) throw new AppError('unknown_account', `No account "${input.account}".`);
  const affiliate = await findAffiliateByRef(db, merchant.id, input.aff);
  if (!affiliate || affiliate.status !== 'approved')
    throw new AppError('unknown_affiliate', `No active affiliate "${input.aff}" in this program.`);
  // An unknown banner id (an old embed) still counts, for the affiliate without a banner: as clicks do.
  const banner = input.banner ? await findBanner(db, merchant.id, input.banner) : undefined;
  const bannerId = banner?.id ?? '';
  // The visitor: its cookie when the browser sent one, else its address and user-agent (hashed: not stored as such).
  const visitorKey =
    meta.visitorId && VISITOR_ID_RE.test(meta.visitorId) ? `v:${meta.visitorId}` : `f:${sha256Hex(`${meta.ip}\u0000${meta.userAgent ?? ''}`).slice(0, 32)}`;
  const result = await db.execute(sql`
    with mark as (
      insert into impression_visitors (merchant_id, day, affiliate_id, banner_id, visitor_key)
      values (${merchant.id}, (now() at time zone 'utc')::date, ${affiliate.id}, ${bannerId}, ${visitorKey})
      on conflict do nothing
      returning 1
    )
    insert into impression_daily_stats (merchant_id, day, affiliate_id, banner_id, impressions, unique_impressions)
    values (${merchant.id}, (now() at time zone 'utc')::date, ${affiliate.id}, ${bannerId}, 1, (select count(*)::int from mark))
    on conflict (merchant_id, day, affiliate_id, banner_id) do update
      set impressions = impression_daily_stats.impressions + 1,
          unique_impressions = impression_daily_stats.unique_impressions + excluded.unique_impressions
    returning unique_impressions, (select count(*)::int from mark) as fresh`);
  if (Math.random() * PRUNE_EVERY < 1) void pruneMarks().catch(() => {});
  return { unique: Number(rowsOf<{ fresh: number }>(result)[0]?.fresh ?? 0) > 0 };
}

/** Drops a bounded batch of visitor marks older than KEEP_DAYS: off the answer's path, never a long statement. */
async function pruneMarks(): Promise<void> {
  const db = await getDb();
  await db.execute(sql`
    delete from impression_visitors where ctid in (
      select ctid from impression_visitors
      where day < (now() at time zone 'utc')::date - ${KEEP_DAYS}::int
      limit ${PRUNE_BATCH})`);
}
