import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from '@/components/ui/link';
import { CopyButton } from '@/components/copy-button';
import { AffiliateForm } from '@/components/merchant/affiliate-form';
import { BulkGroupForm } from '@/components/merchant/affiliate-group-forms';
import { AffiliateStatusActions } from '@/components/merchant/affiliate-status-actions';
import { LoginAsButton } from '@/components/merchant/login-as-button';
import { StatusBadge } from '@/components/status-badge';
import { DataTable, Pager } from '@/components/ui/data-table';
import { affiliateStatuses, type AffiliateStatus } from '@/db/schema';
import { requestOrigin } from '@/server/http/origin';
import { affiliateSorts, type AffiliateSort } from '@/server/queries/affiliates';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Affiliates' };

type Search = { q?: string; status?: string; sort?: string; page?: string };

export default async function AffiliatesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const st = (affiliateStatuses as readonly string[]).includes(sp.status ?? '') ? (sp.status as AffiliateStatus) : undefined;
  const sort = (affiliateSorts as readonly string[]).includes(sp.sort ?? '') ? (sp.sort as AffiliateSort) : 'newest';
  const page = Math.max(1, Math.min(100_000, Number.parseInt(sp.page ?? '1', 10) || 1));
  const api = await merchantApi();
  const [{ rows, hasNext }, account, groupChoices] = await Promise.all([
    api.merchant.affiliates.list({ search: sp.q?.slice(0, 100), status: st, sort, page }),
    api.merchant.account(),
    api.campaigns.groups.choices(),
  ]);
  // The row boxes belong to the bulk form (components/merchant/affiliate-group-forms.tsx) by its id.
  const bulk = groupChoices.length > 0 ? 'bulk-group' : undefined;
  type Row = (typeof rows)[number];
  const filtered = Boolean(sp.q || st) || page > 1;
  const joinUrl = `${requestOrigin(await headers())}/join/${account.id}`;
  const pageHref = (p: number) => {
    const q = new URLSearchParams({ ...(sp.q ? { q: sp.q } : {}), ...(st ? { status: st } : {}), sort, page: String(p) });
    return `/merchant/affiliates?${q}`;
  };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Affiliates</h1>
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        Your affiliate sign-up page:
        <a href={joinUrl} className="font-mono text-xs text-brand-700 hover:underline">
          {joinUrl}
        </a>
        <CopyButton text={joinUrl} />
      </p>
      <details className="rounded-lg border border-slate-200 bg-white p-4">
        <summary className="cursor-pointer text-sm font-medium">Add an affiliate</summary>
        <div className="mt-4">
          <WriteGuard><AffiliateForm mode="create" /></WriteGuard>
        </div>
      </details>
      <form className="flex flex-wrap gap-2" role="search">
        <input
          name="q"
          defaultValue={sp.q}
          placeholder="Search name, email or referral id"
          aria-label="Search affiliates"
          className="w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
        <select name="status" defaultValue={st ?? ''} aria-label="Status" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
          <option value="">All statuses</option>
          {affiliateStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select name="sort" defaultValue={sort} aria-label="Sort" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="name">Name</option>
        </select>
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">Filter</button>
      </form>
      {bulk ? (
        <WriteGuard>
          <BulkGroupForm choices={groupChoices} />
        </WriteGuard>
      ) : null}
      <DataTable
        label="Affiliates"
        testId="affiliates"
        rows={rows}
        rowKey={(a) => a.id}
        empty={
          filtered ? (
            'No affiliates match these filters.'
          ) : (
            <span data-testid="no-affiliates">
              No affiliates yet. Share your sign-up page{' '}
              <a href={joinUrl} className="font-mono text-xs text-brand-700 hover:underline">
                {joinUrl}
              </a>{' '}
              with the people who should promote you, or add one yourself with “Add an affiliate” above.
            </span>
          )
        }
        columns={[
          ...(bulk
            ? [
                {
                  key: 'select',
                  header: 'Select',
                  headerHidden: true,
                  cell: (a: Row) => <input type="checkbox" name="affiliateIds" value={a.id} form={bulk} aria-label={`Select ${a.name} (${a.refId})`} />,
                },
              ]
            : []),
          {
            key: 'name',
            header: 'Name',
            className: 'font-medium',
            cell: (a) => (
              <Link href={`/merchant/affiliates/${a.id}`} className="text-brand-700 hover:underline">
                {a.name}
              </Link>
            ),
          },
          { key: 'email', header: 'Email', priority: 'normal', className: 'break-all', cell: (a) => a.email },
          { key: 'ref', header: 'Referral id', className: 'font-mono text-xs', cell: (a) => a.refId },
          { key: 'status', header: 'Status', cell: (a) => <StatusBadge status={a.status} /> },
          { key: 'joined', header: 'Joined', priority: 'normal', className: 'whitespace-nowrap text-slate-500', cell: (a) => a.createdAt.toISOString().slice(0, 10) },
        ]}
        actions={(a) => (
          <WriteGuard>
            <AffiliateStatusActions id={a.id} name={a.name} status={a.status} />
            <LoginAsButton id={a.id} name={a.name} />
          </WriteGuard>
        )}
      />
      <Pager prev={page > 1 ? pageHref(page - 1) : undefined} next={hasNext ? pageHref(page + 1) : undefined} page={`Page ${page}`} />
    </div>
  );
}
