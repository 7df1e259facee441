// The hold on flagged commissions. A conversion with fraud flags keeps its commissions
// at their normal status (the contract), but until a merchant user reviews it they are
// not auto-approved and not paid. One definition, used by auto-approval, the owed
// balances, payout batches and the panels.
import { sql } from 'drizzle-orm';
import { commissions, conversions } from '@/db/schema';

/** True for a conversion whose flags nobody has reviewed yet (needs `conversions` in the query). */
export const awaitingReview = sql<boolean>`(cardinality(${conversions.flags}) > 0 and ${conversions.reviewedAt} is null)`;

/**
 * A commission that may be paid or auto-approved as far as fraud goes (needs `commissions`
 * joined to `conversions`). A refund's negative adjustment is never held: holding it
 * would pay the affiliate too much.
 */
export const releasedForPayment = sql<boolean>`(not ${conversions.test} and (${commissions.kind} = 'adjustment' or not ${awaitingReview}))`;
