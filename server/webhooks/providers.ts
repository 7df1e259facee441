// The payment gateways and carts that can report sales by webhook (TRACKING-API.md §5),
// in the order the merchant panel lists them. The registry is the one list.
import { webhookRegistry, type WebhookProvider } from './registry';

export type { WebhookProvider } from './registry';
export { isWebhookProvider } from './registry';
export const webhookProviders = Object.keys(webhookRegistry) as WebhookProvider[];
