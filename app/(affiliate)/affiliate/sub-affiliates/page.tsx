import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CopyButton } from '@/components/copy-button';
import { StatusBadge } from '@/components/status-badge';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { requestOrigin } from '@/server/http/origin';
import { formatMoney } from '@/server/money';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Sub-affiliates' };

export default async function SubAffiliatesPage() {
  const api = await affiliateApi();
  const [me, subs] = await Promise.all([api.affiliate.me(), api.affiliate.subAffiliates()]);
  const recruit = `${requestOrigin(await headers())}/join/${me.program.id}?parent=${encodeURIComponent(me.refId)}`;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Sub-affiliates</h1>
      <Card title="Recruit affiliates">
        <p className="mb-2 text-sm text-slate-600">Affiliates who join through this link become your sub-affiliates: you earn a tier-2 commission on their sales.</p>
        <div className="flex min-w-0 items-center gap-2">
          <code data-testid="recruit-link" className="truncate rounded bg-slate-50 px-2 py-1 text-xs">{recruit}</code>
          <CopyButton text={recruit} />
        </div>
      </Card>
      <Card title="Your sub-affiliates">
        <DataTable
          label="Your sub-affiliates"
          testId="sub-affiliates"
          rows={subs}
          rowKey={(s) => s.id}
          empty="Nobody has joined through your link yet."
          columns={[
            { key: 'name', header: 'Name', className: 'font-medium', cell: (s) => s.name },
            { key: 'joined', header: 'Joined', cell: (s) => s.createdAt.toISOString().slice(0, 10) },
            { key: 'status', header: 'Status', cell: (s) => <StatusBadge status={s.status} /> },
            {
              key: 'earned',
              header: 'Tier-2 commissions',
              align: 'right',
              cell: (s) =>
                s.commissions.length === 0
                  ? '—'
                  : s.commissions.map((c) => <span key={c.currency} className="block">{`${formatMoney(c.amount, c.currency)} (${c.count})`}</span>),
            },
          ]}
        />
      </Card>
    </div>
  );
}
