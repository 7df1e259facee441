import type { Metadata } from 'next';
import Link from 'next/link';
import { clickFlagReason, flagLabel } from '@/server/fraud/flags';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Clicks' };

type Search = { before?: string; affiliate?: string; campaign?: string; channel?: string; from?: string; to?: string };
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export default async function ClicksPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const before = sp.before?.slice(0, 64);
  const filters = {
    affiliate: sp.affiliate?.trim().slice(0, 64) || undefined,
    campaign: sp.campaign?.trim().slice(0, 64) || undefined,
    channel: sp.channel?.slice(0, 64) || undefined,
    from: sp.from && DATE_RE.test(sp.from) ? sp.from : undefined,
    to: sp.to && DATE_RE.test(sp.to) ? sp.to : undefined,
  };
  const { rows, next } = await (await merchantApi()).merchant.clicks.list({ cursor: before, ...filters });
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...extra } as Record<string, string>).toString();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold">Clicks</h1>
        <p className="text-sm text-slate-500">Every click appears here as soon as it is recorded.</p>
      </div>
      <form className="flex flex-wrap items-end gap-2 text-sm" role="search">
        <input name="affiliate" defaultValue={filters.affiliate} placeholder="Affiliate referral id" aria-label="Affiliate" className="w-44 rounded-md border border-slate-300 px-2 py-1.5" />
        <input name="campaign" defaultValue={filters.campaign} placeholder="Campaign id" aria-label="Campaign" className="w-36 rounded-md border border-slate-300 px-2 py-1.5" />
        <input name="channel" defaultValue={filters.channel} placeholder="Channel" aria-label="Channel" className="w-32 rounded-md border border-slate-300 px-2 py-1.5" />
        <label className="flex flex-col text-xs text-slate-500">
          From
          <input type="date" name="from" defaultValue={filters.from} className="rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900" />
        </label>
        <label className="flex flex-col text-xs text-slate-500">
          To
          <input type="date" name="to" defaultValue={filters.to} className="rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900" />
        </label>
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Filter</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="clicks">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Time (UTC)</th>
              <th className="px-3 py-2">Affiliate</th>
              <th className="px-3 py-2">Campaign / banner</th>
              <th className="px-3 py-2">Channel</th>
              <th className="px-3 py-2">Sub-IDs</th>
              <th className="px-3 py-2">Landing page</th>
              <th className="px-3 py-2">Referrer</th>
              <th className="px-3 py-2">IP</th>
              <th className="px-3 py-2">Browser / OS / device</th>
              <th className="px-3 py-2">Counted as</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={10} className="px-3 py-6 text-center text-slate-500">
                  {Object.values(filters).some(Boolean)
                    ? 'No clicks match these filters.'
                    : before
                      ? 'No older clicks.'
                      : 'No clicks yet. Send a test click from your affiliate link (Integration › Test the integration) to see it here.'}
                </td>
              </tr>
            ) : (
              rows.map((c) => (
                <tr key={c.id}>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-500">{c.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
                  <td className="px-3 py-2">
                    <span className="font-medium">{c.affiliateName}</span>
                    <span className="block font-mono text-xs text-slate-500">{c.affiliateRefId}</span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {c.campaignId}
                    {c.bannerId ? <span className="block text-slate-500">{c.bannerId}</span> : null}
                  </td>
                  <td className="px-3 py-2">{c.channel}</td>
                  <td className="px-3 py-2 text-xs">
                    {[c.data1, c.data2, c.data3, c.data4, c.data5].map((d, i) => (d ? <span key={i} className="block">{`data${i + 1}: ${d}`}</span> : null))}
                  </td>
                  <td className="max-w-56 truncate px-3 py-2 text-xs" title={c.url ?? undefined}>{c.url}</td>
                  <td className="max-w-48 truncate px-3 py-2 text-xs" title={c.referrer ?? undefined}>{c.referrer}</td>
                  <td className="px-3 py-2 font-mono text-xs">{c.ip}</td>
                  <td className="px-3 py-2 text-xs" title={c.userAgent ?? undefined}>
                    {c.agent.browser}
                    <span className="block text-slate-500">
                      {c.agent.os} · {c.agent.device}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {c.isRepeat ? (
                      <span className="rounded bg-amber-50 px-1.5 text-amber-800" title={clickFlagReason(c.flag ?? 'repeat')} data-flag={c.flag ?? 'repeat'}>
                        {flagLabel(c.flag ?? 'repeat')}
                      </span>
                    ) : (
                      <span className="text-slate-500">Unique</span>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="flex justify-between text-sm">
        {before ? <Link href={`/merchant/clicks?${query({})}`} className="text-brand-600 hover:underline">← Newest</Link> : <span />}
        {next ? <Link href={`/merchant/clicks?${query({ before: next })}`} className="text-brand-600 hover:underline">Older →</Link> : null}
      </div>
    </div>
  );
}
