import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { CampaignCreateForm } from '@/components/merchant/campaigns/campaign-forms';
import { CouponForm, CouponToggle } from '@/components/merchant/campaigns/coupon-forms';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
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

      <DataTable
        label="Campaigns"
        testId="campaigns"
        rows={campaigns}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-muted': c.archived ? 'true' : 'false' })}
        empty="No campaigns yet. Create one below: clicks and sales need a default campaign to be credited."
        columns={[
          {
            key: 'name',
            header: 'Campaign',
            cell: (c) => (
              <>
                <Link href={`/merchant/campaigns/${c.id}`} className="font-medium text-brand-700 hover:underline">
                  {c.name}
                </Link>
                <div className="font-mono text-xs break-all text-slate-500">
                  {c.id}
                  {c.isDefault ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 font-sans text-brand-700">default</span> : null}
                  {c.archived ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-sans text-slate-700">archived</span> : null}
                </div>
              </>
            ),
          },
          {
            key: 'sale',
            header: 'Sale commission',
            cell: (c) => (
              <span className="tabular-nums">
                {c.saleRule ? (
                  c.saleRule.kind === 'percent' ? (
                    formatPercent(c.saleRule.percentBp ?? 0)
                  ) : (
                    formatMoney(c.saleRule.fixedAmount ?? 0, c.currency)
                  )
                ) : (
                  <span className="text-slate-500">none</span>
                )}
                <span className="ml-1 text-xs text-slate-500">{c.currency}</span>
              </span>
            ),
          },
          { key: 'cookie', header: 'Cookie', priority: 'normal', cell: (c) => `${c.cookieDays} days` },
          { key: 'model', header: 'Attribution', priority: 'normal', cell: (c) => (c.attributionModel === 'first_click' ? 'First click' : 'Last click') },
          {
            key: 'lifetime',
            header: 'Lifetime / recurring',
            priority: 'detail',
            cell: (c) => `${c.lifetimeCommissions ? 'yes' : 'no'} / ${c.recurringCommissions ? 'yes' : 'no'}`,
          },
          {
            key: 'approval',
            header: 'Approval',
            priority: 'normal',
            cell: (c) => (c.autoApprove ? 'at once' : c.autoApproveAfterDays ? `after ${c.autoApproveAfterDays} days` : 'manual'),
          },
          { key: 'counts', header: 'Rules / banners', priority: 'detail', cell: (c) => `${c.rules} / ${c.banners}` },
        ]}
      />

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
        <DataTable
          label="Coupons"
          testId="coupons"
          rows={coupons}
          rowKey={(c) => c.id}
          empty="No coupons yet. Create one below and give it to an affiliate to share."
          columns={[
            { key: 'code', header: 'Code', className: 'font-mono text-xs font-semibold break-all', cell: (c) => c.code },
            {
              key: 'affiliate',
              header: 'Affiliate',
              cell: (c) => (
                <>
                  {c.affiliateName} <span className="font-mono text-xs text-slate-500">{c.affiliateRefId}</span>
                </>
              ),
            },
            { key: 'campaign', header: 'Campaign', priority: 'normal', cell: (c) => c.campaignName ?? <span className="text-slate-500">default</span> },
            { key: 'status', header: 'Status', cell: (c) => (c.active ? 'active' : <span className="text-slate-500">inactive</span>) },
          ]}
          actions={(c) => (
            <WriteGuard>
              <CouponToggle id={c.id} code={c.code} active={c.active} />
            </WriteGuard>
          )}
        />
        <Card title="New coupon">
          <WriteGuard><CouponForm affiliates={options.affiliates} campaigns={options.campaigns} /></WriteGuard>
        </Card>
      </section>
    </div>
  );
}
