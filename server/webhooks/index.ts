// Payment gateway and cart webhooks: the public face for the route handler and the panel.
import { AppError } from '../errors';
import { errorResponse, jsonResponse } from '../http/track';
import { handleWebhook } from './handle-webhook';

export { handleWebhook, parseWebhook, type DeliveryOutcome, type WebhookOutcome, type WebhookResult } from './handle-webhook';
export { isWebhookProvider, webhookRegistry, type WebhookProvider } from './registry';
export type { WebhookAction, WebhookProviderModule } from './types';

/** Order payloads with many lines run to a few hundred kilobytes; anything beyond this is not a webhook. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** POST /webhooks/[provider]?account=…: the raw body, exactly as signed, to handleWebhook; the contract's JSON back. */
export async function receiveWebhook(req: Request, provider: string): Promise<Response> {
  try {
    if (Number(req.headers.get('content-length') ?? 0) > MAX_WEBHOOK_BYTES) throw tooLarge();
    // The bytes, not req.text(): decoding would drop a byte-order mark or mend invalid UTF-8, and the HMAC covers the bytes.
    const rawBody = Buffer.from(await req.arrayBuffer());
    if (rawBody.byteLength > MAX_WEBHOOK_BYTES) throw tooLarge();
    const account = new URL(req.url).searchParams.get('account') ?? undefined;
    return jsonResponse(req, await handleWebhook(provider, account, rawBody, req.headers));
  } catch (err) {
    return errorResponse(req, err);
  }
}

const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${MAX_WEBHOOK_BYTES} bytes.`);
