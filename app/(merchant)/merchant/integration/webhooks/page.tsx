import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { clsx } from 'clsx';
import type { ReactNode } from 'react';
import { CopyButton } from '@/components/copy-button';
import { DataTable } from '@/components/ui/data-table';
import { WebhookSecretForm } from '@/components/merchant/webhook-secret-form';
import { OutgoingWebhooks } from '@/components/merchant/outgoing-webhooks';
import { requestOrigin } from '@/server/http/origin';
import type { WebhookDelivery } from '@/server/queries/webhook-events';
import { merchantApi } from '@/server/trpc/server';
import { webhookProviderInfo, type WebhookSetting } from '@/server/webhooks/settings';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Webhooks' };

const outcomeTone: Record<string, string> = {
  attributed: 'bg-emerald-50 text-emerald-800',
  unattributed: 'bg-slate-100 text-slate-700',
  refunded: 'bg-amber-50 text-amber-800',
  duplicate: 'bg-sky-50 text-sky-800',
  ignored: 'bg-slate-100 text-slate-600',
  rejected: 'bg-red-50 text-red-700',
  failed: 'bg-red-50 text-red-700',
};

export default async function WebhooksPage() {
  const caller = await merchantApi();
  const [account, settings, deliveries, outgoing] = await Promise.all([
    caller.merchant.account(),
    caller.webhooks.settings(),
    caller.webhooks.deliveries({ limit: 10 }),
    caller.outgoingWebhooks.list(),
  ]);
  const origin = requestOrigin(await headers());
  const providers = webhookProviderInfo();
  const settingOf = (p: string) => settings.find((s) => s.provider === p)!;

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Let your payment provider or shop report sales, subscription renewals and refunds straight to the tracker. Each delivery is
          checked against the provider’s signature with your secret, attributed like a sale from your thank-you page, and counted
          once however often it is sent. Refunds reduce or decline the commissions of their order.
        </p>
      </div>

      <section id="outgoing" aria-labelledby="outgoing-title" className="scroll-mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="outgoing-title" className="text-lg font-semibold">
          Outgoing webhooks: events to your systems
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          The tracker tells your systems of new and approved affiliates, conversions, commissions, refunds and paid payouts as they
          happen, signed per the Standard Webhooks specification (<code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
          <code>webhook-signature</code>) with the endpoint’s secret. Failed deliveries are retried for three days with the same{' '}
          <code>webhook-id</code>; an endpoint that keeps failing is turned off and you are told.
        </p>
        <OutgoingWebhooks endpoints={outgoing} />
      </section>

      <h2 className="text-lg font-semibold">Incoming webhooks: your payment provider or shop</h2>
      <nav aria-label="Providers" className="flex flex-wrap gap-2">
        {providers.map(({ provider, label }) => (
          <a
            key={provider}
            href={`#${provider}`}
            className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm shadow-sm hover:bg-slate-50"
          >
            {label} <ProviderStatus setting={settingOf(provider)} />
          </a>
        ))}
      </nav>

      {providers.map(({ provider, label, events, guide }) => {
        const setting = settingOf(provider);
        const url = `${origin}/webhooks/${provider}?account=${encodeURIComponent(account.id)}`;
        return (
          <section
            key={provider}
            id={provider}
            aria-labelledby={`${provider}-title`}
            className="scroll-mt-4 space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id={`${provider}-title`} className="text-lg font-semibold">
                {label}
              </h2>
              <ProviderStatus setting={setting} />
            </div>

            <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <div className="min-w-0 space-y-5">
                <Step n={1} title="Add the endpoint">
                  <p>{guide.setup}</p>
                  <div className="mt-2 flex items-center gap-2">
                    <code data-testid={`webhook-url-${provider}`} className="min-w-0 flex-1 break-all rounded-md bg-slate-100 px-2 py-1.5 text-xs">
                      {url}
                    </code>
                    <CopyButton text={url} label="Copy URL" />
                  </div>
                </Step>
                <Step n={2} title="Send these events">
                  <ul className="flex flex-wrap gap-1.5">
                    {events.map((e) => (
                      <li key={e}>
                        <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{e}</code>
                      </li>
                    ))}
                  </ul>
                </Step>
                <Step n={3} title="Enter the secret">
                  <WriteGuard><WebhookSecretForm
                    provider={provider}
                    label={guide.secret.label}
                    placeholder={guide.secret.placeholder}
                    source={guide.secret.source}
                    configured={setting.configured}
                    enabled={setting.enabled}
                    secretHint={setting.secretHint}
                  /></WriteGuard>
                </Step>
              </div>

              <div className="min-w-0 space-y-2 text-sm">
                <h3 className="font-medium text-slate-800">Pass the visitor id at checkout</h3>
                <p className="text-slate-600">{guide.visitorId}</p>
                {guide.snippet ? (
                  <div className="overflow-hidden rounded-md bg-slate-900">
                    <div className="flex items-center justify-between border-b border-slate-700 px-3 py-1.5">
                      <span className="text-xs uppercase tracking-wide text-slate-300">{guide.snippet.language}</span>
                      <CopyButton text={guide.snippet.code} />
                    </div>
                    <pre tabIndex={0} aria-label={`${label} snippet`} className="overflow-x-auto p-3 text-xs leading-relaxed text-slate-100">
                      <code>{guide.snippet.code}</code>
                    </pre>
                  </div>
                ) : null}
                {guide.docsUrl ? (
                  <p>
                    <a href={guide.docsUrl} target="_blank" rel="noreferrer" className="text-brand-700 hover:underline">
                      {label} webhook documentation ↗
                    </a>
                  </p>
                ) : null}
              </div>
            </div>

            <Deliveries label={label} rows={deliveries[provider] ?? []} />
          </section>
        );
      })}
    </div>
  );
}

