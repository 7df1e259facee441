'use client';
// Tools › Webhooks › Outgoing: the merchant's endpoints for its program's events — add,
// turn on/off, rotate the secret, send a test event, delete — and each endpoint's delivery
// log with "send again".
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { clsx } from 'clsx';
import { CopyButton } from '@/components/copy-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { webhookEventTypes } from '@/db/enums';
import { webhookEndpointCreateSchema } from '@/server/outgoing-webhooks/schemas';

export interface OutgoingEndpoint {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  secret: string;
  createdAt: string;
}

const outcomeTone: Record<string, string> = {
  succeeded: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-amber-50 text-amber-800',
  gave_up: 'bg-red-50 text-red-700',
};

export function OutgoingWebhooks({ endpoints }: { endpoints: OutgoingEndpoint[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.outgoingWebhooks.create.mutationOptions());
  const createForm = useZodForm(
    webhookEndpointCreateSchema,
    async (data, form) => {
      await create.mutateAsync(data);
      form.reset();
      router.refresh();
      return 'Endpoint added. Verify deliveries with its signing secret below.';
    },
    {
      read: (form) => {
        const fd = new FormData(form);
        return { url: fd.get('url'), description: fd.get('description') ?? '', events: fd.getAll('events') };
      },
    },
  );

  return (
    <div className="space-y-5">
      {endpoints.some((e) => !e.enabled && e.disabledReason) ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          An endpoint was turned off because its deliveries kept failing. Fix the receiver, turn it on and send the failed events again.
        </div>
      ) : null}
      <form onSubmit={createForm.onSubmit} className="space-y-3 rounded-md border border-slate-200 p-4" noValidate aria-label="Add an endpoint">
        <div className="grid gap-3 md:grid-cols-2">
          <Field id="outgoing-url" label="Endpoint URL" name="url" placeholder="https://shop.example/webhooks/affiliates" maxLength={2048} error={createForm.errors.url} />
          <Field id="outgoing-description" label="Description (optional)" name="description" maxLength={200} error={createForm.errors.description} />
        </div>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {webhookEventTypes.map((t) => (
              <label key={t} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="events" value={t} defaultChecked /> <code className="text-xs">{t}</code>
              </label>
            ))}
          </div>
          {createForm.errors.events ? <p role="alert" className="text-sm text-red-600">{createForm.errors.events}</p> : null}
        </fieldset>
        <Button type="submit" disabled={createForm.pending}>{createForm.pending ? 'Adding…' : 'Add endpoint'}</Button>
        <FormMessages error={createForm.errors.form} done={createForm.done} />
      </form>
      {endpoints.length === 0 ? (
        <p className="text-sm text-slate-500">No endpoints yet. Add one to hear of new affiliates, conversions, commissions, refunds and payouts as they happen.</p>
      ) : (
        endpoints.map((e) => <Endpoint key={e.id} endpoint={e} />)
      )}
    </div>
  );
}

