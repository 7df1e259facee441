// Tools › Webhooks: each provider's signing secret, on/off switch and recent deliveries.
// Scoped by ctx.merchantId from the procedure kind; no input names an account.
import { z } from 'zod';
import { listWebhookDeliveries, recentWebhookDeliveries } from '../../queries/webhook-events';
import { isWebhookProvider, webhookProviders } from '../../webhooks/providers';
import { webhookEnabledSchema, webhookSecretSchema } from '../../webhooks/schemas';
import { listWebhookSettings, setWebhookEnabled, setWebhookSecret } from '../../webhooks/settings';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

/** One of the registry's providers: anything else (`__proto__`…) is a 400 naming the field, never a lookup. */
const provider = z.string().max(32).refine(isWebhookProvider, 'Not a provider this app knows.');

export const webhooksRouter = router({
  settings: merchantProcedure.query(({ ctx }) => listWebhookSettings(ctx.db, ctx.merchantId)),
  /** The last deliveries of every provider, or of one. */
  deliveries: merchantProcedure
    .input(z.object({ provider: provider.optional(), limit: z.number().int().min(1).max(100).default(10) }).default({ limit: 10 }))
    .query(async ({ ctx, input }) =>
      input.provider
        ? { [input.provider]: await listWebhookDeliveries(ctx.db, ctx.merchantId, input.provider, input.limit) }
        : recentWebhookDeliveries(ctx.db, ctx.merchantId, webhookProviders, input.limit),
    ),
  setSecret: merchantWriteProcedure
    .input(webhookSecretSchema.extend({ provider }))
    .mutation(({ ctx, input }) => setWebhookSecret(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
  setEnabled: merchantWriteProcedure
    .input(webhookEnabledSchema.extend({ provider }))
    .mutation(({ ctx, input }) => setWebhookEnabled(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
});
