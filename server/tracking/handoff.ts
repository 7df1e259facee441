// Hand-off tokens (TRACKING-API.md §1, §2): what the tracker puts in a URL instead of
// a visitor id — redirect mode's `aff_vid=`, and what `aff.decorate()` writes into links
// (`aff_vid=`, Stripe's `client_reference_id=`) and forms (hidden `aff_vid`).
//
// A token is sealed, not stored: AES-256-GCM over (visitor id, click id, issued at), with
// a key of its own per account derived (HKDF-SHA256) from the app's secret
// (server/auth/secret.ts). So it reveals nothing of the visitor id, cannot be forged or
// altered, and a token of one account does not open under another's key; making one costs
// no write on the hot path and opening one no read. 56 bytes → `ah1_` + 75 base64url
// characters: within what Stripe keeps in client_reference_id (200, `[A-Za-z0-9_-]`).
// Random 96-bit nonces are safe for far more tokens than one account will ever make
// under its own key (the GCM bound is 2^32 per key).
//
// Two windows, one token:
// - a browser adopts it (or credits its click to the visitor it holds) for 10 minutes
//   after it was made (`exchangeHandoff`): long enough to follow a link, too short for a
//   token seen in a log, a referrer or an analytics report to be worth much;
// - the merchant's side (`resolveVisitorRef`, run by every conversion) accepts it for the
//   longest cookie lifetime of the account's campaigns: a token carried into a checkout
//   (Stripe's client_reference_id, provider metadata, a posted form) arrives with the
//   sale, which may be days later. It resolves only to the visitor whose attribution it
//   stood for; the cookie rule then still decides which click, within its lifetime, wins.
// Rotating AUTH_SECRET invalidates every token, as it ends every session.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { clicks, visitors } from '@/db/schema';
import { pickCookieClick } from '../attribution/pick';
import { authSecret } from '../auth/secret';
import { AppError } from '../errors';
import { HANDOFF_RE, VISITOR_ID_RE } from '../ids';
import { findAffiliateById, findMerchant, merchantCampaigns } from './lookups';

const PREFIX = 'ah1_';
/** How long a browser may take a token over (`aff_vid` on a landing page). */
export const BROWSER_HANDOFF_SECONDS = 600;
/** Clock skew between app servers that a token's issue time may show. */
const SKEW_SECONDS = 300;
const DAY_S = 86_400;

export interface Handoff {
  visitorId: string;
  /** The click the token stands for (0: none, e.g. a visitor who has no click within its lifetime). */
  clickId: number;
  /** Seconds since the epoch. */
  issuedAt: number;
}

// Derived keys, per secret and account; bounded (account ids are few, but arrive from the outside).
const g = globalThis as typeof globalThis & { __affHandoffKeys?: Map<string, Buffer> };
const keys = (g.__affHandoffKeys ??= new Map());

function keyOf(merchantId: string): Buffer {
  const secret = authSecret();
  const id = `${secret}\u0000${merchantId}`;
  let key = keys.get(id);
  if (!key) {
    if (keys.size >= 1_000) keys.clear();
    key = Buffer.from(hkdfSync('sha256', secret, 'aff-tracker hand-off', `v1\u0000${merchantId}`, 32));
    keys.set(id, key);
  }
  return key;
}

/** A new token for `visitorId` (and the click it stands for) of this account. */
export function sealHandoff(merchantId: string, h: { visitorId: string; clickId: number }, now = Date.now()): string {
  if (!VISITOR_ID_RE.test(h.visitorId)) throw new Error('sealHandoff: not a visitor id');
  const plain = Buffer.alloc(28);
  plain.write(h.visitorId, 0, 16, 'hex');
  plain.writeBigUInt64BE(BigInt(h.clickId), 16);
  plain.writeUInt32BE(Math.floor(now / 1000), 24);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(merchantId), iv);
  cipher.setAAD(Buffer.from(PREFIX));
  const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + sealed.toString('base64url');
}

/** The token's content, or undefined for anything that is not a token this account's key sealed. */
export function openHandoff(merchantId: string, token: string): Handoff | undefined {
  if (!HANDOFF_RE.test(token)) return undefined;
  const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
  // base64url of 56 bytes is 75 characters whose last one carries 2 bits; a non-canonical
  // spelling of the same bytes is refused, so each token has one spelling only.
  if (raw.length !== 56 || raw.toString('base64url') !== token.slice(PREFIX.length)) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(merchantId), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(PREFIX));
    decipher.setAuthTag(raw.subarray(40));
    const plain = Buffer.concat([decipher.update(raw.subarray(12, 40)), decipher.final()]);
    return {
      visitorId: plain.subarray(0, 16).toString('hex'),
      clickId: Number(plain.readBigUInt64BE(16)),
      issuedAt: plain.readUInt32BE(24),
    };
  } catch {
    return undefined;
  }
}

const ageOf = (h: Handoff, now: number) => Math.floor(now / 1000) - h.issuedAt;

/**
 * The raw visitor id a conversion's `visitorId` stands for: a raw id (32 hex) as it is,
 * a valid token of this account within the longest cookie lifetime of its campaigns as
 * its visitor; anything else undefined.
 */
export async function resolveVisitorRef(db: Db, merchantId: string, value: string | undefined, now = Date.now()): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (VISITOR_ID_RE.test(value)) return value;
  const h = openHandoff(merchantId, value);
  if (!h) return undefined;
  const { byId } = await merchantCampaigns(db, merchantId);
  const longestDays = Math.max(0, ...[...byId.values()].map((c) => c.cookieDays));
  const age = ageOf(h, now);
  return age >= -SKEW_SECONDS && age <= longestDays * DAY_S ? h.visitorId : undefined;
}

