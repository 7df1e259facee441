// GDPR tools of Settings › Privacy: everything stored about one affiliate as one JSON document
// (a subject access request), and the erasure of one customer of the merchant's shop by e-mail
// or customer id. Both are scoped by the merchant id the caller's session resolved to.
import { and, asc, eq, getTableColumns, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import {
  affiliateCommissionGroups,
  affiliateSignInIps,
  affiliates,
  auditLog,
  clicks,
  commissionGroups,
  commissions,
  conversions,
  coupons,
  customers,
  payouts,
  trackingLog,
  users,
} from '@/db/schema';
import { audit, type AuditActor } from '../audit';
import { AppError } from '../errors';
import { isUuid } from '../queries/affiliates';
import type { EraseCustomerInput } from './schemas';

/** Rows read per query while the export streams (clicks, conversions, commissions). */
const PAGE = 2_000;

const json = (v: unknown) => JSON.stringify(v);

/**
 * The export, in chunks of one JSON object: `{ exportedAt, merchantId, affiliate, users, payoutDetails,
 * commissionGroups, links: { refId, coupons, lifetimeCustomers }, signInIps, clicks, conversions,
 * commissions, payouts, auditLog }`. Clicks and conversions come without the visitor's or
 * customer's IP address, user agent, e-mail and customer id: those are other people's data. The long lists are read page by page (keyset), so an
 * affiliate with millions of clicks streams in constant memory. `affiliate` is its referral id (or id);
 * not found (another merchant's affiliate, or none) throws before the first chunk.
 */
export async function exportAffiliateData(
  db: Db,
  merchantId: string,
  affiliate: string,
): Promise<{ affiliateId: string; chunks: AsyncGenerator<string> }> {
  const ref = affiliate.trim();
  if (!ref || ref.length > 200) throw new AppError('invalid_request', 'Name the affiliate by its referral id.');
  const [row] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), isUuid(ref) ? or(eq(affiliates.id, ref), eq(affiliates.refId, ref)) : eq(affiliates.refId, ref)))
    .limit(1);
  if (!row) throw new AppError('not_found', `No affiliate of this program has the referral id “${ref}”.`);
  return { affiliateId: row.id, chunks: chunks(db, merchantId, row) };
}

async function* chunks(db: Db, merchantId: string, affiliate: typeof affiliates.$inferSelect): AsyncGenerator<string> {
  const affiliateId = affiliate.id;
  const { payoutDetails, payoutMethod, ...profile } = affiliate;
  const accounts = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      createdAt: users.createdAt,
      lastSignInAt: users.lastSignInAt,
      lastSignInIp: users.lastSignInIp,
      twoFactorEnabledAt: users.totpEnabledAt,
    })
    .from(users)
    .where(and(eq(users.merchantId, merchantId), eq(users.affiliateId, affiliateId)));
  const groups = await db
    .select({ id: commissionGroups.id, name: commissionGroups.name })
    .from(affiliateCommissionGroups)
    .innerJoin(commissionGroups, eq(commissionGroups.id, affiliateCommissionGroups.groupId))
    .where(and(eq(affiliateCommissionGroups.merchantId, merchantId), eq(affiliateCommissionGroups.affiliateId, affiliateId)));
  const own = (t: { merchantId: AnyPgColumn; affiliateId: AnyPgColumn }) => and(eq(t.merchantId, merchantId), eq(t.affiliateId, affiliateId));
  const couponRows = await db.select().from(coupons).where(own(coupons));
  // The customers an affiliate referred for life, without the customer's e-mail or id (their data).
  const { customerKey: _key, ...lifetimeColumns } = getTableColumns(customers);
  const lifetime = await db.select(lifetimeColumns).from(customers).where(own(customers)).orderBy(asc(customers.createdAt));
  const signInIps = await db.select().from(affiliateSignInIps).where(own(affiliateSignInIps));
  const payoutRows = await db.select().from(payouts).where(own(payouts)).orderBy(asc(payouts.createdAt));

  yield `{"exportedAt":${json(new Date())},"merchantId":${json(merchantId)},"affiliate":${json(profile)}`;
  yield `,"users":${json(accounts)},"payoutDetails":${json({ method: payoutMethod, details: payoutDetails })}`;
  yield `,"commissionGroups":${json(groups)},"links":${json({ refId: affiliate.refId, coupons: couponRows, lifetimeCustomers: lifetime })}`;
  yield `,"signInIps":${json(signInIps)}`;

  // A visitor's or customer's address, browser and e-mail are theirs, not the affiliate's: left out.
  const { ip: _ip, userAgent: _ua, ...clickColumns } = getTableColumns(clicks);
  const { ip: _cip, userAgent: _cua, customerEmail: _ce, customerId: _cid, ...conversionColumns } = getTableColumns(conversions);
  yield* list('clicks', (after) =>
    db
      .select(clickColumns)
      .from(clicks)
      .where(and(own(clicks), after === undefined ? undefined : gt(clicks.id, Number(after))))
      .orderBy(asc(clicks.id))
      .limit(PAGE),
  );
  yield* list('conversions', (after) =>
    db
      .select(conversionColumns)
      .from(conversions)
      .where(and(own(conversions), after === undefined ? undefined : gt(conversions.id, String(after))))
      .orderBy(asc(conversions.id))
      .limit(PAGE),
  );
  yield* list('commissions', (after) =>
    db
      .select()
      .from(commissions)
      .where(and(own(commissions), after === undefined ? undefined : gt(commissions.id, String(after))))
      .orderBy(asc(commissions.id))
      .limit(PAGE),
  );
  yield `,"payouts":${json(payoutRows)}`;

  // What the merchant's audit log says about the affiliate, or what its users did.
  const userIds = accounts.map((u) => u.id);
  const about: SQL[] = [and(eq(auditLog.targetType, 'affiliate'), eq(auditLog.targetId, affiliateId))!];
  if (userIds.length) {
    about.push(and(eq(auditLog.targetType, 'user'), inArray(auditLog.targetId, userIds))!);
    about.push(inArray(auditLog.actorUserId, userIds));
  }
  yield* list('auditLog', (after) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, merchantId), or(...about), after === undefined ? undefined : gt(auditLog.id, Number(after))))
      .orderBy(asc(auditLog.id))
      .limit(PAGE),
  );
  yield '}\n';
}

