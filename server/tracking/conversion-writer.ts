// Writes conversions: each with its commissions per tier and the customer's lifetime
// link, many at once in ONE statement (group commit, server/tracking/batcher.ts).
// Concurrent sales share a round trip and a commit, and each is answered only after
// that statement committed. A repeated order id inserts nothing — the unique key
// decides, also between two sales of one batch — and neither do the parts that
// hang on it. Ids are made here, so the statement's rows are matched back by id.
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { isTransaction, rowsOf, type Db, type Tx } from '@/db';
import { jsonParam } from '@/db/json-rows';
import { commissions, type AttributionMethod } from '@/db/schema';
import type { ConversionFlag } from '../fraud/flags';
import { metrics } from '../metrics';
import { COMMISSION_NOTICE_KEY_PREFIX, COMMISSION_NOTICE_KIND } from '../mail/commission-notices';
import { afterCommit } from '../outbox/enqueue';
import { POSTBACK_KEY_PREFIX, POSTBACK_KIND } from '../postbacks/kinds';
import { Batcher } from './batcher';
import { anySubscriber } from '../outgoing-webhooks/events';
import { emitConversionsCreated } from '../outgoing-webhooks/emit';

export interface ConversionRow {
  merchantId: string;
  campaignId: string;
  orderId: string | null;
  actionCode: string;
  total: number;
  currency: string;
  status: 'attributed' | 'unattributed';
  method: AttributionMethod | null;
  affiliateId: string | null;
  clickId: number | null;
  visitorId: string | null;
  couponCode: string | null;
  customerId: string | null;
  customerEmail: string | null;
  productId: string | null;
  data1?: string;
  data2?: string;
  data3?: string;
  data4?: string;
  data5?: string;
  ip: string | null;
  userAgent: string | null;
  source: string;
  subscriptionId: string | null;
  parentConversionId: string | null;
  verified: boolean;
  test: boolean;
}

export interface ConversionWrite {
  conversion: ConversionRow;
  /** The flags around `affiliate_ip`, which the statement adds when the affiliate signed in from `signIn.ip` since `signIn.since`. */
  flags: { before: ConversionFlag[]; after: ConversionFlag[]; signIn: { ip: string; since: Date } | null };
  /** Each in its own currency: a percent commission in the sale's, a fixed one in its rule's. */
  commissions: { affiliateId: string; tier: number; amount: number; currency: string }[];
  commissionStatus: 'pending' | 'approved' | 'declined';
  /** The customer's keys, linked to the referrer when this is their first attributed conversion. */
  customer: { keys: string[]; affiliateId: string; campaignId: string } | null;
}

/** What was stored, or null when the order key was already taken (a duplicate). */
export type Written = { id: string; flags: string[] } | null;

const batchers = new WeakMap<Db, Batcher<ConversionWrite, Written>>();

/** Writes one conversion, with the others arriving at the same time (or alone, inside a transaction). */
export function writeConversion(db: Db, write: ConversionWrite): Promise<Written> {
  if (isTransaction(db)) return writeConversions(db, [write]).then(([w]) => w!);
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new Batcher((writes) => (metrics().saleBatch.observe(writes.length), writeConversions(db, writes)), { maxBatch: 200, maxConcurrent: 4 })));
  return batcher.submit(write);
}

