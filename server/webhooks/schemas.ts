// Form schemas for the webhook settings, shared by the panel's form (errors as you
// type) and the tRPC procedures (the rule). No server imports: the browser loads this.
import { z } from 'zod';

const provider = z.string().min(1).max(32);

export const webhookSecretSchema = z.object({
  provider,
  secret: z
    .string()
    .trim()
    // Lemon Squeezy's minimum; the providers that generate secrets make them far longer.
    .min(6, 'At least 6 characters.')
    .max(500, 'At most 500 characters.')
    .regex(/^[^\p{Cc}]+$/u, 'Paste the secret on one line, without control characters.'),
});

export const webhookEnabledSchema = z.object({ provider, enabled: z.boolean() });

export type WebhookSecretInput = z.input<typeof webhookSecretSchema>;