/** `,"name":[…]` read in keyset pages by `id`. */
async function* list<R extends { id: string | number }>(name: string, page: (after: string | number | undefined) => Promise<R[]>) {
  yield `,${json(name)}:[`;
  let after: string | number | undefined;
  let first = true;
  for (;;) {
    const rows = await page(after);
    if (rows.length) {
      yield (first ? '' : ',') + rows.map(json).join(',');
      first = false;
      after = rows[rows.length - 1]!.id;
    }
    if (rows.length < PAGE) break;
  }
  yield ']';
}

export interface ErasureResult {
  conversions: number;
  lifetimeLinks: number;
  trackingLog: number;
}

/**
 * Erases one customer: their conversions stay (the affiliates' commissions rest on them) with the
 * personal fields removed — customer e-mail and id, IP address, user agent —, the lifetime links
 * that tied them to an affiliate are deleted (under every key their conversions named), and the
 * tracking log forgets their e-mail and id. One transaction, one audit row (which names how, not who).
 * Nothing stored about them: `not_found`, nothing changed.
 */
export async function eraseCustomer(db: Db, merchantId: string, actor: AuditActor, input: EraseCustomerInput): Promise<ErasureResult> {
  const value = input.value.trim();
  const email = value.toLowerCase();
  const match = (col: { customerEmail: AnyPgColumn; customerId: AnyPgColumn }) =>
    input.by === 'email' ? sql`lower(${col.customerEmail}) = ${email}` : eq(col.customerId, value);
  return db.transaction(async (tx) => {
    const matched = await tx
      .select({ id: conversions.id, customerId: conversions.customerId, customerEmail: conversions.customerEmail })
      .from(conversions)
      .where(and(eq(conversions.merchantId, merchantId), match(conversions)))
      .for('update');
    const keys = new Set<string>([input.by === 'email' ? `email:${email}` : `id:${value}`]);
    for (const c of matched) {
      if (c.customerId) keys.add(`id:${c.customerId}`);
      if (c.customerEmail) keys.add(`email:${c.customerEmail.trim().toLowerCase()}`);
    }
    if (matched.length)
      await tx
        .update(conversions)
        .set({ customerEmail: null, customerId: null, ip: null, userAgent: null })
        .where(and(eq(conversions.merchantId, merchantId), inArray(conversions.id, matched.map((c) => c.id))));
    const links = await tx
      .delete(customers)
      .where(and(eq(customers.merchantId, merchantId), inArray(customers.customerKey, [...keys])))
      .returning({ id: customers.id });
    const logged = await tx
      .update(trackingLog)
      .set({ customerEmail: null, customerId: null })
      .where(and(eq(trackingLog.merchantId, merchantId), match(trackingLog)))
      .returning({ id: trackingLog.id });
    const result = { conversions: matched.length, lifetimeLinks: links.length, trackingLog: logged.length };
    if (!result.conversions && !result.lifetimeLinks && !result.trackingLog)
      throw new AppError('not_found', `Nothing is stored about a customer with this ${input.by === 'email' ? 'e-mail' : 'customer id'}; nothing was changed.`);
    await audit(tx, merchantId, actor, 'customer.erase', { type: 'customer', id: input.by }, result);
    return result;
  });
}

/** Audits an export (the route handler calls it before streaming). */
export async function auditAffiliateExport(db: Db, merchantId: string, actor: AuditActor, affiliateId: string): Promise<void> {
  await audit(db, merchantId, actor, 'affiliate.export', { type: 'affiliate', id: affiliateId });
}
