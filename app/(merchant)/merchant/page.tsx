import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { ActivityChart } from '@/components/charts/activity-chart';
import { OnboardingChecklist } from '@/components/merchant/onboarding-checklist';
import { Card, Stat } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { currencyExponent, formatMoney } from '@/server/money';
import { MoneyList } from '@/components/money';
import { PeriodPicker, parsePeriod } from '@/components/period-picker';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function MerchantDashboard({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  const days = parsePeriod((await searchParams).days);
  const caller = await merchantApi();
  const [account, o, series, top, onboarding] = await Promise.all([
    caller.merchant.account(),
    caller.merchant.overview({ days }),
    caller.merchant.series({ days }),
    caller.merchant.topAffiliates({ days }),
    caller.merchant.onboarding(),
  ]);
  // Conversions ÷ unique clicks; with no unique click in the period the ratio means nothing, and says so.
  const rate = o.uniqueClicks > 0 ? `conversion rate ${((o.conversions / o.uniqueClicks) * 100).toFixed(1)} %` : 'no conversion rate: no unique clicks yet';
  const cur = account.defaultCurrency;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <PeriodPicker basePath="/merchant" days={days} />
      </div>
      <OnboardingChecklist status={onboarding} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Clicks" value={o.clicks.toLocaleString('en-US')} sub={`${o.uniqueClicks.toLocaleString('en-US')} unique`} />
        <Stat label="Conversions" value={o.conversions.toLocaleString('en-US')} sub={rate} />
        <Stat label="Revenue" value={<MoneyList items={o.revenue} fallbackCurrency={cur} />} sub="referred, net of refunds" />
        <Stat label="Commissions pending" value={<MoneyList items={o.commissions.pending} fallbackCurrency={cur} />} />
        <Stat label="Commissions approved" value={<MoneyList items={o.commissions.approved} fallbackCurrency={cur} />} />
        <Stat label="Commissions paid" value={<MoneyList items={o.commissions.paid} fallbackCurrency={cur} />} />
      </div>
      <Card title="Activity">
        <ActivityChart data={series} currency={cur} exponent={currencyExponent(cur) ?? 2} />
      </Card>
      <Card title="Top affiliates">
        <DataTable
          label="Top affiliates"
          testId="top-affiliates"
          rows={top}
          rowKey={(a) => `${a.affiliateId}-${a.currency}`}
          empty="No referred sales in this period yet."
          columns={[
            {
              key: 'affiliate',
              header: 'Affiliate',
              cell: (a) => (
                <>
                  <Link href={`/merchant/affiliates/${a.affiliateId}`} className="font-medium text-brand-700 hover:underline">
                    {a.name}
                  </Link>{' '}
                  <span className="font-mono text-xs text-slate-500">{a.refId}</span>
                </>
              ),
            },
            { key: 'clicks', header: 'Clicks', align: 'right', cell: (a) => a.clicks.toLocaleString('en-US') },
            { key: 'conversions', header: 'Conversions', align: 'right', cell: (a) => a.conversions.toLocaleString('en-US') },
            { key: 'revenue', header: 'Revenue', align: 'right', cell: (a) => formatMoney(a.revenue, a.currency) },
          ]}
        />
      </Card>
    </div>
  );
}
