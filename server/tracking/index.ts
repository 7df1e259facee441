// The tracker's public face for the /t/* route handlers: request → validated
// input → record → the contract's response.
import { getDb, type Db } from '@/db';
import { AppError } from '../errors';
import { logRefund, logSale } from '../tracking-log';
import { bearerToken, clientIp, jsonResponse, limitAccount, limitBrowserSale, readBody } from '../http/track';
import { exchangeHandoff, mintHandoff } from './handoff';
import { applyAliases, assertNoServerOnlyFields, clickInput, exchangeInput, mintInput, parseOrThrow, refundInput, saleInput, userAgentOf } from './inputs';
import { apiKeyOf, findMerchant, noteApiKeyUse } from './lookups';
import { recordClick } from './record-click';
import { recordConversion } from './record-conversion';
import { recordRefund } from './record-refund';

export { recordClick } from './record-click';
export { recordConversion, type ConversionRequest, type ConversionResult } from './record-conversion';
export { recordRefund, type RefundRequest } from './record-refund';
export { invalidateLookups } from './lookups';
export { resolveVisitorRef } from './handoff';

export const VISITOR_COOKIE = '_aff_vid';

/**
 * GET /t/click (query, optional redirect) and POST /t/click (JSON or form). With `handoff`
 * instead of `aff`: a hand-off token traded in by the landing page (no new click).
 */
export async function trackClick(req: Request): Promise<Response> {
  const isGet = req.method === 'GET';
  const raw = isGet ? Object.fromEntries(new URL(req.url).searchParams) : await readBody(req);
  if (!isGet && raw.to !== undefined) throw new AppError('invalid_request', 'to: redirect mode is GET only.');
  if (raw.handoff !== undefined && raw.handoff !== '') return trackExchange(req, raw);
  const input = parseOrThrow(clickInput, applyAliases(raw));
  const userAgent = userAgentOf(req.headers) ?? null;
  limitAccount(input.account, req);
  const result = await recordClick(input, {
    ip: clientIp(req),
    userAgent,
    redirect: isGet && input.to !== undefined,
  });
  const cookie = visitorCookie(req, result.visitorId, result.cookieDays);
  if (result.location)
    return new Response(null, {
      status: 302,
      headers: { Location: result.location, 'Set-Cookie': cookie, 'Cache-Control': 'no-store' },
    });
  return jsonResponse(
    req,
    { visitorId: result.visitorId, affiliate: result.affiliate, campaign: result.campaign, cookieDays: result.cookieDays },
    { headers: { 'Set-Cookie': cookie } },
  );
}

/** POST /t/click {account, handoff, vid?}: adopt the token's visitor, or credit its click to the one held. */
async function trackExchange(req: Request, raw: Record<string, unknown>): Promise<Response> {
  const { aff: _aff, a_aid: _aAid, ...rest } = raw;
  if ((_aff ?? _aAid) !== undefined) throw new AppError('invalid_request', 'handoff: send either aff (a click) or handoff (a hand-off token), not both.');
  if (rest.to !== undefined) throw new AppError('invalid_request', 'to: a hand-off token is not a redirect link.');
  const input = parseOrThrow(exchangeInput, rest);
  userAgentOf(req.headers);
  limitAccount(input.account, req);
  const result = await exchangeHandoff(await getDb(), input);
  return jsonResponse(req, result, { headers: { 'Set-Cookie': visitorCookie(req, result.visitorId, result.cookieDays) } });
}

/** POST /t/handoff {account, vid}: a hand-off token for the visitor the browser holds (aff.decorate()). */
export async function trackHandoff(req: Request): Promise<Response> {
  const raw = await readBody(req);
  const input = parseOrThrow(mintInput, raw);
  limitAccount(input.account, req);
  // Only the id the page sent, never the tracker's own cookie: any site may call this with the
  // browser's credentials (CORS answers every origin), and trading the token in would show it the id.
  const result = await mintHandoff(await getDb(), input);
  return jsonResponse(req, result);
}

