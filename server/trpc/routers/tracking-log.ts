// Transactions › Tracking log: the search, the affiliates a conversion can be credited to,
// and the credit by hand. Scoped by ctx.merchantId from the procedure kind.
import { z } from 'zod';
import { creditableAffiliates, decodeTrackingLogCursor, listTrackingLog } from '../../queries/tracking-log';
import { creditConversion } from '../../tracking-log';
import { creditSchema } from '../../tracking-log/schemas';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

const term = z.string().trim().max(255).optional();

export const trackingLogRouter = router({
  list: merchantProcedure
    .input(z.object({ cursor: z.string().max(64).optional(), orderId: term, visitorId: term, affiliate: term }).default({}))
    .query(({ ctx, input }) =>
      listTrackingLog(ctx.db, ctx.merchantId, {
        cursor: decodeTrackingLogCursor(input.cursor),
        orderId: input.orderId || undefined,
        visitorId: input.visitorId || undefined,
        affiliateRefId: input.affiliate || undefined,
      }),
    ),
  affiliates: merchantProcedure.query(({ ctx }) => creditableAffiliates(ctx.db, ctx.merchantId)),
  /** Credits an unattributed conversion to an approved affiliate (method `manual`), audited. */
  credit: merchantWriteProcedure
    .input(creditSchema)
    .mutation(({ ctx, input }) => creditConversion(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
});
