// Every payment provider the tracker takes webhooks from. Adding one is adding
// its module (see ./types.ts) and one line here.
import { generic } from './generic';
import { lemonsqueezy } from './lemonsqueezy';
import { paddle } from './paddle';
import { shopify } from './shopify';
import { stripe } from './stripe';
import type { webhookProviderNames } from '@/db/enums';
import type { WebhookProviderModule } from './types';
import { woocommerce } from './woocommerce';

export const webhookRegistry = {
  stripe,
  shopify,
  woocommerce,
  paddle,
  lemonsqueezy,
  generic,
} satisfies Record<(typeof webhookProviderNames)[number], WebhookProviderModule>; // exactly the names db/ seeds

export type WebhookProvider = keyof typeof webhookRegistry;

export function isWebhookProvider(name: string): name is WebhookProvider {
  // hasOwn: `/webhooks/constructor` is not a provider.
  return Object.hasOwn(webhookRegistry, name);
}
