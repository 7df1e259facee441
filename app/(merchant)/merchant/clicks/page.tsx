import type { Metadata } from 'next';
import Link from 'next/link';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Clicks' };

export default async function ClicksPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const { before } = await searchParams;
  const { rows, next } = await (await merchantApi()).merchant.clicks.list({ cursor: before?.slice(0, 64) });
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Clicks</h1>
        <p className="text-sm text-slate-500">Every click appears here as soon as it is recorded.</p>
      </div>
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
              <th className="px-3 py-2">User-agent</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={9} className="px-3 py-6 text-center text-slate-500">
                  No clicks yet.{before ? '' : ' Send a test click from your affiliate link to see it here.'}
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
                  <td className="max-w-56 truncate px-3 py-2 text-xs" title={c.userAgent ?? undefined}>{c.userAgent}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="flex justify-between text-sm">
        {before ? <Link href="/merchant/clicks" className="text-brand-600 hover:underline">← Newest</Link> : <span />}
        {next ? <Link href={`/merchant/clicks?before=${encodeURIComponent(next)}`} className="text-brand-600 hover:underline">Older →</Link> : null}
      </div>
    </div>
  );
}
