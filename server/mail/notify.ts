// The notifications, each written with the transaction of the change it tells of: a new
// application (to the merchant's team), approved / declined and payouts paid (to the
// affiliate). A new commission is noted by its commission id alone — one more row in the
// sale's own INSERT, nothing read — and rendered by the worker (`notify.commission_created`).
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, type Tx } from '@/db';
import { affiliates, commissions, payouts, users, type Affiliate } from '@/db/schema';
import { exponentialBackoff, PermanentError, registerOutboxHandler } from '../outbox';
import { enqueueMail } from './enqueue-mail';
import { COMMISSION_NOTICE_KIND } from './commission-notices';

type AffiliateFacts = Pick<Affiliate, 'id' | 'name' | 'email' | 'refId' | 'status' | 'website' | 'promotionMethod'>;

/** The merchant's team: every merchant user of the program. */
async function teamOf(tx: Tx, merchantId: string) {
  return tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant')));
}

/** A new affiliate signed up: the team hears of it; one approved at once (auto-approval) is welcomed too. */
export async function notifyApplication(tx: Tx, merchantId: string, affiliate: AffiliateFacts): Promise<void> {
  for (const member of await teamOf(tx, merchantId)) {
    await enqueueMail(tx, {
      merchantId,
      to: member.email,
      toName: member.name,
      userId: member.id,
      kind: 'affiliate_application',
      vars: {
        affiliateId: affiliate.id,
        affiliateName: affiliate.name,
        affiliateEmail: affiliate.email,
        website: affiliate.website,
        promotionMethod: affiliate.promotionMethod,
        status: affiliate.status,
      },
    });
  }
  if (affiliate.status === 'approved') await notifyStatus(tx, merchantId, affiliate, 'pending');
}

/** An affiliate's status changed: approved or declined is told to the affiliate (suspension is not a mail). */
export async function notifyStatus(tx: Tx, merchantId: string, affiliate: AffiliateFacts, before: string): Promise<void> {
  if (before === affiliate.status) return;
  if (affiliate.status === 'approved')
    await enqueueMail(tx, { merchantId, to: affiliate.email, toName: affiliate.name, kind: 'affiliate_approved', vars: { affiliateName: affiliate.name, refId: affiliate.refId } });
  else if (affiliate.status === 'declined')
    await enqueueMail(tx, { merchantId, to: affiliate.email, toName: affiliate.name, kind: 'affiliate_declined', vars: { affiliateName: affiliate.name } });
}

/** Payouts marked paid: each affiliate hears of its own. */
export async function notifyPayoutsPaid(tx: Tx, merchantId: string, payoutIds: string[]): Promise<void> {
  if (payoutIds.length === 0) return;
  const rows = await tx
    .select({ id: payouts.id, amount: payouts.amount, currency: payouts.currency, method: payouts.method, name: affiliates.name, email: affiliates.email })
    .from(payouts)
    .innerJoin(affiliates, eq(affiliates.id, payouts.affiliateId))
    .where(and(eq(payouts.merchantId, merchantId), inArray(payouts.id, payoutIds)));
  for (const p of rows)
    await enqueueMail(tx, {
      merchantId,
      to: p.email,
      toName: p.name,
      kind: 'payout_paid',
      vars: { affiliateName: p.name, amount: p.amount, currency: p.currency, method: p.method },
      dedupeKey: `mail:payout_paid:${p.id}`,
    });
}



/** The worker's side of a commission notice: the mail, rendered now, written once (its dedupe key). */
async function deliverCommissionNotice(row: { merchantId: string | null; payload: Record<string, unknown> }): Promise<void> {
  const commissionId = row.payload.commissionId;
  if (typeof commissionId !== 'string' || !row.merchantId) throw new PermanentError('malformed commission notice');
  const merchantId = row.merchantId;
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [c] = await tx
      .select({ amount: commissions.amount, currency: commissions.currency, tier: commissions.tier, status: commissions.status, name: affiliates.name, email: affiliates.email })
      .from(commissions)
      .innerJoin(affiliates, eq(affiliates.id, commissions.affiliateId))
      .where(and(eq(commissions.merchantId, merchantId), eq(commissions.id, commissionId)));
    // Gone (the conversion was replaced) or declined meanwhile: nothing to tell.
    if (!c || c.status === 'declined') return;
    await enqueueMail(tx, {
      merchantId,
      to: c.email,
      toName: c.name,
      kind: 'commission_created',
      vars: { affiliateName: c.name, amount: c.amount, currency: c.currency, tier: c.tier, status: c.status },
      dedupeKey: `mail:commission_created:${commissionId}`,
    });
  });
}

export function registerNotificationHandlers(): void {
  registerOutboxHandler(COMMISSION_NOTICE_KIND, {
    deliver: deliverCommissionNotice,
    backoff: exponentialBackoff({ baseMs: 5_000, maxMs: 600_000, maxAttempts: 20 }),
  });
}
