// Payout forms, shared by the browser (errors next to the field) and the server.
import { z } from 'zod';
import { AppError } from '../errors';
import { parseAmount } from '../money';

/** The minimum payout, in major units of each currency (50.00 → $50.00, €50.00, ¥50). */
export const minimumSchema = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,4})?$/, 'Enter an amount such as 50.00.');

/** Without a minimum, the program's own (Settings › Payouts). */
export const owedSchema = z.object({ minimum: minimumSchema.optional() });

export const createBatchSchema = z.object({
  minimum: minimumSchema.optional(),
  items: z
    .array(z.object({ affiliateId: z.string().max(64), currency: z.string().length(3) }))
    .min(1, 'Select at least one affiliate to pay.')
    .max(1000, 'At most 1,000 payouts in one batch.'),
});
export type CreateBatchInput = z.input<typeof createBatchSchema>;

export const markPaidSchema = z.union([
  z.object({ batchId: z.string().max(64) }),
  z.object({ payoutId: z.string().max(64) }),
]);
export type MarkPaidInput = z.input<typeof markPaidSchema>;

/**
 * The minimum in a currency's minor units. Zeros past the currency's decimals are
 * dropped (50.00 in JPY is 50); other extra decimals are refused next to the field.
 */
export function minimumIn(minimum: string, currency: string): number {
  const [whole, frac = ''] = minimum.split('.');
  const trimmed = frac.replace(/0+$/, '');
  try {
    return parseAmount(trimmed ? `${whole}.${trimmed}` : whole, currency, 'minimum');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_request', 'minimum: Enter an amount such as 50.00.');
  }
}
