// Read models of the REST API: each resource of PLATFORM-API.md §2 as the contract shapes
// it, tenant first (another merchant's id reads as nothing), lists keyset-paginated newest
// first (server/api/cursor.ts). Writes go through the same server/ functions as the panels.
import { and, desc, eq, gte, ilike, lt, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import { affiliates, campaigns, clicks, commissions, conversions, coupons, payouts, type AffiliateStatus, type CommissionStatus } from '@/db/schema';
import { escapeLike, isUuid } from '../queries/affiliates';
import { before, cursorTime, decodeCursor, pageOf } from './cursor';

const iso = (d: Date | string) => new Date(d).toISOString();
const parents = alias(affiliates, 'parent');
const dayStart = (d: string) => new Date(`${d}T00:00:00Z`);
const dayAfter = (d: string) => new Date(dayStart(d).getTime() + 86_400_000);

export interface ListOpts {
  limit: number;
  cursor?: string;
}

// ── Affiliates ───────────────────────────────────────────────────────────────

const affiliateColumns = {
  id: affiliates.id,
  refId: affiliates.refId,
  name: affiliates.name,
  email: affiliates.email,
  status: affiliates.status,
  parent: parents.refId,
  website: affiliates.website,
  createdAt: affiliates.createdAt,
  cursorAt: cursorTime(affiliates.createdAt),
};
type AffiliateRow = { refId: string; name: string; email: string; status: AffiliateStatus; parent: string | null; website: string | null; createdAt: Date };

export const affiliateView = (r: AffiliateRow) => ({
  refId: r.refId,
  name: r.name,
  email: r.email,
  status: r.status,
  parent: r.parent,
  website: r.website || null,
  createdAt: iso(r.createdAt),
});

export async function listApiAffiliates(db: Db, merchantId: string, opts: ListOpts & { status?: AffiliateStatus; q?: string }) {
  const q = opts.q ? `%${escapeLike(opts.q)}%` : undefined;
  const rows = await db
    .select(affiliateColumns)
    .from(affiliates)
    .leftJoin(parents, eq(parents.id, affiliates.parentId))
    .where(
      and(
        eq(affiliates.merchantId, merchantId),
        opts.status ? eq(affiliates.status, opts.status) : undefined,
        q ? or(ilike(affiliates.name, q), ilike(affiliates.email, q), ilike(affiliates.refId, q)) : undefined,
        before(affiliates.createdAt, affiliates.id, decodeCursor(opts.cursor)),
      ),
    )
    .orderBy(desc(affiliates.createdAt), desc(affiliates.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, affiliateView);
}

/** One affiliate by refId (with its internal id, for the writes), or undefined. */
export async function findApiAffiliate(db: Db, merchantId: string, refId: string) {
  const [row] = await db
    .select(affiliateColumns)
    .from(affiliates)
    .leftJoin(parents, eq(parents.id, affiliates.parentId))
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.refId, refId)));
  return row;
}

export async function findApiAffiliateById(db: Db, merchantId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select(affiliateColumns)
    .from(affiliates)
    .leftJoin(parents, eq(parents.id, affiliates.parentId))
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, id)));
  return row;
}

/** The internal id of an affiliate named by refId in a filter; null when there is none (the list is then empty). */
async function affiliateIdOf(db: Db, merchantId: string, refId: string | undefined): Promise<string | null | undefined> {
  if (refId === undefined) return undefined;
  const [row] = await db
    .select({ id: affiliates.id })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.refId, refId)));
  return row?.id ?? null;
}

const empty = { data: [], nextCursor: null };

// ── Campaigns ────────────────────────────────────────────────────────────────

type CampaignRow = typeof campaigns.$inferSelect;
const campaignView = (c: CampaignRow) => ({
  id: c.id,
  name: c.name,
  isDefault: c.isDefault,
  currency: c.currency,
  cookieDays: c.cookieDays,
  attributionModel: c.attributionModel,
  lifetimeCommissions: c.lifetimeCommissions,
  recurringCommissions: c.recurringCommissions,
  archived: c.archived,
  createdAt: iso(c.createdAt),
});

export async function listApiCampaigns(db: Db, merchantId: string, opts: ListOpts) {
  const rows = await db
    .select({ c: campaigns, id: campaigns.id, cursorAt: cursorTime(campaigns.createdAt) })
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), before(campaigns.createdAt, campaigns.id, decodeCursor(opts.cursor), 'text')))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, (r) => campaignView(r.c));
}

export async function getApiCampaign(db: Db, merchantId: string, id: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.id, id)));
  return row ? campaignView(row) : undefined;
}

// ── Clicks ───────────────────────────────────────────────────────────────────

