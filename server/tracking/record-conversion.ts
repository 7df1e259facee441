// Records a sale or an action: validate, attribute, then in one statement (shared
// with concurrent sales) the conversion (idempotent by its unique key), its
// commissions per tier and the customer's lifetime link. /t/sale and the payment
// webhooks both come here.
//
// Trust is a property of the source (TRACKING-API.md §0): a browser's report is
// provisional. When the order key is already taken, a verified report replaces a
// browser's (total, currency, customer, attribution, commissions — unless one is paid),
// and completes an earlier verified one that could not be attributed (providers deliver
// events in any order: Stripe's invoice.paid before the Checkout Session that carries
// the visitor id). Both happen once, under a row lock and a condition on the row, so two
// deliveries arriving together cannot both apply. Only a verified conversion links a
// customer for lifetime referrals.
import { and, eq, gte, isNull, ne } from 'drizzle-orm';
import { isTransaction, type Db, type Tx } from '@/db';
import { affiliateSignInIps, affiliates, commissions, conversions, customers, type Affiliate, type Campaign, type Conversion } from '@/db/schema';
import { attribute, customerKeys, parentChain, type Attribution, type AttributionStep } from '../attribution';
import { commissionsOf, computeCommissions, maxTier, type CommissionLine, type CommissionView } from '../commissions';
import { AppError } from '../errors';
import { browserFlags, conversionFlags, flagParts } from '../fraud/conversion-flags';
import type { ConversionFlag } from '../fraud/flags';
import { startGeo } from '../geo';
import { currencyProblem, parseAmount, prorate } from '../money';
import { noteCommissions } from '../mail/commission-notices';
import { notePostbacks } from '../postbacks/note';
import { writeConversion, type ConversionRow } from './conversion-writer';
import { browserActionsOf, campaignGroupRules, campaignRules, findMerchant, merchantCampaigns, usualOrderValue } from './lookups';
import { resolveVisitorRef } from './handoff';

export interface ConversionRequest {
  merchantId: string;
  /** `js`, `api`, `test`, or `webhook:<provider>`. */
  source: string;
  orderId?: string;
  /** Absent or '' for a sale. */
  actionCode?: string;
  /** Major units as sent (`"120.50"`, `120.5`)… */
  total?: unknown;
  /** …or minor units already (webhooks of providers that send cents). */
  totalMinor?: number;
  currency?: string;
  visitorId?: string;
  coupon?: string;
  customerId?: string;
  customerEmail?: string;
  productId?: string;
  data?: { data1?: string; data2?: string; data3?: string; data4?: string; data5?: string };
  ip?: string;
  userAgent?: string;
  /** The host of the page that sent a browser report (its Origin or Referer), checked against the allowed domains. */
  originHost?: string;
  /** Server calls only. */
  explicitAffiliate?: string;
  forcedStatus?: 'pending' | 'approved';
  /** A fixed tier-1 commission in major units, overriding the rules (server calls only). */
  commission?: unknown;
  subscriptionId?: string;
  /** Attribute to this earlier conversion's referrer (a subscription renewal). */
  renewalOf?: Conversion;
  /** A test order (the panel's live test, a gateway's test mode): recorded and labelled, never payable, never in figures. */
  test?: boolean;
}

export interface ConversionResult {
  conversionId: string;
  status: 'attributed' | 'unattributed' | 'duplicate';
  method: string | null;
  affiliate: string | null;
  commissions: CommissionView[];
  flags?: string[];
  /** A test conversion. */
  test?: boolean;
  /** The attribution steps tried, for the tracking log (server/tracking-log); not part of the contract's answer. */
  trace?: AttributionStep[];
}

/** A browser is the one unverified source; the API key, signed webhooks and the merchant's own panel are verified. */
export const isVerifiedSource = (source: string) => source !== 'js';

