// The rules that choose a click, free of I/O so they are tested directly.
import type { AttributionModel } from '@/db/schema';

export interface CandidateClick {
  id: number;
  affiliateId: string;
  campaignId: string;
  createdAt: Date;
  /** The click's client address (the fraud checks compare it with the blocklist). */
  ip?: string | null;
}

export interface CampaignWindow {
  cookieDays: number;
  fingerprintWindowHours: number;
  attributionModel: AttributionModel;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A click counts while its age is at most its campaign's cookie lifetime (the boundary itself included). */
export function withinCookieLifetime(click: CandidateClick, campaign: CampaignWindow | undefined, now: Date): boolean {
  if (!campaign) return false;
  const age = now.getTime() - click.createdAt.getTime();
  return age >= 0 && age <= campaign.cookieDays * DAY_MS;
}

export function withinFingerprintWindow(click: CandidateClick, campaign: CampaignWindow | undefined, now: Date): boolean {
  if (!campaign) return false;
  const age = now.getTime() - click.createdAt.getTime();
  return age >= 0 && age <= campaign.fingerprintWindowHours * HOUR_MS;
}

const chronological = (a: CandidateClick, b: CandidateClick) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;

/**
 * The cookie method's choice among one visitor's clicks: those within their
 * campaign's cookie lifetime; the last one wins, unless the campaign of that last
 * click is set to first click, in which case the earliest click still valid wins.
 */
export function pickCookieClick<C extends CandidateClick>(
  clicks: C[],
  campaigns: Map<string, CampaignWindow>,
  now: Date,
): C | undefined {
  const valid = clicks.filter((c) => withinCookieLifetime(c, campaigns.get(c.campaignId), now)).sort(chronological);
  const last = valid.at(-1);
  if (!last) return undefined;
  return campaigns.get(last.campaignId)?.attributionModel === 'first_click' ? valid[0] : last;
}

/** The IP + user-agent method's choice: the latest click within its campaign's fingerprint window. */
export function pickFingerprintClick<C extends CandidateClick>(
  clicks: C[],
  campaigns: Map<string, CampaignWindow>,
  now: Date,
): C | undefined {
  return clicks
    .filter((c) => withinFingerprintWindow(c, campaigns.get(c.campaignId), now))
    .sort(chronological)
    .at(-1);
}
