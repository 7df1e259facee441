import type { Metadata } from 'next';
import { StatusBadge } from '@/components/status-badge';
import { commissionStatuses, type CommissionStatus } from '@/db/schema';
import { formatMoney } from '@/server/money';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Commissions' };

export default async function AffiliateCommissionsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const { status } = await searchParams;
  const st = (commissionStatuses as readonly string[]).includes(status ?? '') ? (status as CommissionStatus) : undefined;
  const rows = await (await affiliateApi()).affiliate.commissions.list({ status: st });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Commissions</h1>
      <form className="flex gap-2">
        <select name="status" defaultValue={st ?? ''} aria-label="Status" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
          <option value="">All statuses</option>
          {commissionStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">Filter</button>
        <a
          href={`/affiliate/commissions/export${st ? `?status=${st}` : ''}`}
          className="ml-auto rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
        >
          Export CSV
        </a>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="commissions">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Date</th>
              <th className="px-4 py-2">Order</th>
              <th className="px-4 py-2">Type</th>
              <th className="px-4 py-2 text-right">Order total</th>
              <th className="px-4 py-2">Tier</th>
              <th className="px-4 py-2 text-right">Commission</th>
              <th className="px-4 py-2">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  No commissions yet. Share your link to earn your first one.
                </td>
              </tr>
            ) : (
              rows.map((c) => (
                <tr key={c.id}>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-500">{c.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                  <td className="px-4 py-2 font-mono text-xs">{c.orderId ?? '—'}</td>
                  <td className="px-4 py-2">{c.actionCode || 'sale'}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{c.actionCode ? '—' : formatMoney(c.orderTotal, c.orderCurrency)}</td>
                  <td className="px-4 py-2">{c.tier}</td>
                  <td className="px-4 py-2 text-right font-medium tabular-nums">{formatMoney(c.amount, c.currency)}</td>
                  <td className="px-4 py-2">
                    <StatusBadge status={c.status} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
