// A postback's URL: the affiliate's template with every macro replaced by its value,
// URL-encoded (encodeURIComponent), so a sub-id holding `&`, spaces or any Unicode can
// neither break the query nor add a parameter. Values come from the commission, its
// conversion and the conversion's click, read when the postback is sent.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { clicks, commissions, conversions } from '@/db/schema';
import { toMajorString } from '../money';
import { MACRO_PATTERN, type PostbackMacro } from './schemas';

export type MacroValues = Partial<Record<PostbackMacro, string>>;

export function renderPostbackUrl(template: string, values: MacroValues): string {
  return template.replace(MACRO_PATTERN, (_, name: string) => encodeURIComponent(values[name as PostbackMacro] ?? ''));
}

/**
 * The macros' values for the affiliate's tier-1 commission on a conversion (the current one:
 * a verified report revising the conversion replaces its commissions), or undefined when
 * there is none any more.
 */
export async function macroValuesOf(db: Db, merchantId: string, ref: { conversionId: string; affiliateId: string; status?: string }): Promise<MacroValues | undefined> {
  const [row] = await db
    .select({ commission: commissions, conversion: conversions })
    .from(commissions)
    .innerJoin(conversions, eq(conversions.id, commissions.conversionId))
    .where(
      and(
        eq(commissions.merchantId, merchantId),
        eq(commissions.conversionId, ref.conversionId),
        eq(commissions.affiliateId, ref.affiliateId),
        eq(commissions.tier, 1),
        eq(commissions.kind, 'commission'),
      ),
    )
    .orderBy(desc(commissions.createdAt))
    .limit(1);
  if (!row) return undefined;
  const status = ref.status;
  const { commission: c, conversion: v } = row;
  const [click] = v.clickId
    ? await db
        .select()
        .from(clicks)
        .where(and(eq(clicks.merchantId, merchantId), eq(clicks.id, v.clickId)))
        .limit(1)
    : [];
  return {
    click_id: v.clickId ? String(v.clickId) : '',
    visitor_id: click?.visitorId ?? v.visitorId ?? '',
    conversion_id: v.id,
    order_id: v.orderId ?? '',
    action: v.actionCode || 'sale',
    // What the rules credited (a later refund does not rewrite what the postback reports).
    commission: toMajorString(c.originalAmount, c.currency),
    commission_minor: String(c.originalAmount),
    currency: c.currency,
    total: toMajorString(v.total, v.currency),
    total_minor: String(v.total),
    order_currency: v.currency,
    status: status ?? c.status,
    tier: String(c.tier),
    campaign: v.campaignId,
    banner: click?.bannerId ?? '',
    channel: click?.channel ?? '',
    data1: click?.data1 ?? v.data1 ?? '',
    data2: click?.data2 ?? v.data2 ?? '',
    data3: click?.data3 ?? v.data3 ?? '',
    data4: click?.data4 ?? v.data4 ?? '',
    data5: click?.data5 ?? v.data5 ?? '',
    timestamp: String(Math.floor(v.createdAt.getTime() / 1000)),
    datetime: v.createdAt.toISOString(),
    test: '0',
  };
}

/** The values of a test postback: recognisably made up, with characters that must be encoded. */
export function testMacroValues(currency: string, at = new Date()): MacroValues {
  return {
    click_id: '0',
    visitor_id: '00000000000000000000000000000000',
    conversion_id: 'test',
    order_id: 'TEST-ORDER',
    action: 'sale',
    commission: toMajorString(1250, currency),
    commission_minor: '1250',
    currency,
    total: toMajorString(12500, currency),
    total_minor: '12500',
    order_currency: currency,
    status: 'pending',
    tier: '1',
    campaign: 'test',
    banner: '',
    channel: 'test',
    data1: 'test click',
    data2: '',
    data3: '',
    data4: '',
    data5: '',
    timestamp: String(Math.floor(at.getTime() / 1000)),
    datetime: at.toISOString(),
    test: '1',
  };
}
