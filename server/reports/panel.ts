// The Reports pages' data: the merchant's whole program (filters by affiliate refId and
// campaign) or one affiliate's own traffic — its own conversions and only the commissions
// credited to it; never another affiliate's rows, and no customer data (no report row
// carries any).
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, campaigns } from '@/db/schema';
import { buildReportView, type ReportView } from './view';
import type { AffiliateReportParams, MerchantReportParams } from './params';

export interface PanelReport extends ReportView {
  campaigns: { id: string; name: string }[];
  /** The affiliate filter named no affiliate of this program. */
  unknownAffiliate?: boolean;
}

const NO_AFFILIATE = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

async function campaignList(db: Db, merchantId: string) {
  return db
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(eq(campaigns.merchantId, merchantId))
    .orderBy(asc(campaigns.name));
}

export async function merchantReport(db: Db, merchantId: string, p: MerchantReportParams): Promise<PanelReport> {
  let affiliateId: string | undefined;
  let unknownAffiliate = false;
  if (p.affiliate) {
    const [a] = await db
      .select({ id: affiliates.id })
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.refId, p.affiliate)));
    affiliateId = a?.id ?? NO_AFFILIATE; // an unknown affiliate selects nothing
    unknownAffiliate = !a;
  }
  const [view, list] = await Promise.all([
    buildReportView(db, merchantId, { groupBy: p.groupBy, from: p.from, to: p.to, affiliateId, campaignId: p.campaign, sort: p.sort, dir: p.dir }),
    campaignList(db, merchantId),
  ]);
  return { ...view, campaigns: list, unknownAffiliate };
}

export async function affiliateReport(db: Db, merchantId: string, affiliateId: string, p: AffiliateReportParams): Promise<PanelReport> {
  const [view, list] = await Promise.all([
    buildReportView(db, merchantId, {
      groupBy: p.groupBy,
      from: p.from,
      to: p.to,
      affiliateId,
      commissionsOf: affiliateId,
      campaignId: p.campaign,
      sort: p.sort,
      dir: p.dir,
    }),
    campaignList(db, merchantId),
  ]);
  return { ...view, campaigns: list };
}