/** What the rules make of one report: everything the write needs, computed once. */
interface Plan {
  attribution: Attribution | null;
  campaign: Campaign;
  total: number;
  currency: string;
  chain: Affiliate[];
  lines: CommissionLine[];
  status: 'pending' | 'approved' | 'declined';
  flags: ReturnType<typeof flagParts>;
  customerKeys: string[];
  /** What attribution tried, for the tracking log. */
  trace: AttributionStep[];
}

export async function recordConversion(db: Db, req: ConversionRequest): Promise<ConversionResult> {
  // A hand-off token carried through a checkout stands for its visitor (server/tracking/handoff.ts).
  req = { ...req, visitorId: await resolveVisitorRef(db, req.merchantId, req.visitorId) };
  const actionCode = req.actionCode ?? '';
  const isSale = actionCode === '';
  if (isSale && !req.orderId) throw new AppError('invalid_request', 'orderId: required for a sale.');
  if (isSale && req.total === undefined && req.totalMinor === undefined)
    throw new AppError('invalid_request', 'total: required for a sale.');
  const problem = req.currency === undefined ? undefined : currencyProblem(req.currency);
  if (problem) throw new AppError('invalid_request', `currency: ${problem}.`);
  const verified = isVerifiedSource(req.source);

  const plan = await planConversion(db, req, { visitorId: req.visitorId });
  const inserted = await writeConversion(db, {
    conversion: rowOf(req, plan, verified),
    flags: plan.flags,
    commissions: plan.lines,
    commissionStatus: plan.status,
    customer: plan.customerKeys.length
      ? { keys: plan.customerKeys, affiliateId: plan.attribution!.affiliate.id, campaignId: plan.campaign.id }
      : null,
  });
  if (inserted) return resultOf(inserted.id, plan, inserted.flags, req.test);

  // The order key is taken. A verified report may replace or complete what is there.
  const key = { merchantId: req.merchantId, orderId: req.orderId!, actionCode };
  if (verified) {
    const revised = isTransaction(db) ? await revise(db, req, plan, key) : await db.transaction((tx) => revise(tx, req, plan, key));
    if (revised) return revised;
  }
  // (A browser caller is shown less of it: server/tracking/index.ts.)
  return { ...(await duplicateOf(db, key)), trace: plan.trace };
}

