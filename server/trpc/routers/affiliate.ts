import { bannerStats } from '../../queries/banner-stats';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { commissionStatuses } from '@/db/schema';
import { changePassword, updatePayoutDetails, updateProfile } from '../../affiliates/account';
import { endImpersonation } from '../../auth/impersonation';
import { endAllSessions } from '../../auth/session-version';
import { eq } from 'drizzle-orm';
import { merchants } from '@/db/schema';
import { payoutSettingsView } from '../../settings/payout-settings';
import { passwordChangeSchema, payoutDetailsSchema, profileSchema } from '../../affiliates/schemas';
import { listAffiliatePayouts, listSubAffiliates, payoutDetailsOf, programForLinks, unpaidBalance } from '../../queries/affiliate-panel';
import { getAffiliateWithProgram } from '../../queries/affiliates';
import { dailySeries } from '../../queries/series';
import { getAffiliateCommission, listAffiliateCommissions } from '../../queries/commissions';
import { overview } from '../../queries/overview';
import { deleteAffiliatePostback, getAffiliatePostback, listPostbackAttempts, saveAffiliatePostback, sendTestPostback } from '../../postbacks/postbacks';
import { postbackSaveSchema } from '../../postbacks/schemas';
import { affiliateReportParams } from '../../reports/params';
import { affiliateTerms } from '../../queries/affiliate-terms';
import { affiliateReport } from '../../reports/panel';
import { affiliateProcedure, router } from '../init';
import { daysAgo } from './merchant';

export const affiliateRouter = router({
  /** Back to the merchant panel after "log in as affiliate". */
  endImpersonation: affiliateProcedure.mutation(({ ctx }) => {
    const by = ctx.session?.user.impersonatedBy;
    if (!by) throw new TRPCError({ code: 'BAD_REQUEST', message: 'You are not viewing this panel as a merchant.' });
    return endImpersonation(ctx.db, ctx.merchantId, { affiliateId: ctx.affiliateId, impersonatedBy: by }, ctx.ip);
  }),
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
  series: affiliateProcedure
    .input(z.object({ days: z.number().int().min(1).max(3660).default(30) }).default({ days: 30 }))
    .query(({ ctx, input }) => dailySeries(ctx.db, ctx.merchantId, { since: daysAgo(input.days), affiliateId: ctx.affiliateId })),
  /** What the affiliate should know: its rates, cookie lifetime, payout minimum and schedule, coupons. */
  terms: affiliateProcedure.query(({ ctx }) => affiliateTerms(ctx.db, ctx.merchantId, ctx.affiliateId)),
  /** Reports on the affiliate's own traffic only (its clicks, conversions and its own commissions). */
  reports: router({
    view: affiliateProcedure.input(affiliateReportParams).query(({ ctx, input }) => affiliateReport(ctx.db, ctx.merchantId, ctx.affiliateId, input)),
  }),
  subAffiliates: affiliateProcedure.query(({ ctx }) => listSubAffiliates(ctx.db, ctx.merchantId, ctx.affiliateId)),
  program: affiliateProcedure.query(({ ctx }) => programForLinks(ctx.db, ctx.merchantId)),
  /** The affiliate's own impressions, clicks and click-through rate per live banner. */
  bannerStats: affiliateProcedure.query(async ({ ctx }) => {
    const { banners } = await programForLinks(ctx.db, ctx.merchantId);
    return bannerStats(ctx.db, ctx.merchantId, banners.map((b) => b.id), ctx.affiliateId);
  }),
  payouts: affiliateProcedure.query(async ({ ctx }) => ({
    history: await listAffiliatePayouts(ctx.db, ctx.merchantId, ctx.affiliateId),
    balance: await unpaidBalance(ctx.db, ctx.merchantId, ctx.affiliateId),
    details: await payoutDetailsOf(ctx.db, ctx.merchantId, ctx.affiliateId),
    program: payoutSettingsView((await ctx.db.select().from(merchants).where(eq(merchants.id, ctx.merchantId)))[0]!),
  })),
  updatePayoutDetails: affiliateProcedure
    .input(payoutDetailsSchema)
    .mutation(({ ctx, input }) => updatePayoutDetails(ctx.db, ctx.merchantId, ctx.affiliateId, { userId: ctx.userId, ip: ctx.ip }, input)),
  updateProfile: affiliateProcedure
    .input(profileSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.merchantId, ctx.affiliateId, ctx.userId, input)),
  /** Ends every session of this user, on every device (this one too). */
  signOutEverywhere: affiliateProcedure.mutation(async ({ ctx }) => {
    if (ctx.session?.user.impersonatedBy)
      throw new TRPCError({ code: 'FORBIDDEN', message: 'You are viewing this panel as a merchant: only the affiliate can do this.' });
    await endAllSessions(ctx.db, ctx.userId);
    return { ok: true };
  }),
  changePassword: affiliateProcedure.input(passwordChangeSchema).mutation(({ ctx, input }) => changePassword(ctx.db, ctx.userId, input)),
  /** The affiliate's own postback: its URL template, a test send and its delivery log. */
  postback: router({
    get: affiliateProcedure.query(({ ctx }) => getAffiliatePostback(ctx.db, ctx.merchantId, ctx.affiliateId)),
    save: affiliateProcedure.input(postbackSaveSchema).mutation(({ ctx, input }) => saveAffiliatePostback(ctx.db, ctx.merchantId, ctx.affiliateId, input)),
    remove: affiliateProcedure.mutation(async ({ ctx }) => {
      await deleteAffiliatePostback(ctx.db, ctx.merchantId, ctx.affiliateId);
      return { ok: true };
    }),
    sendTest: affiliateProcedure.mutation(({ ctx }) => sendTestPostback(ctx.db, ctx.merchantId, ctx.affiliateId)),
    attempts: affiliateProcedure
      .input(z.object({ limit: z.number().int().min(1).max(100).default(25), cursor: z.string().max(200).optional() }).default({ limit: 25 }))
      .query(({ ctx, input }) => listPostbackAttempts(ctx.db, ctx.merchantId, ctx.affiliateId, input)),
  }),
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
