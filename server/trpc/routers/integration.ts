// Tools › Integration: API keys, allowed domains and the live test panel.
// Scoped by ctx.merchantId from the procedure kind; no input names an account.
import { TRPCError } from '@trpc/server';
import { checkProxy, createApiKey, revokeApiKey, sendTestClick, sendTestSale, setAllowedDomains } from '../../integration';
import { allowedDomainsSchema, apiKeyCreateSchema, idSchema, proxyCheckSchema, testClickSchema, testSaleSchema } from '../../integration/schemas';
import { approvedAffiliates, lastActivity, listApiKeys } from '../../queries/integration';
import { accountSettings } from '../../queries/settings';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

const actor = (ctx: { userId: string; ip: string }) => ({ userId: ctx.userId, ip: ctx.ip });

export const integrationRouter = router({
  /** What the snippets and forms need: the account id, its website and allowed domains. */
  setup: merchantProcedure.query(async ({ ctx }) => {
    const settings = await accountSettings(ctx.db, ctx.merchantId);
    if (!settings) throw new TRPCError({ code: 'NOT_FOUND', message: 'This account no longer exists.' });
    const { merchant, defaultCampaign } = settings;
    return {
      account: merchant.id,
      websiteUrl: merchant.websiteUrl,
      allowedDomains: merchant.allowedDomains,
      trackingDomain: merchant.trackingDomain,
      /** Sales without a currency are in the default campaign's. */
      currency: defaultCampaign?.currency ?? merchant.defaultCurrency,
      affiliates: await approvedAffiliates(ctx.db, ctx.merchantId),
    };
  }),
  apiKeys: router({
    list: merchantProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.merchantId)),
    create: merchantWriteProcedure.input(apiKeyCreateSchema).mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.merchantId, actor(ctx), input)),
    revoke: merchantWriteProcedure.input(idSchema).mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.merchantId, actor(ctx), input.id)),
  }),
  setAllowedDomains: merchantWriteProcedure
    .input(allowedDomainsSchema)
    .mutation(({ ctx, input }) => setAllowedDomains(ctx.db, ctx.merchantId, actor(ctx), input)),
  /** The latest click and conversion of the account; the live panel polls it. */
  live: merchantProcedure.query(({ ctx }) => lastActivity(ctx.db, ctx.merchantId)),
  testClick: merchantWriteProcedure.input(testClickSchema).mutation(({ ctx, input }) => sendTestClick(ctx.db, ctx.merchantId, actor(ctx), input)),
  /** Check my proxy: fetches the shop's proxied t.js and the diagnostic call through it (audited). */
  checkProxy: merchantWriteProcedure.input(proxyCheckSchema).mutation(({ ctx, input }) => checkProxy(ctx.db, ctx.merchantId, actor(ctx), input)),
  testSale: merchantWriteProcedure.input(testSaleSchema).mutation(({ ctx, input }) => sendTestSale(ctx.db, ctx.merchantId, actor(ctx), input)),
});
