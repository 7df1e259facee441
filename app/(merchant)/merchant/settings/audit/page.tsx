// Settings › Audit log: who changed what in this program, filterable by who and what.
import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { DataTable, Pager } from '@/components/ui/data-table';
import { auditDetailsLine } from '@/server/queries/audit-log';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Audit log' };

type Search = { actor?: string; action?: string; page?: string };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const actor = sp.actor?.slice(0, 64) || undefined;
  const action = sp.action?.trim().slice(0, 100) || undefined;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(sp.page ?? '1', 10) || 1));
  const api = await merchantApi();
  const [{ rows, hasNext }, filters] = await Promise.all([api.settings.audit.list({ actor, action, page }), api.settings.audit.filters()]);
  const href = (p: number) => `/merchant/settings/audit?${new URLSearchParams({ ...(actor ? { actor } : {}), ...(action ? { action } : {}), page: String(p) })}`;
  const filtered = Boolean(actor || action);
  return (
    <div className="space-y-4">
      <Link href="/merchant/settings" className="text-sm text-brand-700 hover:underline">
        ← Settings
      </Link>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">Every change made in this program’s panel: who, what, when and from where.</p>
      </div>
      <form className="flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Filter the audit log">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Who
          <select name="actor" defaultValue={actor ?? ''} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
            <option value="">Everyone</option>
            {filters.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.email})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          What
          <select name="action" defaultValue={action ?? ''} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
            <option value="">Every action</option>
            {filters.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Filter</button>
        {filtered ? (
          <Link href="/merchant/settings/audit" className="px-2 py-1.5 text-slate-600 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>
      <DataTable
        label="Audit log"
        testId="audit-log"
        rows={rows}
        rowKey={(r) => String(r.id)}
        rowProps={(r) => ({ 'data-action': r.action })}
        empty={filtered ? 'No entries match these filters.' : page > 1 ? 'No older entries.' : 'Nothing recorded yet: changes made in the panel appear here.'}
        columns={[
          { key: 'when', header: 'When (UTC)', className: 'whitespace-nowrap text-slate-600', cell: (r) => r.createdAt.toISOString().slice(0, 19).replace('T', ' ') },
          {
            key: 'who',
            header: 'Who',
            cell: (r) =>
              r.actorName ? (
                <>
                  <span className="font-medium">{r.actorName}</span>
                  <span className="block text-xs break-all text-slate-600">{r.actorEmail}</span>
                </>
              ) : (
                <span className="text-slate-600">{r.actorUserId ? 'a removed user' : 'the system'}</span>
              ),
          },
          { key: 'what', header: 'What', className: 'font-mono text-xs break-all', cell: (r) => r.action },
          { key: 'target', header: 'Target', priority: 'normal', className: 'text-xs break-all', cell: (r) => (r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : '—') },
          { key: 'details', header: 'Details', priority: 'detail', className: 'font-mono text-xs break-all text-slate-600', cell: (r) => auditDetailsLine(r.details) },
          { key: 'ip', header: 'From', priority: 'detail', className: 'font-mono text-xs break-all', cell: (r) => r.ip ?? '—' },
        ]}
      />
      <Pager prev={page > 1 ? href(page - 1) : undefined} next={hasNext ? href(page + 1) : undefined} page={`Page ${page}`} />
    </div>
  );
}
