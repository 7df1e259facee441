// One mail of the e-mail log: its headers, its plain text, its HTML (in a sandboxed frame).
import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { utc } from '@/components/form-check';
import { MailHtmlFrame } from '@/components/mail/mail-html-frame';
import { ResendButton } from '@/components/merchant/mail/mail-actions';
import { StatusBadge } from '@/components/status-badge';
import { Card } from '@/components/ui/card';
import { templates } from '@/server/mail/templates';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'E-mail' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EmailMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const caller = await merchantApi();
  const m = await caller.mail.message({ id }).catch(() => null);
  if (!m) notFound();
  return (
    <div className="space-y-6">
      <Link href="/merchant/settings/email" className="text-sm text-brand-600 hover:underline">
        ← E-mail log
      </Link>
      <h1 className="text-2xl font-semibold break-words">{m.subject}</h1>
      <Card>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">Status</dt>
          <dd className="flex items-center gap-2">
            <StatusBadge status={m.status} /> after {m.attempts} attempt{m.attempts === 1 ? '' : 's'}
            {m.status === 'failed' || m.status === 'logged' ? <ResendButton id={m.id} /> : null}
          </dd>
          <dt className="text-slate-500">Server answer</dt>
          <dd className="break-words" data-testid="mail-answer">
            {m.lastError ?? '—'}
          </dd>
          <dt className="text-slate-500">Mail</dt>
          <dd>{templates[m.kind]?.label ?? m.kind}</dd>
          <dt className="text-slate-500">To</dt>
          <dd className="break-all">{m.toName ? `${m.toName} <${m.to}>` : m.to}</dd>
          <dt className="text-slate-500">Reply-to</dt>
          <dd className="break-all">{m.replyTo ?? '—'}</dd>
          {Object.entries(m.headers).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500">{k}</dt>
              <dd className="break-all font-mono text-xs">{v}</dd>
            </div>
          ))}
          <dt className="text-slate-500">Queued</dt>
          <dd>{utc(m.createdAt)}</dd>
          <dt className="text-slate-500">Sent</dt>
          <dd>{m.sentAt ? utc(m.sentAt) : '—'}</dd>
        </dl>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card title="HTML">
          <MailHtmlFrame html={m.html} title="The mail's HTML part" />
        </Card>
        <Card title="Plain text">
          <pre data-testid="mail-text" className="whitespace-pre-wrap text-sm [overflow-wrap:anywhere]">
            {m.text}
          </pre>
        </Card>
      </div>
    </div>
  );
}
