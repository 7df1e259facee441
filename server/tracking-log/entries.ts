// What each tracking edge hands to the log: the request as it arrived, its outcome and
// the attribution steps tried. The edges call these around the call that records; the
// answer is returned at once and the entry is written afterwards (./writer.ts).
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, conversions, type NewTrackingLogRow, type TrackingLogOutcome } from '@/db/schema';
import type { AttributionStep } from '../attribution/trace';
import { AppError } from '../errors';
import { parseAmount } from '../money';
import type { ConversionRequest, ConversionResult } from '../tracking/record-conversion';
import type { RefundRequest, RefundResult } from '../tracking/record-refund';
import { merchantCampaigns } from '../tracking/lookups';
import type { DeliveryOutcome, ParsedWebhook } from '../webhooks/handle-webhook';
import { logTracking } from './writer';

const clip = (s: string | null | undefined, n = 500) => (s == null ? null : s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** What an error tells the merchant: a refusal's own message, or that it failed on our side (the details go to the server's log). */
function failure(err: unknown): { outcome: TrackingLogOutcome; message: string } {
  if (err instanceof AppError && err.status < 500) return { outcome: 'rejected', message: `${err.status} ${err.code}: ${err.message}` };
  if (err instanceof AppError && err.code === 'unavailable') return { outcome: 'error', message: `Not recorded: ${err.message}` };
  return { outcome: 'error', message: 'Not recorded because of an error on our side; the caller was answered with an error and may send it again.' };
}

/** Minor units of a major-unit amount as sent, or null when it does not parse. */
function minorOf(value: unknown, currency: string | undefined): number | null {
  if (value === undefined || value === null || !currency) return null;
  try {
    return parseAmount(value, currency, 'amount');
  } catch {
    return null;
  }
}

/** The request's own fields, as they arrived. */
function arrived(req: Omit<ConversionRequest, 'merchantId' | 'source'>) {
  return {
    orderId: clip(req.orderId, 255),
    actionCode: req.actionCode || null,
    visitorId: clip(req.visitorId, 255),
    coupon: clip(req.coupon, 255),
    customerId: clip(req.customerId, 255),
    customerEmail: clip(req.customerEmail, 320),
  };
}

/**
 * /t/sale: awaits the recording, logs it (after the answer) and returns the answer without its trace.
 * A refused or failed recording is logged too, and rethrown.
 */
export async function logSale(db: Db, req: ConversionRequest, recording: Promise<ConversionResult>): Promise<Omit<ConversionResult, 'trace'>> {
  const kind = req.actionCode ? 'action' : 'sale';
  const entry = async (outcome: Partial<NewTrackingLogRow> & { outcome: TrackingLogOutcome }, currencyHint?: string): Promise<NewTrackingLogRow> => {
    const currency = req.currency ?? currencyHint ?? (await merchantCampaigns(db, req.merchantId)).default?.currency;
    return {
      merchantId: req.merchantId,
      kind,
      source: req.source,
      ...arrived(req),
      amount: req.totalMinor ?? minorOf(req.total, currency),
      currency: currency ?? null,
      ...outcome,
    };
  };
  try {
    const { trace, ...result } = await recording;
    logTracking(db, () =>
      entry(
        {
          outcome: result.status,
          conversionId: result.conversionId,
          affiliateRefId: result.affiliate,
          method: result.method,
          steps: trace ?? [],
          message: result.status === 'duplicate' ? 'This order was recorded before: nothing new was recorded.' : null,
        },
        // The conversion's currency is its commissions'.
        result.commissions[0]?.currency,
      ),
    );
    return result;
  } catch (err) {
    logTracking(db, () => entry(failure(err)));
    throw err;
  }
}

/** /t/refund: the same for a refund. */
export async function logRefund(db: Db, req: RefundRequest, recording: Promise<RefundResult>): Promise<RefundResult> {
  const base = { merchantId: req.merchantId, kind: 'refund' as const, source: 'api', orderId: clip(req.orderId, 255), actionCode: req.actionCode || null };
  try {
    const result = await recording;
    logTracking(db, () => ({
      ...base,
      amount: req.amountMinor ?? minorOf(req.amount, result.currency),
      currency: result.currency,
      outcome: result.changed ? 'refunded' : 'duplicate',
      conversionId: result.conversionId,
      affiliateRefId: result.commissions.find((c) => c.tier === 1)?.affiliate ?? null,
      message: result.changed
        ? `Refunded ${result.refunded} minor units in all; commissions adjusted.`
        : 'This refund was recorded before, or nothing is left to refund: nothing changed.',
    }));
    return result;
  } catch (err) {
    logTracking(db, () => ({ ...base, amount: req.amountMinor ?? null, ...failure(err) }));
    throw err;
  }
}

/** What a webhook delivery did, as handleWebhook knows it. */
export interface WebhookLogEntry {
  eventType?: string;
  outcome: DeliveryOutcome;
  conversionId?: string;
  error?: string;
}

const webhookOutcome: Record<DeliveryOutcome, TrackingLogOutcome> = {
  attributed: 'attributed',
  unattributed: 'unattributed',
  duplicate: 'duplicate',
  refunded: 'refunded',
  ignored: 'ignored',
  rejected: 'rejected',
  failed: 'error',
};

/**
 * A webhook delivery, after its transaction. The conversion it names is read back (by its
 * primary key, after the answer) for the amount and the affiliate credited.
 */
export function logWebhook(
  db: Db,
  merchantId: string,
  provider: string,
  delivery: WebhookLogEntry,
  event?: ParsedWebhook,
  trace?: AttributionStep[],
): void {
  logTracking(db, async () => {
    const action = event?.action;
    const sale = action?.kind === 'sale' || action?.kind === 'renewal' ? action.sale : undefined;
    const row: NewTrackingLogRow = {
      merchantId,
      kind: 'webhook',
      source: `webhook:${provider}`,
      eventType: clip(delivery.eventType ?? event?.eventType, 200),
      ...(sale ? arrived(sale) : {}),
      ...(action?.kind === 'refund' ? { orderId: clip(action.orderIds[0], 255), actionCode: action.actionCode || null } : {}),
      ...(action?.kind === 'subscription' ? { orderId: clip(action.orderId, 255) } : {}),
      amount: sale?.totalMinor ?? (action?.kind === 'refund' ? (action.amountMinor ?? null) : null),
      currency: sale?.currency ?? null,
      outcome: webhookOutcome[delivery.outcome],
      message: clip(delivery.error),
      steps: trace ?? [],
      conversionId: delivery.conversionId ?? null,
    };
    if (delivery.conversionId) {
      const [conv] = await db
        .select({ orderId: conversions.orderId, total: conversions.total, currency: conversions.currency, method: conversions.method, refId: affiliates.refId })
        .from(conversions)
        .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
        .where(and(eq(conversions.merchantId, merchantId), eq(conversions.id, delivery.conversionId)));
      if (conv) {
        row.orderId ??= conv.orderId;
        if (action?.kind !== 'refund') row.amount = conv.total;
        row.currency = conv.currency;
        row.affiliateRefId = conv.refId;
        row.method = conv.method;
      }
    }
    return row;
  });
}
