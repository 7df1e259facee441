// Settings › Payouts: the minimum (stored in minor units of the default currency), the
// schedule and the methods offered. A bad value is refused and changes nothing.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants } from '@/db/schema';
import { audit, type Actor } from '../audit';
import { AppError } from '../errors';
import { toMajorString } from '../money';
import { minimumIn } from '../payouts/schemas';
import { payoutSettingsSchema, type PayoutSettingsInput } from './schemas';

/** The largest minimum accepted, in minor units (10,000,000.00 in a two-decimal currency). */
const MAX_MINIMUM = 1_000_000_000;

export async function updatePayoutSettings(db: Db, merchantId: string, actor: Actor, raw: PayoutSettingsInput) {
  const input = payoutSettingsSchema.parse(raw);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        currency: merchants.defaultCurrency,
        payoutMinimum: merchants.payoutMinimum,
        payoutSchedule: merchants.payoutSchedule,
        payoutDay: merchants.payoutDay,
        payoutMethods: merchants.payoutMethods,
      })
      .from(merchants)
      .where(eq(merchants.id, merchantId))
      .for('update');
    if (!before) throw new AppError('not_found', 'This account no longer exists.');
    const minimum = minimumIn(input.minimum, before.currency);
    if (minimum > MAX_MINIMUM)
      throw new AppError('invalid_request', `minimum: At most ${toMajorString(MAX_MINIMUM, before.currency)} ${before.currency}.`);
    const next = { payoutMinimum: minimum, payoutSchedule: input.schedule, payoutDay: input.day, payoutMethods: input.methods };
    await tx.update(merchants).set(next).where(eq(merchants.id, merchantId));
    const { currency, ...from } = before;
    await audit(tx, merchantId, actor, 'merchant.payout_settings', { type: 'merchant', id: merchantId }, { from, to: next, currency });
    return next;
  });
}

/** The settings as the panels show them: the minimum in major units of the default currency too. */
export function payoutSettingsView(m: {
  defaultCurrency: string;
  payoutMinimum: number;
  payoutSchedule: 'manual' | 'weekly' | 'monthly';
  payoutDay: number | null;
  payoutMethods: string[];
}) {
  return {
    currency: m.defaultCurrency,
    minimumMinor: m.payoutMinimum,
    minimum: toMajorString(m.payoutMinimum, m.defaultCurrency),
    schedule: m.payoutSchedule,
    day: m.payoutDay,
    methods: m.payoutMethods.filter((x): x is 'paypal' | 'bank_transfer' => x === 'paypal' || x === 'bank_transfer'),
  };
}