export async function listApiClicks(db: Db, merchantId: string, opts: ListOpts & { affiliate?: string; from?: string; to?: string }) {
  const affiliateId = await affiliateIdOf(db, merchantId, opts.affiliate);
  if (affiliateId === null) return empty;
  const rows = await db
    .select({
      id: clicks.id,
      cursorAt: cursorTime(clicks.createdAt),
      createdAt: clicks.createdAt,
      affiliate: affiliates.refId,
      campaign: clicks.campaignId,
      banner: clicks.bannerId,
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
      isRepeat: clicks.isRepeat,
    })
    .from(clicks)
    .innerJoin(affiliates, eq(affiliates.id, clicks.affiliateId))
    .where(
      and(
        eq(clicks.merchantId, merchantId),
        affiliateId ? eq(clicks.affiliateId, affiliateId) : undefined,
        opts.from ? gte(clicks.createdAt, dayStart(opts.from)) : undefined,
        opts.to ? lt(clicks.createdAt, dayAfter(opts.to)) : undefined,
        before(clicks.createdAt, clicks.id, decodeCursor(opts.cursor), 'bigint'),
      ),
    )
    .orderBy(desc(clicks.createdAt), desc(clicks.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, ({ id, isRepeat, createdAt, cursorAt: _c, ...r }) => ({ id: String(id), ...r, unique: !isRepeat, createdAt: iso(createdAt) }));
}

// ── Conversions ──────────────────────────────────────────────────────────────

const conversionColumns = {
  id: conversions.id,
  cursorAt: cursorTime(conversions.createdAt),
  orderId: conversions.orderId,
  actionCode: conversions.actionCode,
  total: conversions.total,
  refunded: conversions.refunded,
  currency: conversions.currency,
  status: conversions.status,
  method: conversions.method,
  affiliate: affiliates.refId,
  campaign: conversions.campaignId,
  test: conversions.test,
  createdAt: conversions.createdAt,
};
type ConversionRow = { id: string; orderId: string | null; actionCode: string; total: number; refunded: number; currency: string; status: 'attributed' | 'unattributed'; method: string | null; affiliate: string | null; campaign: string; test: boolean; createdAt: Date };
export const conversionView = (r: ConversionRow) => ({
  id: r.id,
  orderId: r.orderId,
  actionCode: r.actionCode || null,
  total: Number(r.total),
  refunded: Number(r.refunded),
  currency: r.currency,
  status: r.status,
  method: r.method,
  affiliate: r.affiliate,
  campaign: r.campaign,
  test: r.test,
  createdAt: iso(r.createdAt),
});

export async function listApiConversions(
  db: Db,
  merchantId: string,
  opts: ListOpts & { orderId?: string; affiliate?: string; status?: 'attributed' | 'unattributed'; from?: string; to?: string },
) {
  const affiliateId = await affiliateIdOf(db, merchantId, opts.affiliate);
  if (affiliateId === null) return empty;
  const rows = await db
    .select(conversionColumns)
    .from(conversions)
    .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
    .where(
      and(
        eq(conversions.merchantId, merchantId),
        opts.orderId !== undefined ? eq(conversions.orderId, opts.orderId) : undefined,
        affiliateId ? eq(conversions.affiliateId, affiliateId) : undefined,
        opts.status ? eq(conversions.status, opts.status) : undefined,
        opts.from ? gte(conversions.createdAt, dayStart(opts.from)) : undefined,
        opts.to ? lt(conversions.createdAt, dayAfter(opts.to)) : undefined,
        before(conversions.createdAt, conversions.id, decodeCursor(opts.cursor)),
      ),
    )
    .orderBy(desc(conversions.createdAt), desc(conversions.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, conversionView);
}

export async function getApiConversion(db: Db, merchantId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select(conversionColumns)
    .from(conversions)
    .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
    .where(and(eq(conversions.merchantId, merchantId), eq(conversions.id, id)));
  return row ? conversionView(row) : undefined;
}

// ── Commissions ──────────────────────────────────────────────────────────────

const commissionColumns = {
  id: commissions.id,
  cursorAt: cursorTime(commissions.createdAt),
  conversionId: commissions.conversionId,
  affiliate: affiliates.refId,
  tier: commissions.tier,
  amount: commissions.amount,
  currency: commissions.currency,
  status: commissions.status,
  kind: commissions.kind,
  payoutId: commissions.payoutId,
  createdAt: commissions.createdAt,
};
type CommissionRow = { id: string; conversionId: string; affiliate: string; tier: number; amount: number; currency: string; status: CommissionStatus; kind: 'commission' | 'adjustment'; payoutId: string | null; createdAt: Date };
export const commissionView = (r: CommissionRow) => ({
  id: r.id,
  conversionId: r.conversionId,
  affiliate: r.affiliate,
  tier: r.tier,
  amount: Number(r.amount),
  currency: r.currency,
  status: r.status,
  kind: r.kind,
  payoutId: r.payoutId,
  createdAt: iso(r.createdAt),
});

export async function listApiCommissions(db: Db, merchantId: string, opts: ListOpts & { status?: CommissionStatus; affiliate?: string; conversion?: string }) {
  const affiliateId = await affiliateIdOf(db, merchantId, opts.affiliate);
  if (affiliateId === null || (opts.conversion !== undefined && !isUuid(opts.conversion))) return empty;
  const rows = await db
    .select(commissionColumns)
    .from(commissions)
    .innerJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        opts.status ? eq(commissions.status, opts.status) : undefined,
        affiliateId ? eq(commissions.affiliateId, affiliateId) : undefined,
        opts.conversion ? eq(commissions.conversionId, opts.conversion) : undefined,
        before(commissions.createdAt, commissions.id, decodeCursor(opts.cursor)),
      ),
    )
    .orderBy(desc(commissions.createdAt), desc(commissions.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, commissionView);
}

export async function getApiCommission(db: Db, merchantId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select(commissionColumns)
    .from(commissions)
    .innerJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
    .where(and(eq(commissions.merchantId, merchantId), eq(commissions.id, id)));
  return row ? commissionView(row) : undefined;
}

// ── Payouts ──────────────────────────────────────────────────────────────────

const payoutColumns = {
  id: payouts.id,
  cursorAt: cursorTime(payouts.createdAt),
  batchId: payouts.batchId,
  affiliate: affiliates.refId,
  amount: payouts.amount,
  currency: payouts.currency,
  status: payouts.status,
  method: payouts.method,
  paidAt: payouts.paidAt,
  createdAt: payouts.createdAt,
};
type PayoutRow = { id: string; batchId: string; affiliate: string; amount: number; currency: string; status: 'pending' | 'paid'; method: string | null; paidAt: Date | null; createdAt: Date };
export const payoutView = (r: PayoutRow) => ({
  id: r.id,
  batchId: r.batchId,
  affiliate: r.affiliate,
  amount: Number(r.amount),
  currency: r.currency,
  status: r.status,
  method: r.method,
  paidAt: r.paidAt ? iso(r.paidAt) : null,
  createdAt: iso(r.createdAt),
});

export async function listApiPayouts(db: Db, merchantId: string, opts: ListOpts) {
  const rows = await db
    .select(payoutColumns)
    .from(payouts)
    .innerJoin(affiliates, eq(affiliates.id, payouts.affiliateId))
    .where(and(eq(payouts.merchantId, merchantId), before(payouts.createdAt, payouts.id, decodeCursor(opts.cursor))))
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, payoutView);
}

