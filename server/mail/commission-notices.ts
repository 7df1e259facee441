// A new commission's notice: one outbox row naming the commission, which the worker turns
// into the affiliate's mail (server/mail/notify.ts). Kept small and free of the mail
// templates: the tracker writes these rows inside its own statements.
import type { Tx } from '@/db';
import { enqueueOutbox } from '../outbox/enqueue';

export const COMMISSION_NOTICE_KIND = 'notify.commission_created';
export const COMMISSION_NOTICE_KEY_PREFIX = 'notice:commission_created:';
export const commissionNoticeKey = (commissionId: string) => `${COMMISSION_NOTICE_KEY_PREFIX}${commissionId}`;

/** Notes new commissions for their affiliates' mails (the tracker's batched INSERT notes its own in SQL). */
export async function noteCommissions(tx: Tx, merchantId: string, commissionIds: string[]): Promise<void> {
  for (const id of commissionIds)
    await enqueueOutbox(tx, { merchantId, kind: COMMISSION_NOTICE_KIND, payload: { commissionId: id }, dedupeKey: commissionNoticeKey(id) });
}
