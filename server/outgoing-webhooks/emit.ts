// The contract's events (PLATFORM-API.md §3) as the core's changes make them, each called
// with the transaction of the change: the resource in `data` is the REST API's view of it,
// read inside that transaction (only when some endpoint listens).
import type { Db, Tx } from '@/db';
import type { WebhookEventType } from '@/db/schema';
import { affiliateView, findApiAffiliateById, getApiCommission, getApiConversion, getApiPayout } from '../api/resources';
import { emitWebhookEvent } from './events';

const asDb = (tx: Tx) => tx as unknown as Db;

export async function emitAffiliateEvent(tx: Tx, merchantId: string, type: 'affiliate.created' | 'affiliate.approved' | 'affiliate.declined', affiliateId: string) {
  await emitWebhookEvent(tx, merchantId, type, async () => {
    const row = await findApiAffiliateById(asDb(tx), merchantId, affiliateId);
    return row ? affiliateView(row) : { id: affiliateId };
  });
}

export async function emitCommissionEvents(tx: Tx, merchantId: string, type: 'commission.created' | 'commission.approved' | 'commission.declined' | 'commission.paid', ids: string[]) {
  for (const id of ids) await emitWebhookEvent(tx, merchantId, type, async () => getApiCommission(asDb(tx), merchantId, id));
}

/** conversion.created for each new conversion, and commission.created for each of its commissions. */
export async function emitConversionsCreated(tx: Tx, merchantId: string, conversionIds: string[], commissionIdsOf: (conversionId: string) => Promise<string[]>) {
  for (const id of conversionIds) {
    await emitWebhookEvent(tx, merchantId, 'conversion.created', async () => getApiConversion(asDb(tx), merchantId, id));
    await emitCommissionEvents(tx, merchantId, 'commission.created', await commissionIdsOf(id));
  }
}

export async function emitRefundCreated(tx: Tx, merchantId: string, data: Record<string, unknown>) {
  await emitWebhookEvent(tx, merchantId, 'refund.created', data);
}

export async function emitPayoutsPaid(tx: Tx, merchantId: string, payoutIds: string[]) {
  for (const id of payoutIds) await emitWebhookEvent(tx, merchantId, 'payout.paid', async () => getApiPayout(asDb(tx), merchantId, id));
}

export type { WebhookEventType };
