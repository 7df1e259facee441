import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CopyButton } from '@/components/copy-button';
import { StatusBadge } from '@/components/status-badge';
import { Card } from '@/components/ui/card';
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
        <div className="flex items-center gap-2">
          <code data-testid="recruit-link" className="truncate rounded bg-slate-50 px-2 py-1 text-xs">{recruit}</code>
          <CopyButton text={recruit} />
        </div>
      </Card>
      <Card title="Your sub-affiliates">
        {subs.length === 0 ? (
          <p className="text-sm text-slate-500">Nobody has joined through your link yet.</p>
        ) : (
          <table className="min-w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2">Name</th>
                <th className="py-2">Joined</th>
                <th className="py-2">Status</th>
                <th className="py-2 text-right">Tier-2 commissions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {subs.map((s) => (
                <tr key={s.id}>
                  <td className="py-2 font-medium">{s.name}</td>
                  <td className="py-2">{s.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="py-2"><StatusBadge status={s.status} /></td>
                  <td className="py-2 text-right tabular-nums">
                    {s.commissions.length === 0
                      ? '—'
                      : s.commissions.map((c) => <span key={c.currency} className="block">{`${formatMoney(c.amount, c.currency)} (${c.count})`}</span>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
