// Transactions > Commissions: the filtered, paginated list and the review actions.
import { z } from 'zod';
import { autoApproveDue, clearFlags, reviewCommissions } from '../../commissions/review';
import { commissionFilterSchema, reviewSchema } from '../../commissions/schemas';
import { pageMerchantCommissions } from '../../queries/commissions';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

export const reviewsRouter = router({
  /** Opening the list first applies the campaigns' "auto-approve after N days" (there is no scheduler). */
  list: merchantProcedure
    .input(z.object({ filter: commissionFilterSchema.prefault({}), cursor: z.string().max(100).optional() }).prefault({}))
    .query(async ({ ctx, input }) => {
      await autoApproveDue(ctx.db, ctx.merchantId, new Date());
      return pageMerchantCommissions(ctx.db, ctx.merchantId, input.filter, { cursor: input.cursor });
    }),
  approve: merchantWriteProcedure
    .input(reviewSchema)
    .mutation(({ ctx, input }) => reviewCommissions(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, 'approve', input)),
  decline: merchantWriteProcedure
    .input(reviewSchema)
    .mutation(({ ctx, input }) => reviewCommissions(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, 'decline', input)),
  /** The merchant reviewed these commissions' flagged conversions: release them for auto-approval and payouts. */
  clearFlags: merchantWriteProcedure
    .input(reviewSchema)
    .mutation(({ ctx, input }) => clearFlags(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
});
