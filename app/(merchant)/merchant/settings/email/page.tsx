// Settings › E-mail: every mail the program sent or would send, with its status (queued,
// sent, logged, retrying, failed with the SMTP answer), the reply-to, and a test mail.
import type { Metadata } from 'next';
import Link from 'next/link';
import { utc } from '@/components/form-check';
import { ReplyToForm, ResendButton, SendTestButton } from '@/components/merchant/mail/mail-actions';
import { StatusBadge } from '@/components/status-badge';
import { Card } from '@/components/ui/card';
import { outboxStatuses, type OutboxStatus } from '@/db/enums';
import { env } from '@/server/env';
import { templates } from '@/server/mail/templates';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'E-mail' };

const shown = outboxStatuses.filter((s) => s !== 'sending' && s !== 'cancelled');

export default async function EmailLogPage({ searchParams }: { searchParams: Promise<{ status?: string; before?: string }> }) {
  const sp = await searchParams;
  const status = (outboxStatuses as readonly string[]).includes(sp.status ?? '') ? (sp.status as OutboxStatus) : undefined;
  const caller = await merchantApi();
  const [{ rows, next }, settings] = await Promise.all([caller.mail.log({ status, cursor: sp.before?.slice(0, 100), limit: 50 }), caller.mail.settings()]);
  const smtp = Boolean(env().SMTP_URL);
  const filter = (s?: string) => (s ? `/merchant/settings/email?status=${s}` : '/merchant/settings/email');

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">E-mail</h1>
        <Link href="/merchant/settings/notifications" className="text-sm text-brand-600 hover:underline">
          Edit the notification mails
        </Link>
      </div>
      {smtp ? null : (
        <p role="status" className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          No mail server is configured (<code>SMTP_URL</code>): mails are not sent. Each is kept here as <em>logged</em> and printed to
          the server log, so you can read everything the program would send.
        </p>
      )}

      <Card title="Sending">
        <div className="grid gap-6 md:grid-cols-2">
          <ReplyToForm replyTo={settings.replyTo} effective={settings.effectiveReplyTo} />
          <SendTestButton />
        </div>
      </Card>

      <section aria-labelledby="log-title" className="space-y-3">
        <h2 id="log-title" className="text-lg font-semibold">
          E-mail log
        </h2>
        <nav aria-label="Status" className="flex flex-wrap gap-2 text-sm">
          {[undefined, ...shown].map((s) => (
            <Link
              key={s ?? 'all'}
              href={filter(s)}
              aria-current={s === status ? 'page' : undefined}
              className={`rounded-md border px-2 py-1 ${s === status ? 'border-brand-600 bg-brand-50 text-brand-700' : 'border-slate-200 bg-white hover:bg-slate-50'}`}
            >
              {s ?? 'All'}
            </Link>
          ))}
        </nav>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-sm" data-testid="mail-log">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2">Time</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Mail</th>
                <th className="px-3 py-2">To</th>
                <th className="px-3 py-2">Subject</th>
                <th className="px-3 py-2">Server answer</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                    {status ? `No ${status} mail.` : 'No mail yet. Approvals, new commissions, payouts and invitations appear here as they are sent.'}
                  </td>
                </tr>
              ) : (
                rows.map((r) => (
                  <tr key={r.id} data-testid="mail-row" data-status={r.status}>
                    <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500">{utc(r.createdAt)}</td>
                    <td className="px-3 py-2">
                      <StatusBadge status={r.status} />
                      {r.status === 'retrying' ? <div className="mt-1 text-xs text-slate-500">next try {utc(r.nextAttemptAt)}</div> : null}
                    </td>
                    <td className="px-3 py-2">{templates[r.kind]?.label ?? r.kind}</td>
                    <td className="px-3 py-2 break-all">{r.toName ? `${r.toName} <${r.to}>` : r.to}</td>
                    <td className="px-3 py-2">
                      <Link href={`/merchant/settings/email/${r.id}`} className="text-brand-600 hover:underline">
                        {r.subject}
                      </Link>
                    </td>
                    <td className="max-w-xs px-3 py-2 text-xs break-words text-slate-600">{r.lastError ?? '—'}</td>
                    <td className="px-3 py-2">{r.status === 'failed' || r.status === 'logged' ? <ResendButton id={r.id} /> : null}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        {next ? (
          <Link href={`${filter(status)}${status ? '&' : '?'}before=${encodeURIComponent(next)}`} className="text-sm text-brand-600 hover:underline">
            Older mail
          </Link>
        ) : null}
      </section>
    </div>
  );
}
