import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { affiliateStatuses, commissionStatuses } from '@/db/schema';
import { affiliateLogin, affiliateSorts, getAffiliate, listAffiliates, payoutDetailsChangedAt } from '../../queries/affiliates';
import { decodeClickCursor, listClicks } from '../../queries/clicks';
import { listMerchantCommissions } from '../../queries/commissions';
import { setAffiliateBlocked, setAffiliateStatus } from '../../affiliates/account';
import { affiliateBlockSchema } from '../../settings/schemas';
import { createAffiliate, resendAffiliateInvitation, revokeAffiliateInvitation, updateAffiliate } from '../../affiliates/manage';
import { affiliateCreateSchema, affiliateEditSchema } from '../../affiliates/manage-schemas';
import { startImpersonation } from '../../auth/impersonation';
import { getMerchant } from '../../queries/merchants';
import { dailySeries } from '../../queries/series';
import { overview, topAffiliates } from '../../queries/overview';
import { calendarDay } from '../../input';
import { dismissOnboarding, onboardingStatus } from '../../onboarding';
import { getAffiliatePostback, listPostbackAttempts, setPostbackBlocked } from '../../postbacks/postbacks';
import { merchantReportParams } from '../../reports/params';
import { merchantReport } from '../../reports/panel';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

const PAGE = 50;
const periodDays = z.number().int().min(1).max(3660).default(30);

