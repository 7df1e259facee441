import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { commissionStatuses } from '@/db/schema';
import { getAffiliateWithProgram } from '../../queries/affiliates';
import { getAffiliateCommission, listAffiliateCommissions } from '../../queries/commissions';
import { overview } from '../../queries/overview';
import { affiliateProcedure, router } from '../init';
import { daysAgo } from './merchant';

export const affiliateRouter = router({
  me: affiliateProcedure.query(async ({ ctx }) => {
    const row = await getAffiliateWithProgram(ctx.db, ctx.merchantId, ctx.affiliateId);
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'Your affiliate account no longer exists.' });
    const { affiliate, program } = row;
    return {
      refId: affiliate.refId,
      name: affiliate.name,
      email: affiliate.email,
      status: affiliate.status,
      program,
    };
  }),
  overview: affiliateProcedure
    .input(z.object({ days: z.number().int().min(1).max(3660).default(30) }).default({ days: 30 }))
    .query(({ ctx, input }) =>
      overview(ctx.db, ctx.merchantId, { since: daysAgo(input.days), affiliateId: ctx.affiliateId }),
    ),
  commissions: router({
    list: affiliateProcedure
      .input(z.object({ status: z.enum(commissionStatuses).optional() }).default({}))
      .query(({ ctx, input }) => listAffiliateCommissions(ctx.db, ctx.merchantId, ctx.affiliateId, input)),
    byId: affiliateProcedure.input(z.object({ id: z.string().max(64) })).query(async ({ ctx, input }) => {
      const row = await getAffiliateCommission(ctx.db, ctx.merchantId, ctx.affiliateId, input.id);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such commission.' });
      return row;
    }),
  }),
});
