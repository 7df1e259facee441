// The tracking log's public face: what every /t/sale, /t/refund and webhook delivery
// brought, the attribution steps tried and the outcome ("why wasn't this sale
// credited?"), kept for the merchant's retention; and crediting an unattributed
// conversion by hand. The panel reads it through server/queries/tracking-log.ts.
export { logRefund, logSale, logWebhook, type WebhookLogEntry } from './entries';
export { flushTrackingLog, logTracking, pruneTrackingLog } from './writer';
export { creditConversion } from './credit-conversion';
