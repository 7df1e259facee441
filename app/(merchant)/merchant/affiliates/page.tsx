import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { AffiliateStatusActions } from '@/components/merchant/affiliate-status-actions';
import { LoginAsButton } from '@/components/merchant/login-as-button';
import { StatusBadge } from '@/components/status-badge';
import { CopyButton } from '@/components/copy-button';
import { affiliateStatuses, type AffiliateStatus } from '@/db/schema';
import { requestOrigin } from '@/server/http/origin';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Affiliates' };

export default async function AffiliatesPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string }> }) {
  const { q, status } = await searchParams;
  const st = (affiliateStatuses as readonly string[]).includes(status ?? '') ? (status as AffiliateStatus) : undefined;
  const api = await merchantApi();
  const [rows, account] = await Promise.all([api.merchant.affiliates.list({ search: q?.slice(0, 100), status: st }), api.merchant.account()]);
  const joinUrl = `${requestOrigin(await headers())}/join/${account.id}`;
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
      <form className="flex flex-wrap gap-2" role="search">
        <input
          name="q"
          defaultValue={q}
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
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">Filter</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
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
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                  No affiliates match.
                </td>
              </tr>
            ) : (
              rows.map((a) => (
                <tr key={a.id}>
                  <td className="px-4 py-2 font-medium">{a.name}</td>
                  <td className="px-4 py-2">{a.email}</td>
                  <td className="px-4 py-2 font-mono text-xs">{a.refId}</td>
                  <td className="px-4 py-2">
                    <StatusBadge status={a.status} />
                  </td>
                  <td className="px-4 py-2 text-slate-500">{a.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="px-4 py-2">
                    <div className="flex flex-wrap items-center gap-1">
                      <AffiliateStatusActions id={a.id} name={a.name} status={a.status} />
                      <LoginAsButton id={a.id} name={a.name} />
                    </div>
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
