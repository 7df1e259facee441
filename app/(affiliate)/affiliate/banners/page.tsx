import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CopyButton } from '@/components/copy-button';
import { BannerStatsLine } from '@/components/banner-stats';
import { Card } from '@/components/ui/card';
import { requestOrigin } from '@/server/http/origin';
import { bannerEmbedCode, directLink, impressionPixelUrl } from '@/server/links';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Banners' };

export default async function BannersPage() {
  const api = await affiliateApi();
  const [me, program, stats] = await Promise.all([api.affiliate.me(), api.affiliate.program(), api.affiliate.bannerStats()]);
  const origin = requestOrigin(await headers());
  const website = program.merchant.websiteUrl ? new URL(program.merchant.websiteUrl, origin).toString() : undefined;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Banners and text links</h1>
      {program.banners.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-500">The merchant has not published banners yet. Your links are on the Links page.</p>
        </Card>
      ) : (
        program.banners.map((b) => {
          const target = b.targetUrl ?? website;
          if (!target) return null;
          const href = directLink(target, { refId: me.refId, banner: b.id, campaign: b.campaignId }, origin);
          const code = bannerEmbedCode(b, href, impressionPixelUrl(origin, program.merchant.id, me.refId, b.id));
          return (
            <Card key={b.id} title={b.name}>
              <BannerStatsLine stats={stats[b.id]} />
              <div className="mb-3 rounded border border-dashed border-slate-300 p-3">
                {b.kind === 'image' && b.imageUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element -- the merchant's banner, any host
                  <img src={b.imageUrl} alt={b.name} width={b.width ?? undefined} height={b.height ?? undefined} className="max-w-full" />
                ) : (
                  <a href={href} className="text-brand-700 underline">{b.linkText || b.name}</a>
                )}
              </div>
              <div className="flex items-center justify-between">
                <span className="text-sm font-medium text-slate-700">Embed code</span>
                <CopyButton text={code} />
              </div>
              <pre tabIndex={0} aria-label={`Embed code of ${b.name}`} className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{code}</pre>
            </Card>
          );
        })
      )}
    </div>
  );
}