/** The writes in one statement, atomic without BEGIN/COMMIT; answered in their order. */
export async function writeConversions(db: Tx, writes: ConversionWrite[]): Promise<Written[]> {
  // Outgoing webhooks (conversion.created, commission.created) are queued in the same
  // transaction as the rows; a batch nobody listens to stays one statement with no BEGIN.
  if (!isTransaction(db)) {
    const merchants = [...new Set(writes.map((w) => w.conversion.merchantId))];
    for (const m of merchants)
      if (await anySubscriber(db, m, ['conversion.created', 'commission.created'])) return (db as Db).transaction((tx) => writeConversions(tx, writes));
  }
  const ids = writes.map(() => randomUUID());
  const conversions = writes.map(({ conversion: c, flags }, k) => ({
    k,
    id: ids[k],
    m: c.merchantId,
    cmp: c.campaignId,
    ord: c.orderId,
    act: c.actionCode,
    total: c.total,
    cur: c.currency,
    st: c.status,
    meth: c.method,
    aff: c.affiliateId,
    click: c.clickId,
    vid: c.visitorId,
    coupon: c.couponCode,
    cid: c.customerId,
    cem: c.customerEmail,
    prod: c.productId,
    d1: c.data1 ?? null,
    d2: c.data2 ?? null,
    d3: c.data3 ?? null,
    d4: c.data4 ?? null,
    d5: c.data5 ?? null,
    ip: c.ip,
    ua: c.userAgent,
    src: c.source,
    sub: c.subscriptionId,
    parent: c.parentConversionId,
    ver: c.verified,
    test: c.test,
    f1: flags.before,
    f2: flags.after,
    sip: flags.signIn?.ip ?? null,
    sip_since: flags.signIn?.since.toISOString() ?? null,
  }));
  const lines = writes.flatMap((w, k) =>
    w.commissions.map((l) => ({
      conv: ids[k],
      m: w.conversion.merchantId,
      aff: l.affiliateId,
      tier: l.tier,
      amount: l.amount,
      cur: l.currency,
      st: w.commissionStatus,
    })),
  );
  const keys = writes.flatMap((w, k) =>
    (w.customer?.keys ?? []).map((key) => ({ k, conv: ids[k], m: w.conversion.merchantId, key, aff: w.customer!.affiliateId, cmp: w.customer!.campaignId })),
  );
  // The commissions and the customer links join the conversions actually inserted: a
  // duplicate's (not in `conv`) are not written. Inserted in the batch's order, so of two
  // sales of one batch with the same order id the first is stored.
  const rows = rowsOf<{ id: string; flags: string[] | string }>(
    await db.execute(sql`
      with i as (
        select * from json_to_recordset(${jsonParam(conversions)}::json) as i(
          k int, id uuid, m text, cmp text, ord text, act text, total bigint, cur text, st text, meth text, aff uuid,
          click bigint, vid text, coupon text, cid text, cem text, prod text, d1 text, d2 text, d3 text, d4 text, d5 text,
          ip text, ua text, src text, sub text, parent uuid, ver boolean, test boolean, f1 text[], f2 text[], sip text, sip_since timestamptz)
      ),
      conv as (
        insert into conversions (id, merchant_id, campaign_id, order_id, action_code, total, currency, status, method,
          affiliate_id, click_id, visitor_id, coupon_code, customer_id, customer_email, product_id,
          data1, data2, data3, data4, data5, ip, user_agent, source, subscription_id, parent_conversion_id, verified, test, flags)
        select id, m, cmp, ord, act, total, cur, st, meth, aff, click, vid, coupon, cid, cem, prod, d1, d2, d3, d4, d5,
          ip, ua, src, sub, parent, ver, test,
          f1 || case when sip is not null and exists (select 1 from affiliate_sign_in_ips s
                  where s.affiliate_id = i.aff and s.merchant_id = i.m and s.ip = i.sip and s.last_seen_at >= i.sip_since)
                then array['affiliate_ip']::text[] else array[]::text[] end || f2
        from i
        order by k
        on conflict (merchant_id, order_id, action_code) do nothing
        returning id, flags
      ),
      com as (
        insert into commissions (merchant_id, conversion_id, affiliate_id, tier, amount, original_amount, currency, status)
        select l.m, l.conv, l.aff, l.tier, l.amount, l.amount, l.cur, l.st
        from json_to_recordset(${jsonParam(lines)}::json) as l(conv uuid, m text, aff uuid, tier int, amount bigint, cur text, st text)
        join conv on conv.id = l.conv
        returning id, merchant_id, status, affiliate_id, tier, conversion_id
      ),
      notice as (
        -- The affiliate's "new commission" mail, noted in the same statement: no read, no round trip (server/mail/notify.ts).
        insert into outbox_messages (merchant_id, kind, payload, dedupe_key)
        select merchant_id, ${COMMISSION_NOTICE_KIND}::text, jsonb_build_object('commissionId', id), ${COMMISSION_NOTICE_KEY_PREFIX}::text || id::text
        from com where status <> 'declined'
      ),
      postback as (
        -- The affiliate's postback, in the same statement (server/postbacks): a tier-1, undeclined
        -- commission of a non-test conversion whose affiliate has one turned on.
        insert into outbox_messages (merchant_id, kind, payload, dedupe_key)
        select com.merchant_id, ${POSTBACK_KIND}::text,
          jsonb_build_object('affiliateId', com.affiliate_id, 'conversionId', com.conversion_id, 'commissionId', com.id, 'status', com.status),
          ${POSTBACK_KEY_PREFIX}::text || com.conversion_id::text || ':' || com.affiliate_id::text
        from com
        join affiliate_postbacks p on p.affiliate_id = com.affiliate_id and p.merchant_id = com.merchant_id
          and p.enabled and not p.blocked_by_merchant
        join i on i.id = com.conversion_id
        where com.tier = 1 and com.status <> 'declined' and not i.test
        on conflict (dedupe_key) do nothing
      ),
      cust as (
        insert into customers (merchant_id, customer_key, affiliate_id, campaign_id, first_conversion_id)
        select c.m, c.key, c.aff, c.cmp, c.conv
        from json_to_recordset(${jsonParam(keys)}::json) as c(k int, conv uuid, m text, key text, aff uuid, cmp text)
        join conv on conv.id = c.conv
        order by c.k
        on conflict do nothing
      )
      select id, flags from conv`),
  );
  const stored = new Map(rows.map((r) => [r.id, parseTextArray(r.flags)]));
  if (isTransaction(db))
    for (const [k, id] of ids.entries())
      if (stored.has(id) && (await anySubscriber(db, writes[k]!.conversion.merchantId, ['conversion.created', 'commission.created'])))
        await emitConversionsCreated(db, writes[k]!.conversion.merchantId, [id], () => commissionIdsOf(db, id));
  // Wake the outbox worker once the notices are committed (at once outside a transaction).
  if (lines.length > 0 && rows.length > 0) await afterCommit(db);
  return ids.map((id) => (stored.has(id) ? { id, flags: stored.get(id)! } : null));
}

async function commissionIdsOf(db: Tx, conversionId: string): Promise<string[]> {
  const rows = await db.select({ id: commissions.id }).from(commissions).where(eq(commissions.conversionId, conversionId)).orderBy(asc(commissions.tier));
  return rows.map((r) => r.id);
}

/** A text[] of a raw statement: an array, or its literal when the driver left it as text. */
function parseTextArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',') : [];
}
