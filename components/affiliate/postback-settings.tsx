'use client';
// The affiliate's postback: the URL template (validated as you type, with the same schema the
// server applies), the macros it may use, "send a test postback" and the delivery log.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { clsx } from 'clsx';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { POSTBACK_MACROS, postbackMacroNames, postbackSaveSchema } from '@/server/postbacks/schemas';

export interface PostbackSettingsProps {
  postback: { urlTemplate: string; method: 'GET' | 'POST'; enabled: boolean; blockedByMerchant: boolean } | null;
}

const outcomeTone: Record<string, string> = {
  succeeded: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-amber-50 text-amber-800',
  gave_up: 'bg-red-50 text-red-700',
};

const utc = (iso: string) => iso.slice(0, 19).replace('T', ' ');

export function PostbackSettings({ postback }: PostbackSettingsProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const { confirm, dialog } = useConfirm();
  const [message, setMessage] = useState<string>();
  // After a test, the log is asked again every second for a while, until the answer is in.
  const [watchUntil, setWatchUntil] = useState(0);
  const save = useMutation(trpc.affiliate.postback.save.mutationOptions());
  const remove = useMutation(trpc.affiliate.postback.remove.mutationOptions());
  const test = useMutation(trpc.affiliate.postback.sendTest.mutationOptions());
  const attempts = useQuery({
    ...trpc.affiliate.postback.attempts.queryOptions({ limit: 25 }),
    refetchInterval: () => (Date.now() < watchUntil ? 1000 : false),
  });

  const form = useZodForm(
    postbackSaveSchema,
    async (data) => {
      await save.mutateAsync(data);
      router.refresh();
      return 'Saved. Your postback fires on each new commission of yours.';
    },
    {
      read: (f) => {
        const fd = new FormData(f);
        return { urlTemplate: fd.get('urlTemplate') ?? '', method: fd.get('method') ?? 'GET', enabled: fd.get('enabled') === 'on' };
      },
      onStart: () => setMessage(undefined),
    },
  );

  async function run(work: () => Promise<unknown>, done: string) {
    setMessage(undefined);
    try {
      await work();
      setMessage(done);
      router.refresh();
    } catch (err) {
      setMessage(errorsOf(err).message ?? 'That did not work; try again.');
    }
  }

  const rows = attempts.data?.data ?? [];
  return (
    <div className="space-y-5">
      {dialog}
      {postback?.blockedByMerchant ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          The program turned your postback off: nothing is sent. Ask the merchant to turn it on again.
        </div>
      ) : null}
      <form onSubmit={form.onSubmit} className="space-y-3" noValidate aria-label="Postback URL">
        <Field
          id="postback-url"
          label="Postback URL"
          name="urlTemplate"
          defaultValue={postback?.urlTemplate ?? ''}
          placeholder="https://tracker.example/postback?click={data1}&payout={commission}&cur={currency}"
          maxLength={2048}
          error={form.errors.urlTemplate}
          hint="An http(s) URL; the macros below are replaced by their values, URL-encoded."
        />
        <div className="flex flex-wrap items-end gap-4">
          <div className="space-y-1">
            <label htmlFor="postback-method" className="block text-sm font-medium text-slate-700">
              Method
            </label>
            <select id="postback-method" name="method" defaultValue={postback?.method ?? 'GET'} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              <option value="GET">GET</option>
              <option value="POST">POST (the query also sent as a form body)</option>
            </select>
          </div>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="enabled" defaultChecked={postback?.enabled ?? true} /> Send postbacks
          </label>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? 'Saving…' : 'Save postback'}
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={!postback || !postback.enabled || postback.blockedByMerchant || test.isPending}
            onClick={() =>
              run(async () => {
                await test.mutateAsync();
                setWatchUntil(Date.now() + 20_000);
                await attempts.refetch();
              }, 'Test postback queued: its answer appears in the deliveries below in a moment.')
            }
          >
            Send test postback
          </Button>
          {postback ? (
            <Button
              type="button"
              variant="ghost"
              onClick={async () => {
                const ok = await confirm({ title: 'Remove your postback?', body: 'No postback is sent for your conversions until you set one again.', confirmLabel: 'Remove postback' });
                if (ok) await run(() => remove.mutateAsync(), 'Removed.');
              }}
            >
              Remove
            </Button>
          ) : null}
        </div>
        <FormMessages error={form.errors.form} done={form.done} />
        {message ? (
          <p role="status" className="text-sm text-slate-700">
            {message}
          </p>
        ) : null}
      </form>

      <details className="rounded-md border border-slate-200 p-3 text-sm">
        <summary className="cursor-pointer font-medium">Macros</summary>
        <p className="mt-2 text-slate-600">
          Fired once for each commission credited to you (tier 1: your own conversions, never test orders), retried for about three days while your server does not answer 2xx.
        </p>
        <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]" data-testid="postback-macros">
          {postbackMacroNames.map((m) => (
            <div key={m} className="contents">
              <dt>
                <code className="rounded bg-slate-100 px-1 text-xs">{`{${m}}`}</code>
              </dt>
              <dd className="text-slate-600">{POSTBACK_MACROS[m]}</dd>
            </div>
          ))}
        </dl>
      </details>

      <section aria-label="Recent postbacks" className="space-y-2">
        <h3 className="text-sm font-semibold">Recent deliveries</h3>
        <DataTable
          label="Postback deliveries"
          testId="postback-deliveries"
          rows={rows}
          rowKey={(r) => r.id}
          empty={attempts.isLoading ? 'Loading…' : 'No postbacks sent yet.'}
          columns={[
            { key: 'time', header: 'Time (UTC)', cell: (r) => utc(r.createdAt), className: 'whitespace-nowrap text-slate-500' },
            {
              key: 'outcome',
              header: 'Outcome',
              cell: (r) => (
                <span className={clsx('rounded-full px-2 py-0.5 text-xs font-medium', outcomeTone[r.outcome] ?? 'bg-slate-100')}>
                  {r.outcome.replace('_', ' ')}
                  {r.test ? ' (test)' : ''}
                </span>
              ),
            },
            {
              key: 'answer',
              header: 'Answer',
              cell: (r) => (
                <div className="text-xs">
                  <div>{r.responseStatus ?? r.error ?? '—'}</div>
                  {r.responseBody ? (
                    <div className="max-w-xs truncate font-mono text-slate-500" title={r.responseBody}>
                      {r.responseBody}
                    </div>
                  ) : null}
                </div>
              ),
            },
            { key: 'attempt', header: 'Attempt', cell: (r) => r.attempt, priority: 'normal' },
            { key: 'duration', header: 'Duration', cell: (r) => `${r.durationMs} ms`, priority: 'normal', className: 'whitespace-nowrap' },
            { key: 'url', header: 'Request', cell: (r) => <span className="break-all font-mono text-xs">{`${r.method} ${r.url}`}</span>, priority: 'detail' },
          ]}
        />
      </section>
    </div>
  );
}