function ProviderStatus({ setting }: { setting: WebhookSetting }) {
  const [text, tone] = !setting.configured
    ? ['not set up', 'bg-slate-100 text-slate-600']
    : setting.enabled
      ? ['on', 'bg-emerald-50 text-emerald-800']
      : ['off', 'bg-amber-50 text-amber-800'];
  return <span className={clsx('rounded-full px-2 py-0.5 text-xs font-medium', tone)}>{text}</span>;
}

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 text-sm">
      <span aria-hidden className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">
        {n}
      </span>
      <div className="min-w-0 flex-1 space-y-1 text-slate-600">
        <h3 className="font-medium text-slate-800">{title}</h3>
        {children}
      </div>
    </div>
  );
}

function Deliveries({ label, rows }: { label: string; rows: WebhookDelivery[] }) {
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium text-slate-800">Last deliveries</h3>
      <DataTable
        label={`${label} deliveries`}
        rows={rows}
        rowKey={(d) => d.id}
        empty="No deliveries yet."
        columns={[
          { key: 'received', header: 'Received (UTC)', className: 'whitespace-nowrap text-slate-500', cell: (d) => d.receivedAt.toISOString().slice(0, 19).replace('T', ' ') },
          {
            key: 'event',
            header: 'Event',
            cell: (d) => (
              <>
                <div>{d.eventType ?? '—'}</div>
                {d.eventId ? <div className="font-mono text-xs break-all text-slate-500">{d.eventId}</div> : null}
              </>
            ),
          },
          {
            key: 'outcome',
            header: 'Outcome',
            cell: (d) => (
              <>
                <span className={clsx('rounded-full px-2 py-0.5 text-xs font-medium', outcomeTone[d.outcome] ?? 'bg-slate-100')}>{d.outcome}</span>
                {d.repeats > 1 ? (
                  <span className="ml-1 text-xs text-slate-500" title="Refused deliveries with the same reason within an hour are counted on one row.">
                    ×{d.repeats.toLocaleString('en-US')}
                  </span>
                ) : null}
              </>
            ),
          },
          { key: 'order', header: 'Order', priority: 'normal', className: 'font-mono text-xs break-all', cell: (d) => d.orderId ?? '—' },
          { key: 'detail', header: 'Details', className: 'text-slate-600', cell: (d) => d.detail ?? '' },
        ]}
      />
    </div>
  );
}
