// Settings › E-mail: every mail the program sent or would send, with its status (queued,
// sent, logged, retrying, failed with the SMTP answer), the reply-to, and a test mail.
import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { utc } from '@/components/form-check';
import { ReplyToForm, ResendButton, SendTestButton } from '@/components/merchant/mail/mail-actions';
import { StatusBadge } from '@/components/status-badge';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
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
        <DataTable
          label="E-mail log"
          testId="mail-log"
          rows={rows}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ 'data-testid': 'mail-row', 'data-status': r.status })}
          empty={status ? `No ${status} mail.` : 'No mail yet. Approvals, new commissions, payouts and invitations appear here as they are sent.'}
          columns={[
            { key: 'subject', header: 'Subject', cell: (r) => <Link href={`/merchant/settings/email/${r.id}`} className="text-brand-600 hover:underline">{r.subject}</Link> },
            {
              key: 'status',
              header: 'Status',
              cell: (r) => (
                <>
                  <StatusBadge status={r.status} />
                  {r.status === 'retrying' ? <div className="mt-1 text-xs text-slate-500">next try {utc(r.nextAttemptAt)}</div> : null}
                </>
              ),
            },
            { key: 'to', header: 'To', className: 'wrap-anywhere', cell: (r) => (r.toName ? `${r.toName} <${r.to}>` : r.to) },
            { key: 'time', header: 'Time', priority: 'normal', className: 'text-xs text-slate-500', cell: (r) => utc(r.createdAt) },
            { key: 'kind', header: 'Mail', priority: 'detail', cell: (r) => templates[r.kind]?.label ?? r.kind },
            { key: 'answer', header: 'Server answer', priority: 'detail', className: 'text-xs wrap-anywhere text-slate-600', cell: (r) => r.lastError ?? '—' },
          ]}
          actions={(r) => (r.status === 'failed' || r.status === 'logged' ? <ResendButton id={r.id} /> : null)}
        />
        {next ? (
          <Link href={`${filter(status)}${status ? '&' : '?'}before=${encodeURIComponent(next)}`} className="text-sm text-brand-600 hover:underline">
            Older mail
          </Link>
        ) : null}
      </section>
    </div>
  );
}
