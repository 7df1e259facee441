// A banner's figures (impressions, unique impressions, clicks, click-through rate), shown on
// the merchant's campaign page and the affiliate's banners page. UI only: the numbers come in.
import { formatCtr, BANNER_STATS_DAYS, type BannerStats } from '@/server/queries/banner-stats';

export function BannerStatsLine({ stats }: { stats: BannerStats | undefined }) {
  const s = stats ?? { impressions: 0, uniqueImpressions: 0, clicks: 0, ctr: null };
  return (
    <dl className="mb-3 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-700" aria-label={`Last ${BANNER_STATS_DAYS} days`} data-testid="banner-stats">
      <div><dt className="inline text-slate-500">Impressions </dt><dd className="inline font-medium">{s.impressions.toLocaleString('en-US')}</dd></div>
      <div><dt className="inline text-slate-500">Unique </dt><dd className="inline font-medium">{s.uniqueImpressions.toLocaleString('en-US')}</dd></div>
      <div><dt className="inline text-slate-500">Clicks </dt><dd className="inline font-medium">{s.clicks.toLocaleString('en-US')}</dd></div>
      <div><dt className="inline text-slate-500">CTR </dt><dd className="inline font-medium">{formatCtr(s.ctr)}</dd></div>
      <div className="text-xs text-slate-500">last {BANNER_STATS_DAYS} days</div>
    </dl>
  );
}
