import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { CopyButton } from '@/components/copy-button';
import { BannerActions, BannerForm } from '@/components/merchant/campaigns/banner-forms';
import { CampaignSettingsForm, CampaignStateActions } from '@/components/merchant/campaigns/campaign-forms';
import { GroupsManager } from '@/components/merchant/campaigns/group-forms';
import { RulesManager } from '@/components/merchant/campaigns/rule-forms';
import { BannerStatsLine } from '@/components/banner-stats';
import { Card } from '@/components/ui/card';
import { requestOrigin } from '@/server/http/origin';
import { bannerEmbedCode, directLink, impressionPixelUrl } from '@/server/links';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Campaign' };

/** Stands in for each affiliate's referral id in the embed code shown here. */
const PLACEHOLDER_REF = 'AFFILIATE_ID';

const notFoundAsNull = (e: unknown) => {
  if (e instanceof TRPCError && e.code === 'NOT_FOUND') return null;
  throw e;
};

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await merchantApi();
  const [account, detail] = await Promise.all([api.merchant.account(), api.campaigns.byId({ id: id.slice(0, 64) }).catch(notFoundAsNull)]);
  if (!detail) notFound();
  const { campaign, rules, banners, groups, bannerStats } = detail;
  const origin = requestOrigin(await headers());
  const website = account.websiteUrl ? new URL(account.websiteUrl, origin).toString() : undefined;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/merchant/campaigns" className="text-sm text-brand-700 hover:underline">
          ← Campaigns
        </Link>
        <h1 className="text-2xl font-semibold">
          {campaign.name}
          {campaign.archived ? <span className="ml-2 align-middle text-sm font-normal text-slate-500">archived</span> : null}
        </h1>
        <p className="font-mono text-xs text-slate-500">{campaign.id}</p>
      </div>

      <Card title="Settings">
        <div className="space-y-4">
          <WriteGuard><CampaignSettingsForm key={campaign.id} campaign={campaign} /></WriteGuard>
          <WriteGuard><CampaignStateActions id={campaign.id} isDefault={campaign.isDefault} archived={campaign.archived} /></WriteGuard>
        </div>
      </Card>

      <Card title="Commission rules">
        <p className="mb-3 text-sm text-slate-600">
          A rule for a product wins over the general rule of its action and tier. Tier 2 and deeper pay the referring affiliate’s parents.
        </p>
        <WriteGuard><RulesManager campaignId={campaign.id} currency={campaign.currency} rules={rules} /></WriteGuard>
      </Card>

      <Card title="Commission groups">
        <p className="mb-3 text-sm text-slate-600">
          A group’s rules replace this campaign’s, rule by rule, for the affiliates in it (put an affiliate in a group on its page or in bulk in
          Affiliates). Each tier is paid by the group of the affiliate being paid; where a group has no rule, the campaign’s applies.
        </p>
        <WriteGuard><GroupsManager campaignId={campaign.id} currency={campaign.currency} groups={groups} /></WriteGuard>
      </Card>

      <section className="space-y-3" aria-labelledby="banners-heading">
        <h2 id="banners-heading" className="text-lg font-semibold">
          Banners and text links
        </h2>
        <p className="text-sm text-slate-600">
          The embed code is shown as an affiliate gets it; <code className="rounded bg-slate-100 px-1 font-mono text-xs">{PLACEHOLDER_REF}</code>{' '}
          stands for each affiliate’s own referral id.
        </p>
        {banners.length === 0 ? (
          <Card>
            <p className="text-sm text-slate-500">No banners or text links yet. Create one below; your affiliates find it on their Banners page.</p>
          </Card>
        ) : (
          banners.map((b) => {
            const target = b.targetUrl ?? website;
            const href = target ? directLink(target, { refId: PLACEHOLDER_REF, banner: b.id, campaign: b.campaignId }, origin) : undefined;
            const code = href ? bannerEmbedCode(b, href, impressionPixelUrl(origin, account.id, PLACEHOLDER_REF, b.id)) : undefined;
            return (
              <Card
                key={b.id}
                title={
                  <span>
                    {b.name} <span className="font-mono text-xs font-normal text-slate-500">{b.id}</span>
                    {b.archived ? <span className="ml-2 text-xs font-normal text-slate-500">archived — affiliates no longer see it</span> : null}
                  </span>
                }
              >
                <BannerStatsLine stats={bannerStats[b.id]} />
                <div className="mb-3 overflow-x-auto rounded border border-dashed border-slate-300 p-3">
                  {b.kind === 'image' && b.imageUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- the merchant's banner, any host
                    <img src={b.imageUrl} alt={b.name} width={b.width ?? undefined} height={b.height ?? undefined} className="max-w-full" />
                  ) : (
                    <a href={href} className="text-brand-700 underline">
                      {b.linkText || b.name}
                    </a>
                  )}
                </div>
                {code ? (
                  <>
                    <div className="flex items-center justify-between">
                      <span className="text-sm font-medium text-slate-700">Embed code (with {PLACEHOLDER_REF} as the affiliate)</span>
                      <CopyButton text={code} />
                    </div>
                    <pre tabIndex={0} aria-label="Embed code" className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{code}</pre>
                  </>
                ) : (
                  <p className="text-sm text-amber-700">
                    No target page and no website address for the program: set a target page so affiliates get a link.
                  </p>
                )}
                <div className="mt-3">
                  <WriteGuard><BannerActions banner={b} allowedDomains={account.allowedDomains} /></WriteGuard>
                </div>
              </Card>
            );
          })
        )}
        <Card title="New banner or text link">
          <WriteGuard><BannerForm campaignId={campaign.id} allowedDomains={account.allowedDomains} /></WriteGuard>
        </Card>
      </section>
    </div>
  );
}
