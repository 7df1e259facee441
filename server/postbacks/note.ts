// Postbacks for commissions credited outside the tracker's batched statement, in the
// caller's transaction. Small on purpose: the tracker imports it.
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { affiliatePostbacks, commissions, conversions } from '@/db/schema';
import { enqueueOutbox } from '../outbox/enqueue';
import { POSTBACK_KIND, postbackKey } from './kinds';

/**
 * Postbacks for commissions credited outside the tracker's batched statement (a verified
 * report revising a conversion, credit by hand), in the caller's transaction: one per tier-1,
 * undeclined commission of a non-test conversion whose affiliate has a usable postback.
 */
export async function notePostbacks(tx: Tx, merchantId: string, commissionIds: string[]): Promise<void> {
  if (commissionIds.length === 0) return;
  const rows = await tx
    .select({ id: commissions.id, affiliateId: commissions.affiliateId, conversionId: commissions.conversionId, status: commissions.status })
    .from(commissions)
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .innerJoin(
      affiliatePostbacks,
      and(eq(affiliatePostbacks.affiliateId, commissions.affiliateId), eq(affiliatePostbacks.enabled, true), eq(affiliatePostbacks.blockedByMerchant, false)),
    )
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        inArray(commissions.id, commissionIds),
        eq(commissions.tier, 1),
        ne(commissions.status, 'declined'),
        eq(conversions.test, false),
      ),
    );
  for (const r of rows) {
    const payload = { affiliateId: r.affiliateId, conversionId: r.conversionId, commissionId: r.id, status: r.status };
    await enqueueOutbox(tx, { merchantId, kind: POSTBACK_KIND, payload, dedupeKey: postbackKey(r.conversionId, r.affiliateId) });
  }
}
