// An affiliate joins a program from its sign-up page: the affiliate, its login,
// and — when it came through another affiliate's link — its parent for tier 2.
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { affiliates, merchants, users } from '@/db/schema';
import { hashPassword } from '../auth/password';
import { assertStrongPassword } from '../auth/password-rules';
import { AppError } from '../errors';
import { notifyApplication } from '../mail/notify';
import { invalidateLookups } from '../tracking/lookups';
import { affiliateJoinSchema, type AffiliateJoinInput } from './schemas';
import { emitAffiliateEvent } from '../outgoing-webhooks/emit';

export async function joinProgram(
  db: Db,
  accountId: string,
  raw: AffiliateJoinInput,
): Promise<{ refId: string; status: 'pending' | 'approved' }> {
  const input = affiliateJoinSchema.parse(raw);
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, accountId));
  if (!merchant) throw new AppError('unknown_account', 'This affiliate program does not exist.');
  let parentId: string | null = null;
  if (input.parent) {
    const [parent] = await db
      .select({ id: affiliates.id })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, accountId), eq(affiliates.refId, input.parent), eq(affiliates.status, 'approved')));
    // A stale or mistyped referral link still lets the person join, just without a parent.
    parentId = parent?.id ?? null;
  }
  assertStrongPassword(input.password, [input.email, input.name, merchant.name, accountId]);
  const passwordHash = await hashPassword(input.password);
  const status = merchant.autoApproveAffiliates ? 'approved' : 'pending';
  const base = slug(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const refId = `${base}-${Math.random().toString(36).slice(2, 6)}`;
    try {
      return await db.transaction(async (tx) => {
        const taken = await tx.execute(sql`select 1 from users where lower(email) = ${input.email} limit 1`);
        if (rowsOf(taken).length > 0) throw new AppError('conflict', 'email: this email cannot be used for a new account. If it is yours, sign in with it instead.');
        const [affiliate] = await tx
          .insert(affiliates)
          .values({
            merchantId: accountId,
            refId,
            name: input.name,
            email: input.email,
            status,
            parentId,
            website: input.website || null,
            promotionMethod: input.promotionMethod,
          })
          .onConflictDoNothing()
          .returning();
        if (!affiliate) throw new RefIdTaken();
        await tx.insert(users).values({
          merchantId: accountId,
          role: 'affiliate',
          email: input.email,
          name: input.name,
          passwordHash,
          affiliateId: affiliate.id,
        });
        // The team hears of the application (and an auto-approved affiliate is welcomed) once this commits.
        await notifyApplication(tx, accountId, affiliate);
        await emitAffiliateEvent(tx, accountId, 'affiliate.created', affiliate.id);
        if (status === 'approved') await emitAffiliateEvent(tx, accountId, 'affiliate.approved', affiliate.id);
        invalidateLookups();
        return { refId, status };
      });
    } catch (err) {
      if (!(err instanceof RefIdTaken)) throw err;
    }
  }
  throw new AppError('conflict', 'Could not choose a referral id; try again.');
}

class RefIdTaken extends Error {}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  return s || 'affiliate';
}
