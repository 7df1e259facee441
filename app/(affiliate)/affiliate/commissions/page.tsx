import type { Metadata } from 'next';
import { StatusBadge } from '@/components/status-badge';
import { DataTable } from '@/components/ui/data-table';
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
      <form className="flex flex-wrap gap-2">
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
      <DataTable
        label="Commissions"
        testId="commissions"
        rows={rows}
        rowKey={(c) => c.id}
        empty="No commissions yet. Share your link to earn your first one."
        columns={[
          { key: 'date', header: 'Date (UTC)', className: 'whitespace-nowrap text-slate-500', cell: (c) => c.createdAt.toISOString().slice(0, 16).replace('T', ' ') },
          { key: 'order', header: 'Order', priority: 'normal', className: 'font-mono text-xs break-all', cell: (c) => c.orderId ?? '—' },
          { key: 'type', header: 'Type', priority: 'normal', cell: (c) => c.actionCode || 'sale' },
          { key: 'total', header: 'Order total', priority: 'normal', align: 'right', cell: (c) => (c.actionCode ? '—' : formatMoney(c.orderTotal, c.orderCurrency)) },
          { key: 'tier', header: 'Tier', priority: 'detail', cell: (c) => c.tier },
          { key: 'amount', header: 'Commission', align: 'right', className: 'font-medium', cell: (c) => formatMoney(c.amount, c.currency) },
          { key: 'status', header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
        ]}
      />
    </div>
  );
}
