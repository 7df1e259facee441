// The payment gateways and carts that can report sales by webhook (TRACKING-API.md §5).
export const webhookProviders = ['stripe', 'shopify', 'woocommerce', 'paddle', 'lemonsqueezy', 'generic'] as const;
export type WebhookProvider = (typeof webhookProviders)[number];
