// Read models about affiliates. Every function takes the tenant first.
import { and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, auditLog, merchants, users, type AffiliateStatus } from '@/db/schema';
import { pendingInvitations } from '../auth/account-tokens';

export async function getAffiliate(db: Db, merchantId: string, affiliateId: string) {
  if (!isUuid(affiliateId)) return undefined;
  const [row] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
  return row;
}

/** When the affiliate last changed its payout details (audit log), if ever. */
export async function payoutDetailsChangedAt(db: Db, merchantId: string, affiliateId: string): Promise<Date | null> {
  if (!isUuid(affiliateId)) return null;
  const [row] = await db
    .select({ at: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.merchantId, merchantId), eq(auditLog.action, 'affiliate.payout_details'), eq(auditLog.targetId, affiliateId)))
    .orderBy(desc(auditLog.createdAt))
    .limit(1);
  return row?.at ?? null;
}

export async function listAffiliates(
  db: Db,
  merchantId: string,
  opts: { status?: AffiliateStatus; search?: string; limit?: number; sort?: AffiliateSort; offset?: number } = {},
) {
  const search = opts.search?.trim();
  const order =
    opts.sort === 'name' ? [asc(affiliates.name), asc(affiliates.id)] : opts.sort === 'oldest' ? [asc(affiliates.createdAt), asc(affiliates.id)] : [desc(affiliates.createdAt), desc(affiliates.id)];
  return db
    .select({
      id: affiliates.id,
      refId: affiliates.refId,
      name: affiliates.name,
      email: affiliates.email,
      status: affiliates.status,
      createdAt: affiliates.createdAt,
    })
    .from(affiliates)
    .where(
      and(
        eq(affiliates.merchantId, merchantId),
        opts.status ? eq(affiliates.status, opts.status) : undefined,
        search
          ? or(
              ilike(affiliates.name, `%${escapeLike(search)}%`),
              ilike(affiliates.email, `%${escapeLike(search)}%`),
              ilike(affiliates.refId, `%${escapeLike(search)}%`),
            )
          : undefined,
      ),
    )
    .orderBy(...order)
    .limit(opts.limit ?? 50)
    .offset(opts.offset ?? 0);
}

export const affiliateSorts = ['newest', 'oldest', 'name'] as const;
export type AffiliateSort = (typeof affiliateSorts)[number];

/** The signed-in affiliate with the program it belongs to. */
export async function getAffiliateWithProgram(db: Db, merchantId: string, affiliateId: string) {
  const [row] = await db
    .select({
      affiliate: affiliates,
      program: { id: merchants.id, name: merchants.name, websiteUrl: merchants.websiteUrl },
    })
    .from(affiliates)
    .innerJoin(merchants, eq(merchants.id, affiliates.merchantId))
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
  return row;
}

export function countAffiliatesByStatus(db: Db, merchantId: string) {
  return db
    .select({ status: affiliates.status, n: sql<number>`count(*)::int` })
    .from(affiliates)
    .where(eq(affiliates.merchantId, merchantId))
    .groupBy(affiliates.status);
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id that is not a UUID cannot name a row: answer "not found" without asking the database. */
export function isUuid(id: string): boolean {
  return UUID_RE.test(id);
}

/** The affiliate's login as the merchant sees it: none, invited (until when) or active; undefined: not the merchant's affiliate. */
export async function affiliateLogin(db: Db, merchantId: string, affiliateId: string) {
  if (!isUuid(affiliateId) || !(await getAffiliate(db, merchantId, affiliateId))) return undefined;
  const [user] = await db
    .select({ id: users.id, pending: sql<boolean>`${users.passwordHash} = ''` })
    .from(users)
    .where(and(eq(users.merchantId, merchantId), eq(users.affiliateId, affiliateId)));
  if (!user) return { state: 'none' as const, invitationExpiresAt: null };
  if (!user.pending) return { state: 'active' as const, invitationExpiresAt: null };
  const expiresAt = (await pendingInvitations(db, merchantId)).get(user.id) ?? null;
  return { state: expiresAt ? ('invited' as const) : ('invitation_expired' as const), invitationExpiresAt: expiresAt };
}
