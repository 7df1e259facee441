import type { Metadata } from 'next';
import { DataTable, Pager } from '@/components/ui/data-table';
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
      <DataTable
        label="Clicks"
        testId="clicks"
        rows={rows}
        rowKey={(c) => String(c.id)}
        empty={
          Object.values(filters).some(Boolean)
            ? 'No clicks match these filters.'
            : before
              ? 'No older clicks.'
              : 'No clicks yet. Send a test click from your affiliate link (Integration › Test the integration) to see it here.'
        }
        columns={[
          { key: 'time', header: 'Time (UTC)', className: 'whitespace-nowrap text-slate-500', cell: (c) => c.createdAt.toISOString().slice(0, 19).replace('T', ' ') },
          {
            key: 'affiliate',
            header: 'Affiliate',
            cell: (c) => (
              <>
                <span className="font-medium">{c.affiliateName}</span>
                <span className="block font-mono text-xs text-slate-500">{c.affiliateRefId}</span>
              </>
            ),
          },
          {
            key: 'campaign',
            header: 'Campaign / banner',
            priority: 'detail',
            className: 'font-mono text-xs break-all',
            cell: (c) => (
              <>
                {c.campaignId}
                {c.bannerId ? <span className="block text-slate-500">{c.bannerId}</span> : null}
              </>
            ),
          },
          { key: 'channel', header: 'Channel', priority: 'normal', cell: (c) => c.channel },
          {
            key: 'sub',
            header: 'Sub-IDs',
            priority: 'detail',
            className: 'text-xs',
            cell: (c) => [c.data1, c.data2, c.data3, c.data4, c.data5].map((d, i) => (d ? <span key={i} className="block">{`data${i + 1}: ${d}`}</span> : null)),
          },
          { key: 'url', header: 'Landing page', className: 'text-xs break-all', cell: (c) => <span title={c.url ?? undefined} className="line-clamp-2">{c.url}</span> },
          { key: 'referrer', header: 'Referrer', priority: 'detail', className: 'text-xs break-all', cell: (c) => c.referrer },
          { key: 'ip', header: 'IP', priority: 'normal', className: 'font-mono text-xs break-all', cell: (c) => c.ip },
          {
            key: 'agent',
            header: 'Browser / OS / device',
            priority: 'detail',
            className: 'text-xs',
            cell: (c) => (
              <span title={c.userAgent ?? undefined}>
                {c.agent.browser} · {c.agent.os} · {c.agent.device}
              </span>
            ),
          },
          {
            key: 'counted',
            header: 'Counted as',
            className: 'text-xs',
            cell: (c) =>
              c.isRepeat ? (
                <span className="rounded bg-amber-50 px-1.5 text-amber-800" title={clickFlagReason(c.flag ?? 'repeat')} data-flag={c.flag ?? 'repeat'}>
                  {flagLabel(c.flag ?? 'repeat')}
                </span>
              ) : (
                <span className="text-slate-500">Unique</span>
              ),
          },
        ]}
      />
      <Pager
        label="Older and newer clicks"
        prevText="← Newest"
        nextText="Older →"
        prev={before ? `/merchant/clicks?${query({})}` : undefined}
        next={next ? `/merchant/clicks?${query({ before: next })}` : undefined}
      />
    </div>
  );
}
