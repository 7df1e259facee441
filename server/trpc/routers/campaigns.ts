// Campaigns section of the merchant panel: campaigns, commission rules, banners and
// text links, coupons. Inputs are the forms' shared schemas; rules live in server/campaigns.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  addRule,
  createBanner,
  createCampaign,
  createCoupon,
  deleteRule,
  setBannerArchived,
  setCampaignArchived,
  setCouponActive,
  setDefaultCampaign,
  updateBanner,
  updateCampaign,
  updateRule,
} from '../../campaigns';
import {
  bannerCreateSchema,
  bannerUpdateSchema,
  campaignCreateSchema,
  campaignIdSchema,
  campaignSettingsSchema,
  couponCreateSchema,
  ruleCreateSchema,
  ruleUpdateSchema,
} from '../../campaigns/schemas';
import { getCampaign, listBanners, listCampaigns, listCouponAffiliates, listCoupons, listRules } from '../../queries/campaigns';
import { merchantProcedure, router } from '../init';

const byId = z.object({ id: z.string().max(64) });
const actorOf = (ctx: { userId: string; ip: string }) => ({ userId: ctx.userId, ip: ctx.ip });

export const campaignsRouter = router({
  list: merchantProcedure.query(({ ctx }) => listCampaigns(ctx.db, ctx.merchantId)),
  byId: merchantProcedure.input(z.object({ id: campaignIdSchema })).query(async ({ ctx, input }) => {
    const campaign = await getCampaign(ctx.db, ctx.merchantId, input.id);
    if (!campaign) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such campaign.' });
    const [rules, banners] = await Promise.all([
      listRules(ctx.db, ctx.merchantId, campaign.id),
      listBanners(ctx.db, ctx.merchantId, campaign.id),
    ]);
    return { campaign, rules, banners };
  }),
  create: merchantProcedure
    .input(campaignCreateSchema)
    .mutation(({ ctx, input }) => createCampaign(ctx.db, ctx.merchantId, actorOf(ctx), input)),
  update: merchantProcedure
    .input(campaignSettingsSchema)
    .mutation(({ ctx, input }) => updateCampaign(ctx.db, ctx.merchantId, actorOf(ctx), input)),
  setDefault: merchantProcedure
    .input(byId)
    .mutation(({ ctx, input }) => setDefaultCampaign(ctx.db, ctx.merchantId, actorOf(ctx), input.id)),
  setArchived: merchantProcedure
    .input(byId.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => setCampaignArchived(ctx.db, ctx.merchantId, actorOf(ctx), input.id, input.archived)),
  rules: router({
    add: merchantProcedure.input(ruleCreateSchema).mutation(({ ctx, input }) => addRule(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    update: merchantProcedure.input(ruleUpdateSchema).mutation(({ ctx, input }) => updateRule(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    delete: merchantProcedure.input(byId).mutation(({ ctx, input }) => deleteRule(ctx.db, ctx.merchantId, actorOf(ctx), input.id)),
  }),
  banners: router({
    create: merchantProcedure.input(bannerCreateSchema).mutation(({ ctx, input }) => createBanner(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    update: merchantProcedure.input(bannerUpdateSchema).mutation(({ ctx, input }) => updateBanner(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    setArchived: merchantProcedure
      .input(byId.extend({ archived: z.boolean() }))
      .mutation(({ ctx, input }) => setBannerArchived(ctx.db, ctx.merchantId, actorOf(ctx), input.id, input.archived)),
  }),
  coupons: router({
    list: merchantProcedure.query(({ ctx }) => listCoupons(ctx.db, ctx.merchantId)),
    /** What the coupon form offers: approved affiliates and live campaigns. */
    options: merchantProcedure.query(async ({ ctx }) => ({
      affiliates: await listCouponAffiliates(ctx.db, ctx.merchantId),
      campaigns: (await listCampaigns(ctx.db, ctx.merchantId)).filter((c) => !c.archived).map((c) => ({ id: c.id, name: c.name })),
    })),
    create: merchantProcedure.input(couponCreateSchema).mutation(({ ctx, input }) => createCoupon(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    setActive: merchantProcedure
      .input(byId.extend({ active: z.boolean() }))
      .mutation(({ ctx, input }) => setCouponActive(ctx.db, ctx.merchantId, actorOf(ctx), input.id, input.active)),
  }),
});