/** Attribution, amounts, commissions and flags for one report. */
async function planConversion(db: Db | Tx, req: ConversionRequest, opts: { visitorId?: string }): Promise<Plan> {
  const actionCode = req.actionCode ?? '';
  const verified = isVerifiedSource(req.source);
  const { default: defaultCampaign } = await merchantCampaigns(db as Db, req.merchantId);
  if (!defaultCampaign) throw new AppError('unknown_account', 'This account has no campaign to track.');
  // Validate the amounts before anything else runs (with the currency the sale will most likely have).
  const amounts = (currency: string) => ({
    total: req.totalMinor ?? (req.total === undefined ? 0 : parseAmount(req.total, currency, 'total')),
    commission: req.commission === undefined ? undefined : parseAmount(req.commission, currency, 'commission'),
  });
  let parsed = amounts(req.currency ?? defaultCampaign.currency);

  const trace: AttributionStep[] = []; // tracking log
  const attribution: Attribution | null = req.renewalOf
    ? await renewalAttribution(db as Db, req)
    : await attribute(db as Db, {
        merchantId: req.merchantId,
        explicitAffiliate: req.explicitAffiliate,
        customerId: req.customerId,
        customerEmail: req.customerEmail,
        coupon: req.coupon,
        visitorId: opts.visitorId,
        ip: req.ip,
        userAgent: req.userAgent,
        trace,
      });
  const campaign = attribution?.campaign ?? defaultCampaign;
  const currency = req.currency ?? campaign.currency;
  if (currency !== (req.currency ?? defaultCampaign.currency)) parsed = amounts(currency);

  const merchant = await findMerchant(db as Db, req.merchantId);
  if (!merchant) throw new AppError('unknown_account', 'This account no longer exists.');
  // The country rules need the country database (loaded at boot; only the first sales of a fresh process wait).
  if (merchant.blockedCountries.length || merchant.flaggedCountries.length) await startGeo();
  const flags = conversionFlags({ merchant, attribution, customerEmail: req.customerEmail, ip: req.ip });
  if (!verified && attribution) {
    // What a browser alone may earn: the campaign's policy, the per-visitor action limit, an outsized total, a foreign page.
    const visitor = opts.visitorId ?? null;
    // Every browser action of the visitor counts, with or without an order id: a browser can invent order ids.
    const limited =
      actionCode !== '' && campaign.browserActionLimit > 0 && visitor
        ? (await browserActionsOf(db as Db, req.merchantId, visitor, actionCode)) >= campaign.browserActionLimit
        : false;
    const usual = actionCode === '' ? await usualOrderValue(db as Db, req.merchantId, campaign.id, currency) : undefined;
    flags.known.push(...browserFlags({ merchant, campaign, total: parsed.total, usual, originHost: req.originHost, limited }));
  }
  // A self-referral or a browser past its action limit is stored and flagged, but earns nothing and links no customer.
  const refused = flags.known.some((f: ConversionFlag) => f === 'self_referral' || f === 'action_limit');

  // Rules and the parent chain come from the lookups cache: the write is all that goes to the database.
  let chain: Affiliate[] = [];
  let lines: CommissionLine[] = [];
  if (attribution && !refused) {
    const rules = await campaignRules(db as Db, req.merchantId, campaign.id);
    const groups = await campaignGroupRules(db as Db, req.merchantId, campaign.id);
    chain = await parentChain(db as Db, req.merchantId, attribution.affiliate, Math.max(1, maxTier(rules, actionCode), groups.maxTier(actionCode)));
    // Tiers go up the parent chain until an affiliate that is not active.
    const inactive = chain.findIndex((a, i) => i > 0 && a.status !== 'approved');
    lines = computeCommissions({
      rules,
      chain: inactive === -1 ? chain : chain.slice(0, inactive),
      actionCode,
      productId: req.productId,
      total: parsed.total,
      currency,
      campaignCurrency: campaign.currency,
      tier1Override: parsed.commission,
      rulesOf: groups.rulesOf,
    });
  }
  // A test never pays anyone: its commissions are declined from the start.
  const status = req.test ? 'declined' : (req.forcedStatus ?? (campaign.autoApprove ? 'approved' : 'pending'));
  // Only a verified, real conversion links its customer to the affiliate for lifetime commissions.
  const keys = attribution && !refused && verified && !req.test ? customerKeys(req.customerId, req.customerEmail) : [];
  return { attribution, campaign, total: parsed.total, currency, chain, lines, status, flags: flagParts(flags), customerKeys: keys, trace };
}

function rowOf(req: ConversionRequest, plan: Plan, verified: boolean): ConversionRow {
  const a = plan.attribution;
  return {
    merchantId: req.merchantId,
    campaignId: plan.campaign.id,
    orderId: req.orderId ?? null,
    actionCode: req.actionCode ?? '',
    total: plan.total,
    currency: plan.currency,
    status: a ? 'attributed' : 'unattributed',
    method: a?.method ?? null,
    affiliateId: a?.affiliate.id ?? null,
    clickId: a?.clickId ?? null,
    visitorId: req.visitorId ?? null,
    couponCode: req.coupon ?? null,
    customerId: req.customerId ?? null,
    customerEmail: req.customerEmail ?? null,
    productId: req.productId ?? null,
    ...req.data,
    ip: req.ip ?? null,
    userAgent: req.userAgent ?? null,
    source: req.source,
    subscriptionId: req.subscriptionId ?? null,
    parentConversionId: req.renewalOf?.id ?? null,
    verified,
    test: req.test ?? false,
  };
}

