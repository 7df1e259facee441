// Tools › Webhooks: each provider's signing secret, on/off switch and recent deliveries.
// Scoped by ctx.merchantId from the procedure kind; no input names an account.
import { z } from 'zod';
import { listWebhookDeliveries, recentWebhookDeliveries } from '../../queries/webhook-events';
import { webhookProviders } from '../../webhooks/providers';
import { webhookEnabledSchema, webhookSecretSchema } from '../../webhooks/schemas';
import { listWebhookSettings, setWebhookEnabled, setWebhookSecret } from '../../webhooks/settings';
import { merchantProcedure, router } from '../init';

export const webhooksRouter = router({
  settings: merchantProcedure.query(({ ctx }) => listWebhookSettings(ctx.db, ctx.merchantId)),
  /** The last deliveries of every provider, or of one. */
  deliveries: merchantProcedure
    .input(z.object({ provider: z.string().max(32).optional(), limit: z.number().int().min(1).max(100).default(10) }).default({ limit: 10 }))
    .query(async ({ ctx, input }) =>
      input.provider
        ? { [input.provider]: await listWebhookDeliveries(ctx.db, ctx.merchantId, input.provider, input.limit) }
        : recentWebhookDeliveries(ctx.db, ctx.merchantId, webhookProviders, input.limit),
    ),
  setSecret: merchantProcedure
    .input(webhookSecretSchema)
    .mutation(({ ctx, input }) => setWebhookSecret(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
  setEnabled: merchantProcedure
    .input(webhookEnabledSchema)
    .mutation(({ ctx, input }) => setWebhookEnabled(ctx.db, ctx.merchantId, { userId: ctx.userId, ip: ctx.ip }, input)),
});
