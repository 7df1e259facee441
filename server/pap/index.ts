// The Post Affiliate Pro drop-in (PLATFORM-API.md §4): PAP's URLs and parameter names
// translated onto the tracker's own entry points — clickFrom, browserSale, trackImpression —
// so there is one attribution, one money module and one set of browser rules. Nothing is
// decided here that /t/* does not decide the same way.
import { getDb } from '@/db';
import { clickFrom, browserSale, pixelResponse, trackImpression } from '../tracking';
import { forwardedHost, forwardedProto } from '../http/client-ip';
import type { WireRequest, WireResponse } from '../http/wire';
import { accountOfRequest } from '../tracking/host-account';
import { findBanner, findMerchant } from '../tracking/lookups';

/**
 * PAP's pixel parameters (matched case-insensitively, as PAP does) → the fields of /t/sale.
 * AffiliateID, Status and FixedCost map onto the fields only a server may send, so a browser
 * sending them is refused exactly as /t/sale refuses it (TRACKING-API.md §3).
 */
const SALE_FIELDS: Record<string, string> = {
  accountid: 'account',
  totalcost: 'total',
  orderid: 'orderId',
  productid: 'productId',
  actioncode: 'actionCode',
  coupon: 'coupon',
  currency: 'currency',
  visitorid: 'visitorId',
  data1: 'data1',
  data2: 'data2',
  data3: 'data3',
  data4: 'data4',
  data5: 'data5',
  affiliateid: 'affiliate',
  status: 'status',
  fixedcost: 'commission',
};

/** A PAP link's parameters → /t/click's (the a_* aliases are the tracker's own). */
const CLICK_FIELDS: Record<string, string> = {
  accountid: 'account',
  a_aid: 'aff',
  a_bid: 'banner',
  a_cid: 'campaign',
  chan: 'channel',
  data1: 'data1',
  data2: 'data2',
  data3: 'data3',
  data4: 'data4',
  data5: 'data5',
  desturl: 'to',
};

/** The query's parameters PAP names, under the tracker's names; empty values are left out, as PAP's snippets send many. */
function translate(req: WireRequest, fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(req.query)) {
    const field = fields[name.toLowerCase()];
    if (field && value !== '' && out[field] === undefined) out[field] = value;
  }
  return out;
}

/** GET /scripts/sale.php: a browser's sale or action (unverified), answered with the pixel once recorded. */
export async function papSale(req: WireRequest): Promise<WireResponse> {
  const res = await browserSale(req, translate(req, SALE_FIELDS));
  return res.status >= 200 && res.status < 300 ? pixelResponse(req) : res;
}

/**
 * GET /scripts/click.php?AccountId=…&a_aid=…&a_bid=…&desturl=…: a redirect link, by /t/click's
 * rules (the target must be on an allowed domain). Without `desturl`, PAP sends the visitor to
 * the banner's destination, else the program's website: so do we.
 */
export async function papClick(req: WireRequest): Promise<WireResponse> {
  const raw = translate(req, CLICK_FIELDS);
  if (raw.to === undefined) {
    const db = await getDb();
    const account = await accountOfRequest(db, req.headers, raw.account);
    const merchant = await findMerchant(db, account);
    const banner = merchant && raw.banner ? await findBanner(db, merchant.id, raw.banner) : undefined;
    const to = banner?.targetUrl ?? merchant?.websiteUrl;
    if (to) raw.to = new URL(to, requestOrigin(req)).toString();
  }
  const referrer = req.headers.get('referer');
  if (referrer) raw.referrer = referrer.slice(0, 2048);
  return clickFrom(req, raw, true);
}

/**
 * The origin the visitor asked for — a trusted proxy's X-Forwarded-Proto/-Host, else the
 * connection's scheme and the Host header — against which a relative website address resolves.
 */
function requestOrigin(req: WireRequest): string {
  const proto = forwardedProto(req.headers) ?? (req.tls ? 'https' : 'http');
  return `${proto}://${forwardedHost(req.headers) ?? req.headers.get('host') ?? 'localhost'}`;
}

/** GET /scripts/imp.php?AccountId=…&a_aid=…&a_bid=…: a banner impression, the pixel. */
export function papImp(req: WireRequest): Promise<WireResponse> {
  return trackImpression(req, translate(req, CLICK_FIELDS));
}