/** The answer to a report as the rules made it: tier order, refIds from the chain. */
function resultOf(conversionId: string, plan: Plan, flags: string[], test?: boolean): ConversionResult {
  const refIds = new Map(plan.chain.map((a) => [a.id, a.refId]));
  return {
    conversionId,
    status: plan.attribution ? 'attributed' : 'unattributed',
    method: plan.attribution?.method ?? null,
    affiliate: plan.attribution?.affiliate.refId ?? null,
    commissions: plan.lines.map((l) => ({
      affiliate: refIds.get(l.affiliateId)!,
      tier: l.tier,
      amount: l.amount,
      currency: l.currency,
      status: plan.status,
    })),
    ...(flags.length ? { flags } : {}),
    ...(test ? { test: true } : {}),
    trace: plan.trace,
  };
}

interface OrderKey {
  merchantId: string;
  orderId: string;
  actionCode: string;
}

/**
 * A verified report of an order already recorded. It replaces a browser's report, or
 * completes a verified one that has no referrer or customer yet. A browser's report whose
 * commissions the merchant already acted on (paid, in a payout, declined) keeps them: only
 * its total, currency and customer become the verified ones. Undefined when it changes
 * nothing (a plain duplicate).
 */
async function revise(tx: Tx, req: ConversionRequest, plan: Plan, key: OrderKey): Promise<ConversionResult | undefined> {
  // Locked: a concurrent revision of the same order waits here, then sees what this one did.
  const [existing] = await tx
    .select()
    .from(conversions)
    .where(and(eq(conversions.merchantId, key.merchantId), eq(conversions.orderId, key.orderId), eq(conversions.actionCode, key.actionCode)))
    .for('update');
  if (!existing) throw new AppError('internal_error', 'The conversion vanished while it was being recorded.');
  // Its commissions locked too: a payout batch taking them waits, or has taken them and is seen here.
  const current = await tx
    .select({ id: commissions.id, status: commissions.status, payoutId: commissions.payoutId })
    .from(commissions)
    .where(and(eq(commissions.merchantId, key.merchantId), eq(commissions.conversionId, existing.id)))
    .for('update');
  const fullyRefunded = existing.total > 0 && existing.refunded >= existing.total;
  const decided = current.some((c) => c.status === 'paid' || c.payoutId !== null || (c.status === 'declined' && !fullyRefunded));

  if (!existing.verified) {
    const customer = {
      customerId: req.customerId ?? existing.customerId,
      customerEmail: req.customerEmail ?? existing.customerEmail,
    };
    if (decided) {
      // The merchant already paid or judged these commissions: they stand, the order's facts become the verified ones.
      const total = plan.total;
      await tx
        .update(conversions)
        .set({ total, currency: plan.currency, refunded: Math.min(existing.refunded, total), ...customer, verified: true, source: req.source })
        .where(eq(conversions.id, existing.id));
      return undefined;
    }
    // The verified call's own visitor id first; the browser's when it sends none.
    const visitorId = req.visitorId ?? existing.visitorId ?? undefined;
    const replacement = visitorId === req.visitorId ? plan : await planConversion(tx, req, { visitorId });
    const refunded = Math.min(existing.refunded, replacement.total);
    const removed = await tx
      .delete(commissions)
      .where(
        and(
          eq(commissions.merchantId, key.merchantId),
          eq(commissions.conversionId, existing.id),
          isNull(commissions.payoutId),
          ne(commissions.status, 'paid'),
        ),
      )
      .returning({ id: commissions.id });
    if (removed.length !== current.length) throw new AppError('conflict', 'The order’s commissions changed meanwhile; the report will be retried.');
    const row = rowOf({ ...req, visitorId }, replacement, true);
    const flags = await withSignInFlag(tx, replacement);
    await tx
      .update(conversions)
      .set({ ...conversionUpdate(row), refunded, flags, reviewedAt: null, reviewedBy: null })
      .where(eq(conversions.id, existing.id));
    await insertCommissions(tx, key.merchantId, existing.id, replacement, refunded);
    await linkCustomer(tx, key.merchantId, existing.id, replacement);
    return resultOf(existing.id, replacement, flags, req.test);
  }

  // Between verified sources the first report stands: only what it lacked is filled in.
  const missing = {
    ...(existing.customerId === null && req.customerId ? { customerId: req.customerId } : {}),
    ...(existing.customerEmail === null && req.customerEmail ? { customerEmail: req.customerEmail } : {}),
    ...(existing.visitorId === null && req.visitorId ? { visitorId: req.visitorId } : {}),
    ...(existing.couponCode === null && req.coupon ? { couponCode: req.coupon } : {}),
  };
  if (existing.status === 'unattributed' && plan.attribution && !existing.test === !req.test && current.length === 0) {
    // The earlier delivery could not be attributed; this one can. Planned again on the order as it
    // stands (its total and currency, unless it had no amount, and its customer), so the
    // commissions, the flags (a self-referral) and the customer link follow the same rules.
    const useNewAmount = existing.total === 0 && plan.total > 0;
    const completed = await planConversion(
      tx,
      {
        ...req,
        total: undefined,
        totalMinor: useNewAmount ? plan.total : existing.total,
        currency: useNewAmount ? plan.currency : existing.currency,
        customerId: existing.customerId ?? req.customerId,
        customerEmail: existing.customerEmail ?? req.customerEmail,
        coupon: req.coupon ?? existing.couponCode ?? undefined,
        test: existing.test,
      },
      { visitorId: req.visitorId ?? existing.visitorId ?? undefined },
    );
    const a = completed.attribution;
    if (!a) return undefined;
    const flags = [...new Set([...existing.flags, ...(await withSignInFlag(tx, completed))])];
    const [updated] = await tx
      .update(conversions)
      .set({
        ...missing,
        total: completed.total,
        currency: completed.currency,
        status: 'attributed',
        method: a.method,
        affiliateId: a.affiliate.id,
        clickId: a.clickId ?? null,
        campaignId: completed.campaign.id,
        flags,
      })
      .where(and(eq(conversions.id, existing.id), eq(conversions.status, 'unattributed')))
      .returning({ flags: conversions.flags });
    if (!updated) return undefined;
    await insertCommissions(tx, key.merchantId, existing.id, completed, existing.refunded);
    await linkCustomer(tx, key.merchantId, existing.id, completed);
    return resultOf(existing.id, completed, updated.flags, existing.test);
  }
  if (Object.keys(missing).length > 0) {
    await tx.update(conversions).set(missing).where(eq(conversions.id, existing.id));
    // A customer learnt late still links to the referrer, for their later purchases — not a test's, nor a self-referral's.
    const refused = existing.flags.some((f) => f === 'self_referral' || f === 'action_limit');
    if (existing.affiliateId && !existing.test && !refused && (missing.customerId || missing.customerEmail)) {
      const keys = customerKeys(missing.customerId, missing.customerEmail);
      if (keys.length)
        await tx
          .insert(customers)
          .values(keys.map((k) => ({ merchantId: key.merchantId, customerKey: k, affiliateId: existing.affiliateId!, campaignId: existing.campaignId, firstConversionId: existing.id })))
          .onConflictDoNothing();
    }
  }
  return undefined;
}

