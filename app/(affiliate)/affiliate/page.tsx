import type { Metadata } from 'next';
import { MoneyList } from '@/components/money';
import { PeriodPicker, parsePeriod } from '@/components/period-picker';
import { Stat } from '@/components/ui/card';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function AffiliateDashboard({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  const days = parsePeriod((await searchParams).days);
  const o = await (await affiliateApi()).affiliate.overview({ days });
  const cur = o.revenue[0]?.currency ?? 'USD';
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <PeriodPicker basePath="/affiliate" days={days} />
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
        <Stat label="Clicks" value={o.clicks.toLocaleString('en-US')} sub={`${o.uniqueClicks.toLocaleString('en-US')} unique`} />
        <Stat label="Conversions" value={o.conversions.toLocaleString('en-US')} />
        <Stat label="Earnings pending" value={<MoneyList items={o.commissions.pending} fallbackCurrency={cur} />} />
        <Stat label="Earnings approved" value={<MoneyList items={o.commissions.approved} fallbackCurrency={cur} />} />
        <Stat label="Earnings paid" value={<MoneyList items={o.commissions.paid} fallbackCurrency={cur} />} />
      </div>
    </div>
  );
}
