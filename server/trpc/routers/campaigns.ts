// Campaigns section of the merchant panel: campaigns, commission rules, banners and
// text links, coupons. Inputs are the forms' shared schemas; rules live in server/campaigns.
import { bannerStats } from '../../queries/banner-stats';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  addGroupRule,
  addRule,
  createBanner,
  createCampaign,
  createCoupon,
  createGroup,
  deleteGroup,
  deleteRule,
  renameGroup,
  setAffiliatesGroup,
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
  groupCreateSchema,
  groupMembersSchema,
  groupRenameSchema,
  groupRuleCreateSchema,
  ruleCreateSchema,
  ruleUpdateSchema,
} from '../../campaigns/schemas';
import {
  affiliateGroups,
  getCampaign,
  listBanners,
  listCampaigns,
  listCommissionGroups,
  listCouponAffiliates,
  listCoupons,
  listGroupChoices,
  listRules,
} from '../../queries/campaigns';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

const byId = z.object({ id: z.string().max(64) });
const actorOf = (ctx: { userId: string; ip: string }) => ({ userId: ctx.userId, ip: ctx.ip });

export const campaignsRouter = router({
  list: merchantProcedure.query(({ ctx }) => listCampaigns(ctx.db, ctx.merchantId)),
  byId: merchantProcedure.input(z.object({ id: campaignIdSchema })).query(async ({ ctx, input }) => {
    const campaign = await getCampaign(ctx.db, ctx.merchantId, input.id);
    if (!campaign) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such campaign.' });
    const [rules, banners, groups] = await Promise.all([
      listRules(ctx.db, ctx.merchantId, campaign.id),
      listBanners(ctx.db, ctx.merchantId, campaign.id),
      listCommissionGroups(ctx.db, ctx.merchantId, campaign.id),
    ]);
    const stats = await bannerStats(ctx.db, ctx.merchantId, banners.map((b) => b.id));
    return { campaign, rules, banners, groups, bannerStats: stats };
  }),
  create: merchantWriteProcedure
    .input(campaignCreateSchema)
    .mutation(({ ctx, input }) => createCampaign(ctx.db, ctx.merchantId, actorOf(ctx), input)),
  update: merchantWriteProcedure
    .input(campaignSettingsSchema)
    .mutation(({ ctx, input }) => updateCampaign(ctx.db, ctx.merchantId, actorOf(ctx), input)),
  setDefault: merchantWriteProcedure
    .input(byId)
    .mutation(({ ctx, input }) => setDefaultCampaign(ctx.db, ctx.merchantId, actorOf(ctx), input.id)),
  setArchived: merchantWriteProcedure
    .input(byId.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => setCampaignArchived(ctx.db, ctx.merchantId, actorOf(ctx), input.id, input.archived)),
  rules: router({
    add: merchantWriteProcedure.input(ruleCreateSchema).mutation(({ ctx, input }) => addRule(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    update: merchantWriteProcedure.input(ruleUpdateSchema).mutation(({ ctx, input }) => updateRule(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    delete: merchantWriteProcedure.input(byId).mutation(({ ctx, input }) => deleteRule(ctx.db, ctx.merchantId, actorOf(ctx), input.id)),
  }),
  /** Commission groups: named rule sets per campaign that override its rules for their members. */
  groups: router({
    /** Every group of the live campaigns, for the affiliate page and the bulk action. */
    choices: merchantProcedure.query(({ ctx }) => listGroupChoices(ctx.db, ctx.merchantId)),
    /** The group an affiliate is in, by campaign id. */
    ofAffiliate: merchantProcedure
      .input(z.object({ affiliateId: z.string().max(64) }))
      .query(async ({ ctx, input }) => {
        const groups = await affiliateGroups(ctx.db, ctx.merchantId, input.affiliateId);
        if (!groups) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such affiliate.' });
        return groups;
      }),
    create: merchantWriteProcedure.input(groupCreateSchema).mutation(({ ctx, input }) => createGroup(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    rename: merchantWriteProcedure.input(groupRenameSchema).mutation(({ ctx, input }) => renameGroup(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    delete: merchantWriteProcedure.input(byId).mutation(({ ctx, input }) => deleteGroup(ctx.db, ctx.merchantId, actorOf(ctx), input.id)),
    addRule: merchantWriteProcedure.input(groupRuleCreateSchema).mutation(({ ctx, input }) => addGroupRule(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    setMembers: merchantWriteProcedure
      .input(groupMembersSchema)
      .mutation(({ ctx, input }) => setAffiliatesGroup(ctx.db, ctx.merchantId, actorOf(ctx), input)),
  }),
  banners: router({
    create: merchantWriteProcedure.input(bannerCreateSchema).mutation(({ ctx, input }) => createBanner(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    update: merchantWriteProcedure.input(bannerUpdateSchema).mutation(({ ctx, input }) => updateBanner(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    setArchived: merchantWriteProcedure
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
    create: merchantWriteProcedure.input(couponCreateSchema).mutation(({ ctx, input }) => createCoupon(ctx.db, ctx.merchantId, actorOf(ctx), input)),
    setActive: merchantWriteProcedure
      .input(byId.extend({ active: z.boolean() }))
      .mutation(({ ctx, input }) => setCouponActive(ctx.db, ctx.merchantId, actorOf(ctx), input.id, input.active)),
  }),
});
