// The tracker's public face for its endpoints (server/tracking/endpoints.ts): request →
// validated input → record → the contract's answer. Framework-free: it reads a WireRequest
// and returns a WireResponse (server/http/wire.ts), whichever edge carried them.
import { getDb, type Db } from '@/db';
import { AppError } from '../errors';
import { logRefund, logSale } from '../tracking-log';
import { forwardedHost, forwardedProto, peerIsTrustedProxy } from '../http/client-ip';
import { pinnedHost } from '../http/same-origin';
import { bearerToken, clientIp, corsHeaders, json, limitAccount, limitBrowserSale, readBody } from '../http/track';
import { queryFields, type WireRequest, type WireResponse } from '../http/wire';
import { withAccount } from './host-account';
import { exchangeHandoff, mintHandoff } from './handoff';
import { applyAliases, assertNoServerOnlyFields, clickInput, exchangeInput, impressionInput, mintInput, parseOrThrow, refundInput, saleInput, userAgentOf } from './inputs';
import { apiKeyOf, findMerchant, noteApiKeyUse } from './lookups';
import { recordClick } from './record-click';
import { recordConversion } from './record-conversion';
import { recordImpression } from './record-impression';
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
export async function trackClick(req: WireRequest): Promise<WireResponse> {
  const isGet = req.method === 'GET';
  const raw = isGet ? queryFields(req) : await readBody(req);
  return clickFrom(req, raw, isGet);
}

/**
 * A click from its fields (`raw`, the contract's names or Post Affiliate Pro's aliases) —
 * /t/click's and the PAP drop-in's one way in. `isGet`: a link followed (redirect mode with `to`).
 */
export async function clickFrom(req: WireRequest, given: Record<string, unknown>, isGet: boolean): Promise<WireResponse> {
  if (!isGet && given.to !== undefined) throw new AppError('invalid_request', 'to: redirect mode is GET only.');
  const raw = await withAccount(await getDb(), req.headers, given);
  if (raw.handoff !== undefined && raw.handoff !== '') return trackExchange(req, raw);
  const input = parseOrThrow(clickInput, applyAliases(raw));
  const userAgent = userAgentOf(req.headers) ?? null;
  await limitAccount(input.account, req);
  const result = await recordClick(input, {
    ip: clientIp(req),
    userAgent,
    redirect: isGet && input.to !== undefined,
  });
  const cookie = visitorCookie(req, result.visitorId, result.cookieDays);
  if (result.location)
    return { status: 302, headers: { Location: result.location, 'Set-Cookie': cookie, 'Cache-Control': 'no-store' }, body: null };
  return json(
    req,
    {
      visitorId: result.visitorId,
      affiliate: result.affiliate,
      campaign: result.campaign,
      cookieDays: result.cookieDays,
      // Through the shop's own proxy the cookie above is the shop's: the script leaves it alone.
      ...(firstParty(req) ? { firstParty: true } : {}),
    },
    { headers: { 'Set-Cookie': cookie } },
  );
}

/** POST /t/click {account, handoff, vid?}: adopt the token's visitor, or credit its click to the one held. */
async function trackExchange(req: WireRequest, raw: Record<string, unknown>): Promise<WireResponse> {
  const { aff: _aff, a_aid: _aAid, ...rest } = raw;
  if ((_aff ?? _aAid) !== undefined) throw new AppError('invalid_request', 'handoff: send either aff (a click) or handoff (a hand-off token), not both.');
  if (rest.to !== undefined) throw new AppError('invalid_request', 'to: a hand-off token is not a redirect link.');
  const input = parseOrThrow(exchangeInput, rest);
  userAgentOf(req.headers);
  await limitAccount(input.account, req);
  const result = await exchangeHandoff(await getDb(), input);
  return json(req, { ...result, ...(firstParty(req) ? { firstParty: true } : {}) }, {
    headers: { 'Set-Cookie': visitorCookie(req, result.visitorId, result.cookieDays) },
  });
}

/** POST /t/handoff {account, vid}: a hand-off token for the visitor the browser holds (aff.decorate()). */
export async function trackHandoff(req: WireRequest): Promise<WireResponse> {
  const raw = await withAccount(await getDb(), req.headers, await readBody(req));
  const input = parseOrThrow(mintInput, raw);
  await limitAccount(input.account, req);
  // Only the id the page sent, never the tracker's own cookie: any site may call this with the
  // browser's credentials (CORS answers every origin), and trading the token in would show it the id.
  const result = await mintHandoff(await getDb(), input);
  return json(req, result);
}

/**
 * Reached through the shop's own reverse proxy (first-party mode, PLATFORM-API.md §4): a
 * proxy TRUST_PROXY trusts names the host the browser asked for. An untrusted peer's
 * X-Forwarded-Host is ignored (server/http/client-ip.ts).
 */
function firstParty(req: WireRequest): boolean {
  const host = forwardedHost(req.headers)?.toLowerCase();
  // The tracker's own proxy (or Next, filling the header in) reports the tracker's host: not a shop's.
  return host !== undefined && host !== req.headers.get('host')?.toLowerCase() && host !== pinnedHost()?.toLowerCase();
}

