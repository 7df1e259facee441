// Records a sale or an action: validate, attribute, then in one statement (shared
// with concurrent sales) the conversion (idempotent by its unique key), its
// commissions per tier and the customer's lifetime link. /t/sale and the payment
// webhooks both come here.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { affiliates, conversions, type Affiliate, type Conversion } from '@/db/schema';
import { attribute, customerKeys, parentChain, type Attribution } from '../attribution';
import { commissionsOf, computeCommissions, maxTier, type CommissionLine, type CommissionView } from '../commissions';
import { AppError } from '../errors';
import { conversionFlags, flagParts } from '../fraud/conversion-flags';
import { isCurrency, parseAmount } from '../money';
import { writeConversion } from './conversion-writer';
import { resolveVisitorRef } from './handoff';
import { campaignRules, findMerchant, merchantCampaigns } from './lookups';

export interface ConversionRequest {
  merchantId: string;
  /** `js`, `api`, or `webhook:<provider>`. */
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
  /** Server calls only. */
  explicitAffiliate?: string;
  forcedStatus?: 'pending' | 'approved';
  /** A fixed tier-1 commission in major units, overriding the rules (server calls only). */
  commission?: unknown;
  subscriptionId?: string;
  /** Attribute to this earlier conversion's referrer (a subscription renewal). */
  renewalOf?: Conversion;
}

export interface ConversionResult {
  conversionId: string;
  status: 'attributed' | 'unattributed' | 'duplicate';
  method: string | null;
  affiliate: string | null;
  commissions: CommissionView[];
  flags?: string[];
}

export async function recordConversion(db: Db, req: ConversionRequest): Promise<ConversionResult> {
  // A hand-off token carried through a checkout stands for its visitor (server/tracking/handoff.ts).
  req = { ...req, visitorId: await resolveVisitorRef(db, req.merchantId, req.visitorId) };
  const actionCode = req.actionCode ?? '';
  const isSale = actionCode === '';
  if (isSale && !req.orderId) throw new AppError('invalid_request', 'orderId: required for a sale.');
  if (isSale && req.total === undefined && req.totalMinor === undefined)
    throw new AppError('invalid_request', 'total: required for a sale.');
  if (req.currency !== undefined && !isCurrency(req.currency))
    throw new AppError('invalid_request', `currency: ${req.currency} is not an ISO 4217 currency.`);

  const { default: defaultCampaign } = await merchantCampaigns(db, req.merchantId);
  if (!defaultCampaign) throw new AppError('unknown_account', 'This account has no campaign to track.');
  // Validate the amounts before anything else runs (with the currency the sale will most likely have).
  const amounts = (currency: string) => ({
    total: req.totalMinor ?? (req.total === undefined ? 0 : parseAmount(req.total, currency, 'total')),
    commission: req.commission === undefined ? undefined : parseAmount(req.commission, currency, 'commission'),
  });
  let parsed = amounts(req.currency ?? defaultCampaign.currency);

  const attribution: Attribution | null = req.renewalOf
    ? await renewalAttribution(db, req)
    : await attribute(db, {
        merchantId: req.merchantId,
        explicitAffiliate: req.explicitAffiliate,
        customerId: req.customerId,
        customerEmail: req.customerEmail,
        coupon: req.coupon,
        visitorId: req.visitorId,
        ip: req.ip,
        userAgent: req.userAgent,
      });
  const campaign = attribution?.campaign ?? defaultCampaign;
  const currency = req.currency ?? campaign.currency;
  if (currency !== (req.currency ?? defaultCampaign.currency)) parsed = amounts(currency);

  const merchant = await findMerchant(db, req.merchantId);
  if (!merchant) throw new AppError('unknown_account', 'This account no longer exists.');
  const flags = conversionFlags({ merchant, attribution, customerEmail: req.customerEmail, ip: req.ip });
  // A self-referral is refused: stored and flagged, but it earns no commission and links no customer.
  const selfReferral = flags.known.includes('self_referral');

  // Rules and the parent chain come from the lookups cache: the write below is all that
  // goes to the database.
  let chain: Affiliate[] = [];
  let lines: CommissionLine[] = [];
  if (attribution && !selfReferral) {
    const rules = await campaignRules(db, req.merchantId, campaign.id);
    chain = await parentChain(db, req.merchantId, attribution.affiliate, Math.max(1, maxTier(rules, actionCode)));
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
    });
  }
  const status = req.forcedStatus ?? (campaign.autoApprove ? 'approved' : 'pending');

  // The first attributed conversion of a customer links them to the affiliate for lifetime commissions.
  const keys = attribution && !selfReferral ? customerKeys(req.customerId, req.customerEmail) : [];
  // The conversion, its commissions and the customer link in ONE statement, shared with the
  // sales arriving at the same time (server/tracking/conversion-writer.ts).
  const inserted = await writeConversion(db, {
    conversion: {
      merchantId: req.merchantId,
      campaignId: campaign.id,
      orderId: req.orderId ?? null,
      actionCode,
      total: parsed.total,
      currency,
      status: attribution ? 'attributed' : 'unattributed',
      method: attribution?.method ?? null,
      affiliateId: attribution?.affiliate.id ?? null,
      clickId: attribution?.clickId ?? null,
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
    },
    flags: flagParts(flags),
    commissions: lines,
    commissionCurrency: currency,
    commissionStatus: status,
    customer: keys.length ? { keys, affiliateId: attribution!.affiliate.id, campaignId: campaign.id } : null,
  });
  if (!inserted) return duplicateOf(db, req.merchantId, req.orderId!, actionCode);

  // The commissions as commissionsOf would read them back: tier order, refIds from the chain.
  const refIds = new Map(chain.map((a) => [a.id, a.refId]));
  return {
    conversionId: inserted.id,
    status: attribution ? 'attributed' : 'unattributed',
    method: attribution?.method ?? null,
    affiliate: attribution?.affiliate.refId ?? null,
    commissions: lines.map((l) => ({ affiliate: refIds.get(l.affiliateId)!, tier: l.tier, amount: l.amount, currency, status })),
    ...(inserted.flags.length ? { flags: inserted.flags } : {}),
  };
}

/** The conversion a repeated order id names, as it stands now. */
async function duplicateOf(db: Tx, merchantId: string, orderId: string, actionCode: string): Promise<ConversionResult> {
  const [row] = await db
    .select({ conversion: conversions, refId: affiliates.refId })
    .from(conversions)
    .leftJoin(affiliates, eq(affiliates.id, conversions.affiliateId))
    .where(and(eq(conversions.merchantId, merchantId), eq(conversions.orderId, orderId), eq(conversions.actionCode, actionCode)));
  if (!row) throw new AppError('internal_error', 'The conversion vanished while it was being recorded.');
  return {
    conversionId: row.conversion.id,
    status: 'duplicate',
    method: row.conversion.method,
    affiliate: row.refId ?? null,
    commissions: await commissionsOf(db, merchantId, row.conversion.id),
    ...(row.conversion.flags.length ? { flags: row.conversion.flags } : {}),
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
