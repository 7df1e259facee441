// Files made from a payout batch: a CSV of every payout with the affiliate's payout
// details, and PayPal's Payouts Web upload file. PayPal's format: no header row;
// per line the recipient's PayPal email, the amount with the currency's decimals,
// the ISO 4217 code, an optional customer id (≤ 30 characters, no spaces), an
// optional note to the recipient (≤ 400 characters) and the wallet `PAYPAL`; one
// currency per file and at most 5,000 lines.
import { toCsv, toCsvRows } from '../csv';
import { AppError } from '../errors';
import { toMajorString } from '../money';
import type { BatchPayout } from '../queries/payouts';

export const PAYPAL_MAX_ROWS = 5000;

export function batchCsv(rows: BatchPayout[]): string {
  return toCsv(
    [
      'payout_id', 'batch_id', 'affiliate_ref_id', 'affiliate_name', 'affiliate_email', 'amount', 'currency', 'status',
      'method', 'paypal_email', 'account_holder', 'iban', 'bic', 'bank_name', 'commissions', 'created_at', 'paid_at',
    ],
    rows.map((p) => {
      const d = p.payoutDetails ?? {};
      return [
        p.id,
        p.batchId,
        p.refId,
        p.name,
        p.email,
        toMajorString(p.amount, p.currency),
        p.currency,
        p.status,
        p.method ?? p.payoutMethod ?? '',
        d.paypalEmail,
        d.accountHolder,
        d.iban,
        d.bic,
        d.bankName,
        p.commissions,
        p.createdAt.toISOString(),
        p.paidAt?.toISOString(),
      ];
    }),
  );
}

/** The unpaid PayPal payouts of a batch, and the currencies they are in. */
export function paypalPayouts(rows: BatchPayout[]) {
  const payable = rows.filter((p) => p.status === 'pending' && (p.method ?? p.payoutMethod) === 'paypal' && p.payoutDetails?.paypalEmail);
  return { payable, currencies: [...new Set(payable.map((p) => p.currency))].sort() };
}

/** PayPal's Payouts Web upload file for one currency of a batch. */
export function paypalFile(rows: BatchPayout[], opts: { currency?: string; programName: string }): { currency: string; csv: string } {
  const { payable, currencies } = paypalPayouts(rows);
  const currency = opts.currency?.toUpperCase() ?? (currencies.length === 1 ? currencies[0] : undefined);
  if (!currency)
    throw new AppError(
      currencies.length ? 'invalid_request' : 'not_found',
      currencies.length
        ? `currency: PayPal takes one currency per file; choose one of ${currencies.join(', ')}.`
        : 'No unpaid PayPal payouts in this batch.',
    );
  const lines = payable.filter((p) => p.currency === currency);
  if (lines.length === 0) throw new AppError('not_found', `No unpaid PayPal payouts in ${currency} in this batch.`);
  if (lines.length > PAYPAL_MAX_ROWS) throw new AppError('invalid_request', `PayPal takes at most ${PAYPAL_MAX_ROWS} payouts per file.`);
  const note = `Affiliate commissions from ${opts.programName}`.slice(0, 400);
  return {
    currency,
    csv: toCsvRows(
      lines.map((p) => [
        p.payoutDetails!.paypalEmail!,
        toMajorString(p.amount, p.currency),
        p.currency,
        /^[A-Za-z0-9._-]{1,30}$/.test(p.refId) ? p.refId : '',
        note,
        'PAYPAL',
      ]),
    ),
  };
}