function Endpoint({ endpoint: e }: { endpoint: OutgoingEndpoint }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { confirm, dialog } = useConfirm();
  const [message, setMessage] = useState<string>();
  const [showLog, setShowLog] = useState(false);
  const update = useMutation(trpc.outgoingWebhooks.update.mutationOptions());
  const remove = useMutation(trpc.outgoingWebhooks.delete.mutationOptions());
  const rotate = useMutation(trpc.outgoingWebhooks.rotateSecret.mutationOptions());
  const test = useMutation(trpc.outgoingWebhooks.test.mutationOptions());
  const resend = useMutation(trpc.outgoingWebhooks.resend.mutationOptions());
  const attempts = useQuery({ ...trpc.outgoingWebhooks.attempts.queryOptions({ id: e.id, limit: 50 }), enabled: showLog });

  async function run(work: () => Promise<unknown>, done: string) {
    setMessage(undefined);
    try {
      await work();
      setMessage(done);
      router.refresh();
      if (showLog) await attempts.refetch();
    } catch (err) {
      setMessage(errorsOf(err).message ?? 'That did not work; try again.');
    }
  }

  return (
    <section aria-label={`Endpoint ${e.url}`} data-testid="outgoing-endpoint" className="space-y-3 rounded-md border border-slate-200 p-4">
      {dialog}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <div className="break-all font-mono text-sm">{e.url}</div>
          {e.description ? <div className="text-xs text-slate-500">{e.description}</div> : null}
        </div>
        <span className={clsx('rounded-full px-2 py-0.5 text-xs font-medium', e.enabled ? 'bg-emerald-50 text-emerald-800' : 'bg-amber-50 text-amber-800')}>
          {e.enabled ? 'on' : 'off'}
        </span>
      </div>
      {e.disabledReason ? <p className="text-sm text-red-700">{e.disabledReason}</p> : null}
      <ul className="flex flex-wrap gap-1.5">
        {e.events.map((t) => (
          <li key={t}>
            <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{t}</code>
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Signing secret</span>
        <code data-testid="endpoint-secret" className="break-all rounded bg-slate-100 px-2 py-0.5 font-mono text-xs">{e.secret}</code>
        <CopyButton text={e.secret} />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={() => run(() => test.mutateAsync({ id: e.id }), 'Test event queued: it appears in the delivery log once sent.')} disabled={!e.enabled || test.isPending}>
          Send test event
        </Button>
        <Button
          type="button"
          onClick={async () => {
            // Turning off stops deliveries (events meanwhile are not sent); turning on is harmless.
            if (
              e.enabled &&
              !(await confirm({
                title: `Turn off the endpoint ${e.url}?`,
                body: 'Nothing is sent to it while it is off, until you turn it on again.',
                confirmLabel: 'Turn off endpoint',
              }))
            )
              return;
            await run(() => update.mutateAsync({ id: e.id, patch: { enabled: !e.enabled } }), e.enabled ? 'Turned off.' : 'Turned on.');
          }}
        >
          {e.enabled ? 'Turn off' : 'Turn on'}
        </Button>
        <Button
          type="button"
          onClick={async () => {
            const ok = await confirm({
              title: 'Rotate the signing secret?',
              body: 'A new secret signs from now on; for 24 hours the old one signs too (a second signature), so your receiver can switch over.',
              confirmLabel: 'Rotate secret',
            });
            if (ok) await run(() => rotate.mutateAsync({ id: e.id }), 'New secret made; the old one keeps signing for 24 hours.');
          }}
        >
          Rotate secret
        </Button>
        <Button type="button" onClick={() => setShowLog((v) => !v)}>{showLog ? 'Hide delivery log' : 'Delivery log'}</Button>
        <button
          type="button"
          onClick={async () => {
            const ok = await confirm({ title: `Delete the endpoint ${e.url}?`, body: 'Nothing more is sent to it, and its delivery log is deleted.', confirmLabel: 'Delete endpoint' });
            if (ok) await run(() => remove.mutateAsync({ id: e.id }), 'Deleted.');
          }}
          className="rounded border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
        >
          Delete
        </button>
      </div>
      {message ? <p role="status" className="text-sm text-slate-700">{message}</p> : null}
      {showLog ? (
        <DataTable
          label={`Deliveries to ${e.url}`}
          rows={attempts.data ?? []}
          rowKey={(a) => String(a.id)}
          empty={attempts.isLoading ? 'Loading…' : 'No deliveries yet.'}
          columns={[
            {
              key: 'event',
              header: 'Event',
              cell: (a) => (
                <>
                  <div>{a.eventType}</div>
                  <div className="font-mono text-xs wrap-anywhere text-slate-500">{a.messageId}</div>
                </>
              ),
            },
            {
              key: 'outcome',
              header: 'Outcome',
              cell: (a) => <span className={clsx('rounded-full px-2 py-0.5 text-xs font-medium', outcomeTone[a.outcome] ?? 'bg-slate-100')}>{a.outcome.replace('_', ' ')}</span>,
            },
            { key: 'time', header: 'Time (UTC)', priority: 'normal', className: 'text-slate-500', cell: (a) => new Date(a.createdAt).toISOString().slice(0, 19).replace('T', ' ') },
            { key: 'attempt', header: 'Attempt', priority: 'normal', align: 'right', cell: (a) => a.attempt },
            {
              key: 'answer',
              header: 'Answer',
              priority: 'detail',
              className: 'text-xs',
              cell: (a) => (
                <>
                  <div>{a.responseStatus ?? a.error ?? '—'}</div>
                  {a.responseBody ? <div className="font-mono wrap-anywhere text-slate-500">{a.responseBody.slice(0, 200)}</div> : null}
                </>
              ),
            },
            { key: 'duration', header: 'Duration', priority: 'detail', className: 'text-xs', cell: (a) => `${a.durationMs} ms` },
          ]}
          actions={(a) => (
            <Button
              type="button"
              variant="secondary"
              className="px-2 py-0.5 text-xs"
              aria-label={`Send ${a.eventType} ${a.messageId} again`}
              disabled={!e.enabled || resend.isPending}
              onClick={() => run(() => resend.mutateAsync({ id: e.id, messageId: a.messageId }), 'Queued again, with the same webhook-id.')}
            >
              Send again
            </Button>
          )}
        />
      ) : null}
    </section>
  );
}