/** Whether `visitorId` is a visitor the tracker made for this account. */
export async function isVisitorOf(db: Db, merchantId: string, visitorId: string): Promise<boolean> {
  const rows = await db
    .select({ id: visitors.id })
    .from(visitors)
    .where(and(eq(visitors.id, visitorId), eq(visitors.merchantId, merchantId)));
  return rows.length > 0;
}

/** A token for a visitor the browser holds (`aff.decorate()`), standing for the click its attribution would credit now. */
export async function mintHandoff(db: Db, input: { account: string; vid?: string }, now = Date.now()) {
  const merchant = await findMerchant(db, input.account);
  if (!merchant) throw new AppError('unknown_account', `No account "${input.account}".`);
  if (!input.vid || !VISITOR_ID_RE.test(input.vid) || !(await isVisitorOf(db, merchant.id, input.vid)))
    throw new AppError('invalid_request', 'vid: not a visitor id of this account.');
  const { byId } = await merchantCampaigns(db, merchant.id);
  const longestDays = Math.max(0, ...[...byId.values()].map((c) => c.cookieDays));
  const rows = await db
    .select({ id: clicks.id, affiliateId: clicks.affiliateId, campaignId: clicks.campaignId, createdAt: clicks.createdAt })
    .from(clicks)
    .where(
      and(eq(clicks.merchantId, merchant.id), eq(clicks.visitorId, input.vid), gte(clicks.createdAt, new Date(now - longestDays * DAY_S * 1000))),
    )
    .orderBy(asc(clicks.createdAt), asc(clicks.id))
    .limit(1000);
  const click = pickCookieClick(rows, byId, new Date(now));
  return { handoff: sealHandoff(merchant.id, { visitorId: input.vid, clickId: click?.id ?? 0 }, now), expiresIn: BROWSER_HANDOFF_SECONDS };
}

export interface ExchangeResult {
  visitorId: string;
  affiliate: string | null;
  campaign: string | null;
  cookieDays: number;
}

/**
 * A browser landing on `?aff_vid=<token>` (t.js sends it as `handoff`, with the id it
 * holds as `vid`). Records no new click. No id held (or one the tracker does not know
 * for this account): the browser adopts the token's visitor. An id held: it keeps it,
 * and the token's click is credited to it — a copy of that click for the held visitor,
 * same affiliate, campaign, banner, sub-ids, address and time, so the cookie rule picks
 * between its clicks by the campaign's first/last-click model. The copy is the same
 * click seen again, not a new one: flagged `handoff`, a repeat, and never added to the
 * daily click counts; it is made once per (visitor, click) however often the token is used.
 */
export async function exchangeHandoff(db: Db, input: { account: string; handoff: string; vid?: string }, now = Date.now()): Promise<ExchangeResult> {
  const merchant = await findMerchant(db, input.account);
  if (!merchant) throw new AppError('unknown_account', `No account "${input.account}".`);
  const h = openHandoff(merchant.id, input.handoff);
  if (!h) throw new AppError('invalid_request', 'handoff: not a hand-off token of this account (altered, forged or made for another account).');
  const age = ageOf(h, now);
  if (age < -SKEW_SECONDS || age > BROWSER_HANDOFF_SECONDS)
    throw new AppError('invalid_request', `handoff: the token has expired (a browser may take it over for ${BROWSER_HANDOFF_SECONDS / 60} minutes).`);

  const held = input.vid && VISITOR_ID_RE.test(input.vid) && input.vid !== h.visitorId && (await isVisitorOf(db, merchant.id, input.vid)) ? input.vid : undefined;
  const { byId, default: defaultCampaign } = await merchantCampaigns(db, merchant.id);
  const [click] =
    h.clickId > 0
      ? await db
          .select({ affiliateId: clicks.affiliateId, campaignId: clicks.campaignId })
          .from(clicks)
          .where(and(eq(clicks.merchantId, merchant.id), eq(clicks.id, h.clickId)))
      : [];
  if (held && click) await creditClick(db, merchant.id, h.clickId, held);
  const affiliate = click ? await findAffiliateById(db, merchant.id, click.affiliateId) : undefined;
  const campaign = (click && byId.get(click.campaignId)) || defaultCampaign;
  return {
    visitorId: held ?? h.visitorId,
    affiliate: affiliate?.refId ?? null,
    campaign: campaign?.id ?? null,
    cookieDays: campaign?.cookieDays ?? 30,
  };
}

/** The token's click, copied once for `visitorId` (see exchangeHandoff). One statement. */
async function creditClick(db: Db, merchantId: string, clickId: number, visitorId: string): Promise<void> {
  await db.execute(sql`
    insert into clicks (merchant_id, visitor_id, affiliate_id, campaign_id, banner_id, channel,
      data1, data2, data3, data4, data5, url, referrer, ip, user_agent, country, device, browser, os, is_repeat, flag, created_at)
    select c.merchant_id, ${visitorId}, c.affiliate_id, c.campaign_id, c.banner_id, c.channel,
      c.data1, c.data2, c.data3, c.data4, c.data5, c.url, c.referrer, c.ip, c.user_agent, c.country, c.device, c.browser, c.os,
      true, 'handoff', c.created_at
    from clicks c
    where c.merchant_id = ${merchantId} and c.id = ${clickId}
      and not exists (select 1 from clicks d
        where d.merchant_id = c.merchant_id and d.visitor_id = ${visitorId}::char(32)
          and d.affiliate_id = c.affiliate_id and d.created_at = c.created_at)`);
}
