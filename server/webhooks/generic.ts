// The generic signed webhook, for carts and back ends with no module of their own:
// `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>` over a JSON body
// `{"type": "sale" | "refund", "id"?: "…", …}` carrying the fields of /t/sale or
// /t/refund. The signature proves the merchant sent it, as an API key would: the
// server-only fields of /t/sale (affiliate, status, commission, ip, userAgent) are allowed.
import { AppError } from '../errors';
import { parseOrThrow, refundInput, saleInput } from '../tracking/inputs';
import { parseJsonObject, textAt, type JsonObject } from './payload';
import { verifyBodyHmac } from './signatures';
import type { WebhookAction, WebhookProviderModule } from './types';

/** The envelope's own fields, taken off before the /t/sale and /t/refund fields are validated. */
function fieldsOf(body: JsonObject): JsonObject {
  const { type: _type, id: _id, ...fields } = body;
  return fields;
}

function sale(body: JsonObject): WebhookAction {
  const input = parseOrThrow(saleInput, fieldsOf(body));
  return {
    kind: 'sale',
    sale: {
      orderId: input.orderId,
      actionCode: input.actionCode,
      total: input.total,
      currency: input.currency,
      visitorId: input.visitorId,
      coupon: input.coupon,
      customerId: input.customerId,
      customerEmail: input.customerEmail,
      productId: input.productId,
      data: { data1: input.data1, data2: input.data2, data3: input.data3, data4: input.data4, data5: input.data5 },
      explicitAffiliate: input.affiliate,
      ip: input.ip,
      userAgent: input.userAgent,
      forcedStatus: input.status,
      commission: input.commission,
    },
  };
}

function refund(body: JsonObject): WebhookAction {
  const { orderId, ...rest } = parseOrThrow(refundInput, fieldsOf(body));
  return { kind: 'refund', orderIds: [orderId], ...rest };
}

export const generic: WebhookProviderModule = {
  label: 'Generic signed webhook',
  verify: (rawBody, headers, secret) => verifyBodyHmac(rawBody, headers, secret, 'X-Signature', 'hex', 'sha256='),
  envelope(body) {
    const event = parseJsonObject(body);
    const type = textAt(event, 'type', 100);
    if (!type) throw new AppError('invalid_request', 'type: required ("sale" or "refund").');
    if (event.id !== undefined && textAt(event, 'id') === undefined)
      throw new AppError('invalid_request', 'id: must be text of at most 255 characters.');
    return { eventId: textAt(event, 'id'), eventType: type, payload: event };
  },
  handlers: { sale, refund },
  guide: {
    setup:
      'From your own back end, POST a JSON body to the URL below, signed with this secret. A sale takes the fields of /t/sale, a refund those of /t/refund; send an id to make retries safe.',
    secret: { label: 'Signing secret', placeholder: 'a long random secret', source: 'merchant' },
    visitorId: 'Read it in the browser with aff.visitorId() (or the _aff_vid cookie on your domain) and send it as visitorId.',
    snippet: {
      language: 'js',
      code: `import { createHmac } from 'node:crypto';

const body = JSON.stringify({
  type: 'sale',
  id: 'order-1001-paid',
  orderId: '1001',
  total: '120.50',
  currency: 'USD',
  visitorId,
  customerEmail: 'jane@example.com',
});
const signature = createHmac('sha256', process.env.AFF_WEBHOOK_SECRET).update(body).digest('hex');
await fetch(WEBHOOK_URL, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-signature': \`sha256=\${signature}\` },
  body,
});`,
    },
  },
};