/** The tracker's `_aff_vid` cookie, as /t/click sets it. */
function visitorCookie(req: WireRequest, visitorId: string, cookieDays: number): string {
  if (firstParty(req))
    // A cookie of the shop's own host (no Domain): first-party, so Lax is all it needs, and
    // server-set, so browsers do not cap it as they cap cookies set by scripts.
    return [
      `${VISITOR_COOKIE}=${visitorId}`,
      'Path=/',
      `Max-Age=${cookieDays * 86_400}`,
      'HttpOnly',
      'SameSite=Lax',
      ...(forwardedProto(req.headers) === 'https' ? ['Secure'] : []),
    ].join('; ');
  // Any claim of https will do here (not only a trusted proxy's): a false one only costs the
  // claimant their own cookie, and a TLS proxy that is not configured still gets it right.
  const secure = req.tls || req.headers.get('x-forwarded-proto') === 'https';
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

/**
 * GET /t/proxy-check: what the tracker sees of a request that came through the shop's proxy
 * (the forwarded headers, and whether their sender is trusted), for "check my proxy". It
 * tells the caller only about the request the caller itself sent.
 */
export function proxyDiagnostic(req: WireRequest): WireResponse {
  return json(req, {
    forwardedHost: forwardedHost(req.headers) ?? req.headers.get('x-forwarded-host'),
    forwardedProto: req.headers.get('x-forwarded-proto'),
    trusted: peerIsTrustedProxy(req.headers),
    firstParty: firstParty(req),
  });
}

/** A transparent 1×1 GIF: the answer of the impression and sale pixels. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The pixel's answer: never cached, so every view is counted. */
export function pixelResponse(req: WireRequest, headers: Record<string, string> = {}): WireResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': 'image/gif',
      'Content-Length': String(PIXEL.length),
      'Cache-Control': 'no-store, max-age=0',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      ...corsHeaders(req),
      ...headers,
    },
    body: PIXEL,
  };
}

/** GET /t/imp?account=…&aff=…&banner=…: counts a banner impression, answers the pixel. */
export async function trackImpression(req: WireRequest, given: Record<string, unknown>): Promise<WireResponse> {
  const raw = await withAccount(await getDb(), req.headers, given);
  const input = parseOrThrow(impressionInput, applyAliases(raw));
  await limitAccount(input.account, req);
  await recordImpression(input, { ip: clientIp(req), userAgent: userAgentOf(req.headers) ?? null, visitorId: cookieOf(req, VISITOR_COOKIE) });
  return pixelResponse(req);
}

/** POST /t/sale: a browser call (account in the body) or a server call (API key). */
export async function trackSale(req: WireRequest): Promise<WireResponse> {
  const db = await getDb();
  const raw = await readBody(req);
  const key = bearerToken(req);
  if (key !== undefined) {
    const keyMerchant = await writeKeyMerchant(db, key);
    noteApiKeyUse(db, key);
    await limitAccount(keyMerchant, req);
    return json(req, await serverSale(db, keyMerchant, raw));
  }
  return browserSale(req, raw);
}

/**
 * A conversion a browser reports (unverified: TRACKING-API.md §0/§3) — /t/sale's and the PAP
 * drop-in's one way in, so both obey the same rules: no affiliate, status, commission, ip or
 * user-agent from a browser, and a duplicate learns nothing of the order.
 */
export async function browserSale(req: WireRequest, given: Record<string, unknown>): Promise<WireResponse> {
  const db = await getDb();
  assertNoServerOnlyFields(given);
  const raw = await withAccount(db, req.headers, given);
  const input = parseOrThrow(saleInput, raw);
  const userAgent = userAgentOf(req.headers);
  if (!input.account) throw new AppError('invalid_request', 'account: required (or authenticate with an API key).');
  const merchant = await findMerchant(db, input.account);
  if (!merchant) throw new AppError('unknown_account', `No account "${input.account}".`);
  await limitAccount(merchant.id, req);
  await limitBrowserSale(req);
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
  if (result.status === 'duplicate') return json(req, { conversionId: result.conversionId, status: 'duplicate' });
  return json(req, result);
}

/** POST /t/refund: server calls only. */
export async function trackRefund(req: WireRequest): Promise<WireResponse> {
  const db = await getDb();
  const key = bearerToken(req);
  if (key === undefined) throw new AppError('unauthorized', 'A refund needs the merchant’s API key (Authorization: Bearer …).');
  const merchantId = await writeKeyMerchant(db, key);
  await limitAccount(merchantId, req);
  noteApiKeyUse(db, key);
  return json(req, await serverRefund(db, merchantId, await readBody(req)));
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
function pageHostOf(req: WireRequest): string | undefined {
  for (const header of ['origin', 'referer']) {
    const value = req.headers.get(header);
    if (!value || value === 'null') continue;
    const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return undefined;
}

function cookieOf(req: WireRequest, name: string): string | undefined {
  const header = req.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