/** The tracker's `_aff_vid` cookie, as /t/click sets it. */
function visitorCookie(req: Request, visitorId: string, cookieDays: number): string {
  // Any claim of https will do here (not only a trusted proxy's): a false one only costs the
  // claimant their own cookie, and a TLS proxy that is not configured still gets it right.
  const secure = req.url.startsWith('https:') || req.headers.get('x-forwarded-proto') === 'https';
  return [
    `${VISITOR_COOKIE}=${visitorId}`,
    'Path=/',
    `Max-Age=${cookieDays * 86_400}`,
    'HttpOnly',
    // Sent cross-site only when it can be kept: SameSite=None needs Secure.
    secure ? 'SameSite=None' : 'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** POST /t/sale: a browser call (account in the body) or a server call (API key). */
export async function trackSale(req: Request): Promise<Response> {
  const db = await getDb();
  const raw = await readBody(req);
  const key = bearerToken(req);
  if (key !== undefined) {
    const keyMerchant = await writeKeyMerchant(db, key);
    noteApiKeyUse(db, key);
    limitAccount(keyMerchant, req);
    return jsonResponse(req, await serverSale(db, keyMerchant, raw));
  }
  assertNoServerOnlyFields(raw);
  const input = parseOrThrow(saleInput, raw);
  const userAgent = userAgentOf(req.headers);
  if (!input.account) throw new AppError('invalid_request', 'account: required (or authenticate with an API key).');
  const merchant = await findMerchant(db, input.account);
  if (!merchant) throw new AppError('unknown_account', `No account "${input.account}".`);
  limitAccount(merchant.id, req);
  limitBrowserSale(req);
  const sale = {
    ...common(input, merchant.id, 'js'),
    // The browser's cookie is the fallback when the page did not pass the visitor id.
    visitorId: input.visitorId ?? cookieOf(req, VISITOR_COOKIE),
    ip: clientIp(req),
    userAgent,
    originHost: pageHostOf(req),
  };
  const result = await logSale(db, sale, recordConversion(db, sale)); // tracking log, written after the answer
  // A browser learns nothing of an order it did not create: not its affiliate, method or commissions (§3).
  if (result.status === 'duplicate') return jsonResponse(req, { conversionId: result.conversionId, status: 'duplicate' });
  return jsonResponse(req, result);
}

/** POST /t/refund: server calls only. */
export async function trackRefund(req: Request): Promise<Response> {
  const db = await getDb();
  const key = bearerToken(req);
  if (key === undefined) throw new AppError('unauthorized', 'A refund needs the merchant’s API key (Authorization: Bearer …).');
  const merchantId = await writeKeyMerchant(db, key);
  limitAccount(merchantId, req);
  noteApiKeyUse(db, key);
  return jsonResponse(req, await serverRefund(db, merchantId, await readBody(req)));
}

/** The merchant of a key that may record conversions and refunds: a read-only key may not (403). */
async function writeKeyMerchant(db: Db, key: string): Promise<string> {
  const found = await apiKeyOf(db, key);
  if (!found) throw new AppError('unauthorized', 'The API key is not valid.');
  if (found.scope !== 'write') throw new AppError('forbidden', 'This API key is read-only: use a read and write key to record conversions and refunds.');
  return found.merchantId;
}

/**
 * The server-to-server sale or action (§3) of the merchant an API key named: /t/sale with a
 * key and POST /api/v1/conversions, one rule for both edges. The contract's answer.
 */
export async function serverSale(db: Db, merchantId: string, raw: Record<string, unknown>) {
  const input = parseOrThrow(saleInput, raw);
  if (input.account !== undefined && input.account !== merchantId)
    throw new AppError('forbidden', 'account: the API key belongs to another account.');
  const sale = {
    ...common(input, merchantId, 'api'),
    explicitAffiliate: input.affiliate,
    ip: input.ip,
    userAgent: input.userAgent,
    forcedStatus: input.status,
    commission: input.commission,
  };
  return logSale(db, sale, recordConversion(db, sale)); // tracking log, written after the answer
}

/** A refund (§4) of the merchant an API key named: /t/refund and POST /api/v1/refunds. The contract's answer. */
export async function serverRefund(db: Db, merchantId: string, raw: Record<string, unknown>) {
  const input = parseOrThrow(refundInput, raw);
  const refund = { merchantId, ...input };
  const { changed: _changed, conversionId: _id, ...result } = await logRefund(db, refund, recordRefund(db, refund)); // tracking log
  return result;
}

function common(input: ReturnType<typeof saleInput.parse>, merchantId: string, source: string) {
  return {
    merchantId,
    source,
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
  };
}

/** The host of the page a browser call came from: its Origin, else its Referer; undefined when it sends neither. */
function pageHostOf(req: Request): string | undefined {
  for (const header of ['origin', 'referer']) {
    const value = req.headers.get(header);
    if (!value || value === 'null') continue;
    const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return undefined;
}

function cookieOf(req: Request, name: string): string | undefined {
  const header = req.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
