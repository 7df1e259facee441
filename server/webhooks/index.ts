// Payment gateway and cart webhooks: the public face for the route handler and the panel.
import { errorResponse, jsonResponse, readLimited } from '../http/track';
import { requestId, requestLog, withRequestId } from '@/lib/log';
import { observeRequest } from '../metrics';
import { handleWebhook } from './handle-webhook';
import { isWebhookProvider } from './registry';

export { handleWebhook, parseWebhook, type DeliveryOutcome, type WebhookOutcome, type WebhookResult } from './handle-webhook';
export { isWebhookProvider, webhookRegistry, type WebhookProvider } from './registry';
export type { WebhookAction, WebhookProviderModule } from './types';

/** Order payloads with many lines run to a few hundred kilobytes; anything beyond this is not a webhook. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** POST /webhooks/[provider]?account=…: the raw body, exactly as signed, to handleWebhook; the contract's JSON back. */
export async function receiveWebhook(req: Request, provider: string): Promise<Response> {
  const started = performance.now();
  const reqId = requestId(req.headers);
  const res = withRequestId(await receive(req, provider, reqId), reqId);
  observeRequest(isWebhookProvider(provider) ? `/webhooks/${provider}` : '/webhooks/other', req.method, res.status, started);
  return res;
}

async function receive(req: Request, provider: string, reqId: string): Promise<Response> {
  try {
    // The bytes, not req.text(): decoding would drop a byte-order mark or mend invalid UTF-8, and the HMAC covers the bytes.
    const rawBody = await readLimited(req, MAX_WEBHOOK_BYTES);
    const account = new URL(req.url).searchParams.get('account') ?? undefined;
    return jsonResponse(req, await handleWebhook(provider, account, rawBody, req.headers, { log: requestLog(reqId) }));
  } catch (err) {
    return errorResponse(req, err, reqId);
  }
}
