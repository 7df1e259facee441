// Payouts: what is owed per affiliate, batches, marking paid.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { autoApproveDue } from '../../commissions/review';
import { createBatchSchema, createPayoutBatch, markPaid, markPaidSchema, owedOverMinimum, owedSchema, paypalPayouts } from '../../payouts';
import { getPayoutBatch, listPayoutBatches } from '../../queries/payouts';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

export const payoutsRouter = router({
  /** Opening Payouts first applies the campaigns' "auto-approve after N days" (there is no scheduler). */
  owed: merchantProcedure.input(owedSchema.default({})).query(async ({ ctx, input }) => {
    await autoApproveDue(ctx.db, ctx.merchantId, new Date());
    return owedOverMinimum(ctx.db, ctx.merchantId, input);
  }),
  batches: merchantProcedure.query(({ ctx }) => listPayoutBatches(ctx.db, ctx.merchantId)),
  batch: merchantProcedure.input(z.object({ batchId: z.string().max(64) })).query(async ({ ctx, input }) => {
    const payouts = await getPayoutBatch(ctx.db, ctx.merchantId, input.batchId);
    if (payouts.length === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such payout batch.' });
    const summary = (await listPayoutBatches(ctx.db, ctx.merchantId, Number.MAX_SAFE_INTEGER)).find((b) => b.batchId === payouts[0]!.batchId);
    return {
      batchId: payouts[0]!.batchId,
      name: summary?.name ?? payouts[0]!.createdAt.toISOString().slice(0, 10),
      payouts,
      paypalCurrencies: paypalPayouts(payouts).currencies,
      missingDetails: payouts.filter((p) => p.status === 'pending' && !(p.method ?? p.payoutMethod)).length,
    };
  }),
  createBatch: merchantWriteProcedure
    .input(createBatchSchema)
    .mutation(({ ctx, input }) => createPayoutBatch(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
  markPaid: merchantWriteProcedure
    .input(markPaidSchema)
    .mutation(({ ctx, input }) => markPaid(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
});