export const merchantRouter = router({
  /** The dashboard's onboarding checklist, ticked from the program's own clicks, sales and affiliates. */
  onboarding: merchantProcedure.query(({ ctx }) => onboardingStatus(ctx.db, ctx.merchantId)),
  dismissOnboarding: merchantWriteProcedure.mutation(({ ctx }) => dismissOnboarding(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip })),
  account: merchantProcedure.query(async ({ ctx }) => {
    const row = await getMerchant(ctx.db, ctx.merchantId);
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'This account no longer exists.' });
    return row;
  }),
  overview: merchantProcedure
    .input(z.object({ days: periodDays }).default({ days: 30 }))
    .query(({ ctx, input }) => overview(ctx.db, ctx.merchantId, { since: daysAgo(input.days) })),
  topAffiliates: merchantProcedure
    .input(z.object({ days: periodDays }).default({ days: 30 }))
    .query(({ ctx, input }) => topAffiliates(ctx.db, ctx.merchantId, { since: daysAgo(input.days) })),
  series: merchantProcedure
    .input(z.object({ days: periodDays }).default({ days: 30 }))
    .query(({ ctx, input }) => dailySeries(ctx.db, ctx.merchantId, { since: daysAgo(input.days) })),
  affiliates: router({
    create: merchantWriteProcedure
      .input(affiliateCreateSchema)
      .mutation(({ ctx, input }) => createAffiliate(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
    update: merchantWriteProcedure
      .input(z.object({ id: z.string().max(64), form: affiliateEditSchema }))
      .mutation(({ ctx, input }) => updateAffiliate(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input.id, input.form)),
    stats: merchantProcedure
      .input(z.object({ id: z.string().max(64), days: periodDays }))
      .query(async ({ ctx, input }) => {
        const row = await getAffiliate(ctx.db, ctx.merchantId, input.id);
        if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such affiliate.' });
        const parent = row.parentId ? await getAffiliate(ctx.db, ctx.merchantId, row.parentId) : undefined;
        const changedAt = await payoutDetailsChangedAt(ctx.db, ctx.merchantId, row.id);
        return { affiliate: { ...row, payoutDetailsChangedAt: changedAt }, parentRefId: parent?.refId ?? null, overview: await overview(ctx.db, ctx.merchantId, { since: daysAgo(input.days), affiliateId: row.id }) };
      }),
    /** The affiliate's login: whether they have set a password, and their open invitation. */
    login: merchantProcedure.input(z.object({ id: z.string().max(64) })).query(async ({ ctx, input }) => {
      const login = await affiliateLogin(ctx.db, ctx.merchantId, input.id);
      if (!login) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such affiliate.' });
      return login;
    }),
    resendInvitation: merchantWriteProcedure
      .input(z.object({ id: z.string().max(64) }))
      .mutation(({ ctx, input }) => resendAffiliateInvitation(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input.id)),
    revokeInvitation: merchantWriteProcedure
      .input(z.object({ id: z.string().max(64) }))
      .mutation(({ ctx, input }) => revokeAffiliateInvitation(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input.id)),
    /** "Log in as affiliate": a one-minute grant the browser exchanges for the affiliate's session. */
    impersonate: merchantWriteProcedure
      .input(z.object({ id: z.string().max(64) }))
      .mutation(({ ctx, input }) => startImpersonation(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input.id)),
    setStatus: merchantWriteProcedure
      .input(z.object({ id: z.string().max(64), status: z.enum(affiliateStatuses) }))
      .mutation(({ ctx, input }) => setAffiliateStatus(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input.id, input.status)),
    /** The affiliate blocklist (fraud protection). */
    setBlocked: merchantWriteProcedure
      .input(affiliateBlockSchema)
      .mutation(({ ctx, input }) => setAffiliateBlocked(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input.id, input.blocked)),
    list: merchantProcedure
      .input(
        z
          .object({
            status: z.enum(affiliateStatuses).optional(),
            search: z.string().max(100).optional(),
            sort: z.enum(affiliateSorts).optional(),
            page: z.number().int().min(1).max(100_000).default(1),
          })
          .default({ page: 1 }),
      )
      .query(async ({ ctx, input }) => {
        const rows = await listAffiliates(ctx.db, ctx.merchantId, { ...input, limit: PAGE + 1, offset: (input.page - 1) * PAGE });
        return { rows: rows.slice(0, PAGE), hasNext: rows.length > PAGE };
      }),
    /** The affiliate's postback (template, on/off) and its recent deliveries. */
    postback: merchantProcedure.input(z.object({ id: z.string().max(64) })).query(async ({ ctx, input }) => {
      if (!(await getAffiliate(ctx.db, ctx.merchantId, input.id))) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such affiliate.' });
      return {
        postback: await getAffiliatePostback(ctx.db, ctx.merchantId, input.id),
        attempts: (await listPostbackAttempts(ctx.db, ctx.merchantId, input.id, { limit: 20 })).data,
      };
    }),
    /** Turns the affiliate's postback off (or back on); the affiliate cannot turn it on again. */
    setPostbackBlocked: merchantWriteProcedure
      .input(z.object({ id: z.string().max(64), blocked: z.boolean() }))
      .mutation(({ ctx, input }) => setPostbackBlocked(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input.id, input.blocked)),
    byId: merchantProcedure.input(z.object({ id: z.string().max(64) })).query(async ({ ctx, input }) => {
      const row = await getAffiliate(ctx.db, ctx.merchantId, input.id);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such affiliate.' });
      return row;
    }),
  }),
  clicks: router({
    list: merchantProcedure
      .input(
        z
          .object({
            cursor: z.string().max(64).optional(),
            affiliate: z.string().max(64).optional(),
            campaign: z.string().max(64).optional(),
            channel: z.string().max(64).optional(),
            from: calendarDay.optional(),
            to: calendarDay.optional(),
          })
          .default({}),
      )
      .query(({ ctx, input }) =>
        listClicks(ctx.db, ctx.merchantId, {
          cursor: decodeClickCursor(input.cursor),
          affiliateRefId: input.affiliate || undefined,
          campaignId: input.campaign || undefined,
          channel: input.channel || undefined,
          from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
          // The "to" day is included.
          to: input.to ? new Date(new Date(`${input.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
        }),
      ),
  }),
  reports: router({
    /** Reports: the program's figures by any grouping, with filters, the previous period and the chart's series. */
    view: merchantProcedure.input(merchantReportParams).query(({ ctx, input }) => merchantReport(ctx.db, ctx.merchantId, input)),
  }),
  commissions: router({
    list: merchantProcedure
      .input(z.object({ status: z.enum(commissionStatuses).optional() }).default({}))
      .query(({ ctx, input }) => listMerchantCommissions(ctx.db, ctx.merchantId, input)),
  }),
});

export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}