export async function getApiPayout(db: Db, merchantId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select(payoutColumns)
    .from(payouts)
    .innerJoin(affiliates, eq(affiliates.id, payouts.affiliateId))
    .where(and(eq(payouts.merchantId, merchantId), eq(payouts.id, id)));
  return row ? payoutView(row) : undefined;
}

// ── Coupons ──────────────────────────────────────────────────────────────────

const couponColumns = {
  id: coupons.id,
  cursorAt: cursorTime(coupons.createdAt),
  code: coupons.code,
  affiliate: affiliates.refId,
  campaign: coupons.campaignId,
  active: coupons.active,
  createdAt: coupons.createdAt,
};
const couponView = (r: { code: string; affiliate: string; campaign: string | null; active: boolean; createdAt: Date }) => ({
  code: r.code,
  affiliate: r.affiliate,
  campaign: r.campaign,
  active: r.active,
  createdAt: iso(r.createdAt),
});

export async function listApiCoupons(db: Db, merchantId: string, opts: ListOpts) {
  const rows = await db
    .select(couponColumns)
    .from(coupons)
    .innerJoin(affiliates, eq(affiliates.id, coupons.affiliateId))
    .where(and(eq(coupons.merchantId, merchantId), before(coupons.createdAt, coupons.id, decodeCursor(opts.cursor))))
    .orderBy(desc(coupons.createdAt), desc(coupons.id))
    .limit(opts.limit + 1);
  return pageOf(rows, opts.limit, couponView);
}

/** A coupon by code (matched case-insensitively: codes are stored upper-case), with its id. */
export async function findApiCoupon(db: Db, merchantId: string, code: string) {
  const [row] = await db
    .select(couponColumns)
    .from(coupons)
    .innerJoin(affiliates, eq(affiliates.id, coupons.affiliateId))
    .where(and(eq(coupons.merchantId, merchantId), eq(coupons.code, code.trim().toUpperCase())));
  return row ? { id: row.id, view: couponView(row) } : undefined;
}

export async function getApiCouponById(db: Db, merchantId: string, id: string) {
  const [row] = await db
    .select(couponColumns)
    .from(coupons)
    .innerJoin(affiliates, eq(affiliates.id, coupons.affiliateId))
    .where(and(eq(coupons.merchantId, merchantId), eq(coupons.id, id)));
  return row ? couponView(row) : undefined;
}
