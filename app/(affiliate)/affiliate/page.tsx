import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { ActivityChart } from '@/components/charts/activity-chart';
import { ProgramTerms } from '@/components/affiliate/program-terms';
import { MoneyList } from '@/components/money';
import { PeriodPicker, parsePeriod } from '@/components/period-picker';
import { StatusBadge } from '@/components/status-badge';
import { Card, Stat } from '@/components/ui/card';
import { currencyExponent, formatMoney } from '@/server/money';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function AffiliateDashboard({ searchParams }: { searchParams: Promise<{ days?: string }> }) {
  const days = parsePeriod((await searchParams).days);
  const api = await affiliateApi();
  const [o, series, recent, terms] = await Promise.all([
    api.affiliate.overview({ days }),
    api.affiliate.series({ days }),
    api.affiliate.commissions.list({}),
    api.affiliate.terms(),
  ]);
  const cur = recent[0]?.currency ?? o.revenue[0]?.currency ?? 'USD';
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <PeriodPicker basePath="/affiliate" days={days} />
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Clicks" value={o.clicks.toLocaleString('en-US')} sub={`${o.uniqueClicks.toLocaleString('en-US')} unique`} />
        <Stat label="Conversions" value={o.conversions.toLocaleString('en-US')} />
        <Stat label="Earnings pending" value={<MoneyList items={o.commissions.pending} fallbackCurrency={cur} />} />
        <Stat label="Earnings approved" value={<MoneyList items={o.commissions.approved} fallbackCurrency={cur} />} />
        <Stat label="Earnings paid" value={<MoneyList items={o.commissions.paid} fallbackCurrency={cur} />} />
      </div>
      <Card title="Activity">
        <ActivityChart data={series} currency={cur} exponent={currencyExponent(cur) ?? 2} />
      </Card>
      <ProgramTerms terms={terms} />
      <Card title="Latest commissions">
        {recent.length === 0 ? (
          <p className="text-sm text-slate-500">No commissions yet. Share your link to earn your first one.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {recent.slice(0, 5).map((c) => (
              <li key={c.id} className="flex items-center justify-between py-2">
                <span className="text-slate-500">{c.createdAt.toISOString().slice(0, 10)}</span>
                <span>{c.actionCode || 'sale'}{c.tier > 1 ? ` · tier ${c.tier}` : ''}</span>
                <span className="font-medium tabular-nums">{formatMoney(c.amount, c.currency)}</span>
                <StatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        )}
        <Link href="/affiliate/commissions" className="mt-3 inline-block text-sm text-brand-600 hover:underline">
          All commissions →
        </Link>
      </Card>
    </div>
  );
}
