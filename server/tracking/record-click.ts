// Records a click: resolve the account, affiliate, campaign and banner, reuse or
// create the visitor id, and commit the click (group commit) before answering.
import { getDb } from '@/db';
import { env } from '../env';
import { AppError } from '../errors';
import { blockedClickFlag } from '../fraud/blocklist';
import { countryOf, startGeo } from '../geo';
import { userAgentFamily } from '../user-agent';
import { newVisitorId, VISITOR_ID_RE } from '../ids';
import { ClickWriter } from './click-writer';
import { isVisitorOf, sealHandoff } from './handoff';
import type { ClickInput } from './inputs';
import { findAffiliateByRef, findBanner, findMerchant, merchantCampaigns } from './lookups';
import { checkRedirectTarget } from './redirect';

const g = globalThis as typeof globalThis & { __affClickWriter?: ClickWriter };
const clickWriter = (g.__affClickWriter ??= new ClickWriter(getDb, { groupCommit: env().CLICK_GROUP_COMMIT !== '0' }));

export interface ClickResult {
  visitorId: string;
  affiliate: string;
  campaign: string;
  cookieDays: number;
  clickId: number;
  /** Redirect mode: where to send the visitor (with a hand-off token as aff_vid). */
  location?: string;
}

export async function recordClick(
  input: ClickInput,
  meta: { ip: string; userAgent: string | null; redirect: boolean },
): Promise<ClickResult> {
  const db = await getDb();
  const merchant = await findMerchant(db, input.account);
  if (!merchant) throw new AppError('unknown_account', `No account "${input.account}".`);
  // Validate the redirect target before anything is written: a refused redirect records nothing.
  const target = meta.redirect && input.to !== undefined ? checkRedirectTarget(input.to, merchant.allowedDomains) : undefined;
  if (meta.redirect && input.to === undefined) throw new AppError('invalid_redirect', 'to: the redirect target is missing.');

  const affiliate = await findAffiliateByRef(db, merchant.id, input.aff);
  if (!affiliate || affiliate.status !== 'approved')
    throw new AppError('unknown_affiliate', `No active affiliate "${input.aff}" in this program.`);

  const { byId, default: defaultCampaign } = await merchantCampaigns(db, merchant.id);
  // An unknown banner or campaign id (an old link) still counts the click, on the default campaign.
  const banner = input.banner ? await findBanner(db, merchant.id, input.banner) : undefined;
  const active = (id: string | undefined) => {
    const c = id ? byId.get(id) : undefined;
    return c && !c.archived ? c : undefined;
  };
  // An archived campaign takes no new clicks: they count on the default campaign instead.
  const campaign = active(input.campaign) ?? active(banner?.campaignId) ?? defaultCampaign;
  if (!campaign) throw new AppError('unknown_account', 'This account has no campaign to track.');

  const reused = input.vid && VISITOR_ID_RE.test(input.vid) && (await isVisitorOf(db, merchant.id, input.vid));
  const visitorId = reused ? input.vid! : newVisitorId();

  await startGeo(); // loaded once per process; only the first clicks after boot wait for it
  const country = countryOf(meta.ip);
  const clickId = await clickWriter.write(
    {
      merchantId: merchant.id,
      visitorId,
      affiliateId: affiliate.id,
      campaignId: campaign.id,
      bannerId: banner?.id ?? null,
      channel: input.channel ?? null,
      data1: input.data1 ?? null,
      data2: input.data2 ?? null,
      data3: input.data3 ?? null,
      data4: input.data4 ?? null,
      data5: input.data5 ?? null,
      url: input.url ?? null,
      referrer: input.referrer ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent,
      country,
      ...userAgentFamily(meta.userAgent),
      // A blocked IP, country or affiliate is still answered and stored (the contract), but never counts as a unique click.
      flag: blockedClickFlag(merchant, affiliate, meta.ip, country),
    },
    !reused,
    merchant.repeatClickWindowMinutes * 60,
  );

  let location: string | undefined;
  if (target) {
    // Never the visitor id itself: a URL leaks (referrers, logs, analytics), and whoever
    // holds the id could join that visitor. A short-lived token the landing page's t.js trades in.
    target.searchParams.set('aff_vid', sealHandoff(merchant.id, { visitorId, clickId }));
    location = target.toString();
  }
  return { visitorId, affiliate: affiliate.refId, campaign: campaign.id, cookieDays: campaign.cookieDays, clickId, location };
}
