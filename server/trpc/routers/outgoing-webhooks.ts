// Tools › Webhooks › Outgoing: the merchant's own endpoints for the events of its program,
// their delivery log, "send again" and test events. The same server/ functions as
// /api/v1/webhook-endpoints; scoped by ctx.merchantId from the procedure kind.
import { z } from 'zod';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listEndpointsWithSecrets,
  listWebhookAttempts,
  resendWebhookMessage,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from '../../outgoing-webhooks/endpoints';
import { webhookEndpointCreateSchema, webhookEndpointPatchSchema } from '../../outgoing-webhooks/schemas';
import { merchantProcedure, merchantWriteProcedure, router } from '../init';

const byId = z.object({ id: z.string().max(64) });
const actor = (ctx: { userId: string; ip: string }) => ({ userId: ctx.userId, ip: ctx.ip });

export const outgoingWebhooksRouter = router({
  list: merchantProcedure.query(({ ctx }) => listEndpointsWithSecrets(ctx.db, ctx.merchantId)),
  attempts: merchantProcedure
    .input(byId.extend({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listWebhookAttempts(ctx.db, ctx.merchantId, input.id, input.limit)),
  create: merchantWriteProcedure.input(webhookEndpointCreateSchema).mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, ctx.merchantId, actor(ctx), input)),
  update: merchantWriteProcedure
    .input(byId.extend({ patch: webhookEndpointPatchSchema }))
    .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx.db, ctx.merchantId, actor(ctx), input.id, input.patch)),
  delete: merchantWriteProcedure.input(byId).mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.db, ctx.merchantId, actor(ctx), input.id)),
  rotateSecret: merchantWriteProcedure.input(byId).mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, ctx.merchantId, actor(ctx), input.id)),
  test: merchantWriteProcedure.input(byId).mutation(({ ctx, input }) => sendTestEvent(ctx.db, ctx.merchantId, actor(ctx), input.id)),
  resend: merchantWriteProcedure
    .input(byId.extend({ messageId: z.string().max(64) }))
    .mutation(({ ctx, input }) => resendWebhookMessage(ctx.db, ctx.merchantId, actor(ctx), input.id, input.messageId)),
});
