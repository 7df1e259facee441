import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { CopyButton } from '@/components/copy-button';
import { AffiliateForm } from '@/components/merchant/affiliate-form';
import { BulkGroupForm } from '@/components/merchant/affiliate-group-forms';
import { AffiliateStatusActions } from '@/components/merchant/affiliate-status-actions';
import { LoginAsButton } from '@/components/merchant/login-as-button';
import { StatusBadge } from '@/components/status-badge';
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
  const cols = bulk ? 7 : 6;
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
      {bulk ? <WriteGuard><BulkGroupForm choices={groupChoices} /></WriteGuard> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="affiliates">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {bulk ? (
                <th className="px-4 py-2">
                  <span className="sr-only">Select</span>
                </th>
              ) : null}
              <th className="px-4 py-2">Name</th>
              <th className="px-4 py-2">Email</th>
              <th className="px-4 py-2">Referral id</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2">Joined</th>
              <th className="px-4 py-2">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={cols} className="px-4 py-6 text-center text-slate-500">
                  {filtered ? (
                    'No affiliates match these filters.'
                  ) : (
                    <span data-testid="no-affiliates">
                      No affiliates yet. Share your sign-up page{' '}
                      <a href={joinUrl} className="font-mono text-xs text-brand-700 hover:underline">
                        {joinUrl}
                      </a>{' '}
                      with the people who should promote you, or add one yourself with “Add an affiliate” above.
                    </span>
                  )}
                </td>
              </tr>
            ) : (
              rows.map((a) => (
                <tr key={a.id}>
                  {bulk ? (
                    <td className="px-4 py-2">
                      <input type="checkbox" name="affiliateIds" value={a.id} form={bulk} aria-label={`Select ${a.name} (${a.refId})`} />
                    </td>
                  ) : null}
                  <td className="px-4 py-2 font-medium">
                    <Link href={`/merchant/affiliates/${a.id}`} className="text-brand-700 hover:underline">
                      {a.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{a.email}</td>
                  <td className="px-4 py-2 font-mono text-xs">{a.refId}</td>
                  <td className="px-4 py-2">
                    <StatusBadge status={a.status} />
                  </td>
                  <td className="px-4 py-2 text-slate-500">{a.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="px-4 py-2">
                    <div className="flex flex-wrap items-center gap-1">
                      <WriteGuard><AffiliateStatusActions id={a.id} name={a.name} status={a.status} /></WriteGuard>
                      <WriteGuard><LoginAsButton id={a.id} name={a.name} /></WriteGuard>
                    </div>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {page > 1 ? <Link href={pageHref(page - 1)} className="text-brand-600 hover:underline">← Previous</Link> : <span />}
        <span className="text-slate-500">Page {page}</span>
        {hasNext ? <Link href={pageHref(page + 1)} className="text-brand-600 hover:underline">Next →</Link> : <span />}
      </nav>
    </div>
  );
}