/**
 * A revision's flags: the known ones, and `affiliate_ip` asked of the database as the
 * batched INSERT asks it (server/tracking/conversion-writer.ts), in the same place.
 */
async function withSignInFlag(tx: Tx, plan: Plan): Promise<string[]> {
  const { before, after, signIn } = plan.flags;
  if (!signIn || !plan.attribution) return [...before, ...after];
  const [hit] = await tx
    .select({ ip: affiliateSignInIps.ip })
    .from(affiliateSignInIps)
    .where(
      and(
        eq(affiliateSignInIps.merchantId, plan.campaign.merchantId),
        eq(affiliateSignInIps.affiliateId, plan.attribution.affiliate.id),
        eq(affiliateSignInIps.ip, signIn.ip),
        gte(affiliateSignInIps.lastSeenAt, signIn.since),
      ),
    )
    .limit(1);
  return [...before, ...(hit ? ['affiliate_ip'] : []), ...after];
}

/** The columns a replacement overwrites: everything the report decides, not the row's identity or its history. */
function conversionUpdate(row: ConversionRow) {
  const { merchantId: _m, orderId: _o, actionCode: _a, ...rest } = row;
  return rest;
}

/** Commissions of a part-refunded order are what is left of them, as /t/refund would have left them. */
async function insertCommissions(tx: Tx, merchantId: string, conversionId: string, plan: Plan, refunded: number) {
  const total = plan.total;
  if (plan.lines.length === 0) return;
  const remaining = total - refunded;
  const inserted = await tx.insert(commissions).values(
    plan.lines.map((l) => ({
      merchantId,
      conversionId,
      affiliateId: l.affiliateId,
      tier: l.tier,
      originalAmount: l.amount,
      amount: refunded > 0 && total > 0 ? prorate(l.amount, Math.max(0, remaining), total) : l.amount,
      currency: l.currency,
      status: refunded > 0 && remaining <= 0 ? ('declined' as const) : plan.status,
    })),
  ).returning({ id: commissions.id, status: commissions.status });
  // Each affiliate hears of its new commission (the mail is written by the outbox worker).
  await noteCommissions(tx, merchantId, inserted.filter((c) => c.status !== 'declined').map((c) => c.id));
  // And the affiliate's postback, if it has one (once per conversion and affiliate: a revision does not fire it again).
  await notePostbacks(tx, merchantId, inserted.map((c) => c.id));
}

