// Outgoing webhook endpoint forms, shared by Tools › Webhooks (errors as you type), its
// tRPC procedures and POST/PATCH /api/v1/webhook-endpoints. Client-safe: no server imports.
import { z } from 'zod';
import { webhookEventTypes } from '@/db/enums';

const webhookUrl = z
  .string()
  .trim()
  .max(2048, 'At most 2,048 characters.')
  .pipe(z.url({ protocol: /^https?$/, error: 'Enter an http(s) URL.' }));
const webhookEvents = z.array(z.enum(webhookEventTypes)).min(1, 'Choose at least one event.').max(webhookEventTypes.length);
const description = z.string().trim().max(200, 'At most 200 characters.');

export const webhookEndpointCreateSchema = z.object({
  url: webhookUrl,
  events: webhookEvents,
  description: description.optional().default(''),
});
export const webhookEndpointPatchSchema = z.object({
  url: webhookUrl.optional(),
  events: webhookEvents.optional(),
  description: description.optional(),
  enabled: z.boolean().optional(),
});
export type WebhookEndpointCreateInput = z.input<typeof webhookEndpointCreateSchema>;
export type WebhookEndpointPatchInput = z.input<typeof webhookEndpointPatchSchema>;
