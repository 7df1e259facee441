import type { Metadata } from 'next';
import Link from 'next/link';
import { CampaignCreateForm } from '@/components/merchant/campaigns/campaign-forms';
import { CouponForm, CouponToggle } from '@/components/merchant/campaigns/coupon-forms';
import { Card } from '@/components/ui/card';
import { formatPercent } from '@/server/campaigns/schemas';
import { formatMoney } from '@/server/money';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Campaigns' };

export default async function CampaignsPage() {
  const api = await merchantApi();
  const [account, campaigns, coupons, options] = await Promise.all([
    api.merchant.account(),
    api.campaigns.list(),
    api.campaigns.coupons.list(),
    api.campaigns.coupons.options(),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Campaigns</h1>

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" aria-label="Campaigns">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Campaign</th>
              <th className="px-4 py-2">Sale commission</th>
              <th className="px-4 py-2">Cookie</th>
              <th className="px-4 py-2">Attribution</th>
              <th className="px-4 py-2">Lifetime / recurring</th>
              <th className="px-4 py-2">Approval</th>
              <th className="px-4 py-2">Rules / banners</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {campaigns.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  No campaigns yet. Create one below: clicks and sales need a default campaign to be credited.
                </td>
              </tr>
            ) : (
              campaigns.map((c) => (
                <tr key={c.id} className={c.archived ? 'text-slate-400' : undefined}>
                  <td className="px-4 py-2">
                    <Link href={`/merchant/campaigns/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {c.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">
                      {c.id}
                      {c.isDefault ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 font-sans text-brand-700">default</span> : null}
                      {c.archived ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-sans">archived</span> : null}
                    </div>
                  </td>
                  <td className="px-4 py-2 tabular-nums">
                    {c.saleRule
                      ? c.saleRule.kind === 'percent'
                        ? formatPercent(c.saleRule.percentBp ?? 0)
                        : formatMoney(c.saleRule.fixedAmount ?? 0, c.currency)
                      : <span className="text-slate-500">none</span>}
                    <span className="ml-1 text-xs text-slate-500">{c.currency}</span>
                  </td>
                  <td className="px-4 py-2 tabular-nums">{c.cookieDays} days</td>
                  <td className="px-4 py-2">{c.attributionModel === 'first_click' ? 'First click' : 'Last click'}</td>
                  <td className="px-4 py-2">
                    {c.lifetimeCommissions ? 'yes' : 'no'} / {c.recurringCommissions ? 'yes' : 'no'}
                  </td>
                  <td className="px-4 py-2">
                    {c.autoApprove ? 'at once' : c.autoApproveAfterDays ? `after ${c.autoApproveAfterDays} days` : 'manual'}
                  </td>
                  <td className="px-4 py-2 tabular-nums">
                    {c.rules} / {c.banners}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <Card title="New campaign">
        <WriteGuard><CampaignCreateForm defaultCurrency={account.defaultCurrency} /></WriteGuard>
      </Card>

      <section className="space-y-3" aria-labelledby="coupons-heading">
        <h2 id="coupons-heading" className="text-lg font-semibold">
          Coupons
        </h2>
        <p className="text-sm text-slate-600">
          An order that uses a coupon is credited to the coupon’s affiliate, even without a click.
        </p>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm" aria-label="Coupons">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Code</th>
                <th className="px-4 py-2">Affiliate</th>
                <th className="px-4 py-2">Campaign</th>
                <th className="px-4 py-2">Status</th>
                <th className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {coupons.length === 0 ? (
                <tr>
                  <td colSpan={5} className="px-4 py-6 text-center text-slate-500">
                    No coupons yet. Create one below and give it to an affiliate to share.
                  </td>
                </tr>
              ) : (
                coupons.map((c) => (
                  <tr key={c.id}>
                    <td className="px-4 py-2 font-mono text-xs font-semibold">{c.code}</td>
                    <td className="px-4 py-2">
                      {c.affiliateName} <span className="font-mono text-xs text-slate-500">{c.affiliateRefId}</span>
                    </td>
                    <td className="px-4 py-2">{c.campaignName ?? <span className="text-slate-500">default</span>}</td>
                    <td className="px-4 py-2">{c.active ? 'active' : <span className="text-slate-500">inactive</span>}</td>
                    <td className="px-4 py-2 text-right">
                      <WriteGuard><CouponToggle id={c.id} code={c.code} active={c.active} /></WriteGuard>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        <Card title="New coupon">
          <WriteGuard><CouponForm affiliates={options.affiliates} campaigns={options.campaigns} /></WriteGuard>
        </Card>
      </section>
    </div>
  );
}
