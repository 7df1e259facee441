import type { Metadata } from 'next';
import { Stat } from '@/components/ui/card';
import { MoneyList } from '@/components/money';
import { PeriodPicker, parsePeriod } from '@/components/period-picker';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function MerchantDashboard({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  const days = parsePeriod((await searchParams).days);
  const caller = await merchantApi();
  const [account, o] = await Promise.all([caller.merchant.account(), caller.merchant.overview({ days })]);
  const rate = o.uniqueClicks > 0 ? ((o.conversions / o.uniqueClicks) * 100).toFixed(1) + ' %' : '—';
  const cur = account.defaultCurrency;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <PeriodPicker basePath="/merchant" days={days} />
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Clicks" value={o.clicks.toLocaleString('en-US')} sub={`${o.uniqueClicks.toLocaleString('en-US')} unique`} />
        <Stat label="Conversions" value={o.conversions.toLocaleString('en-US')} sub={`conversion rate ${rate}`} />
        <Stat label="Revenue" value={<MoneyList items={o.revenue} fallbackCurrency={cur} />} sub="referred, net of refunds" />
        <Stat label="Commissions pending" value={<MoneyList items={o.commissions.pending} fallbackCurrency={cur} />} />
        <Stat label="Commissions approved" value={<MoneyList items={o.commissions.approved} fallbackCurrency={cur} />} />
        <Stat label="Commissions paid" value={<MoneyList items={o.commissions.paid} fallbackCurrency={cur} />} />
      </div>
    </div>
  );
}