async function linkCustomer(tx: Tx, merchantId: string, conversionId: string, plan: Plan) {
  if (!plan.attribution || plan.customerKeys.length === 0) return;
  await tx
    .insert(customers)
    .values(
      plan.customerKeys.map((k) => ({
        merchantId,
        customerKey: k,
        affiliateId: plan.attribution!.affiliate.id,
        campaignId: plan.campaign.id,
        firstConversionId: conversionId,
      })),
    )
    .onConflictDoNothing();
}

/** The conversion a repeated order id names, as it stands now. */
async function duplicateOf(db: Tx, key: OrderKey): Promise<ConversionResult> {
  const [row] = await db
    .select({ conversion: conversions, refId: affiliates.refId })
    .from(conversions)
    .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
    .where(and(eq(conversions.merchantId, key.merchantId), eq(conversions.orderId, key.orderId), eq(conversions.actionCode, key.actionCode)));
  if (!row) throw new AppError('internal_error', 'The conversion vanished while it was being recorded.');
  return {
    conversionId: row.conversion.id,
    status: 'duplicate',
    method: row.conversion.method,
    affiliate: row.refId ?? null,
    commissions: await commissionsOf(db, key.merchantId, row.conversion.id),
    ...(row.conversion.flags.length ? { flags: row.conversion.flags } : {}),
    ...(row.conversion.test ? { test: true } : {}),
  };
}

/** A renewal is credited to the referrer of the subscription's first payment, when its campaign pays recurring commissions. */
async function renewalAttribution(db: Db, req: ConversionRequest): Promise<Attribution | null> {
  const first = req.renewalOf!;
  if (!first.affiliateId || !first.method) return null;
  const { byId } = await merchantCampaigns(db, req.merchantId);
  const campaign = byId.get(first.campaignId);
  if (!campaign?.recurringCommissions) return null;
  const [affiliate] = await db
    .select()
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, req.merchantId), eq(affiliates.id, first.affiliateId)));
  if (!affiliate || affiliate.status !== 'approved') return null;
  return { method: first.method, affiliate, campaign };
}
