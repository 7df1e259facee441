// Settings › Notifications: the subject and text of each notification mail, with a preview
// and a test; and which of them the signed-in team member receives.
import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { MailPreferences } from '@/components/mail/mail-preferences';
import { TemplateEditor } from '@/components/merchant/mail/template-editor';
import { Card } from '@/components/ui/card';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const caller = await merchantApi();
  const [list, mine] = await Promise.all([caller.mail.templates(), caller.mail.myPreferences()]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <Link href="/merchant/settings/email" className="text-sm text-brand-600 hover:underline">
          E-mail log
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        The mails the program sends by itself. Write placeholders such as <code>{'{affiliate.name}'}</code> in braces; each mail has
        a plain-text and an HTML part, your program’s name, your reply-to address and an unsubscribe link. Its recipient can switch
        each kind off.
      </p>
      <Card title="Your notifications">
        <MailPreferences role="merchant" preferences={mine} />
      </Card>
      {list.map((t) => (
        <section key={t.kind} id={t.kind} aria-labelledby={`${t.kind}-title`} className="scroll-mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id={`${t.kind}-title`} className="text-lg font-semibold">
            {t.label}
            <span className="ml-2 text-xs font-normal text-slate-500">
              to {t.audience === 'merchant' ? 'your team' : 'the affiliate'}
              {t.custom ? ' · your text' : ' · default text'}
            </span>
          </h2>
          <TemplateEditor template={t} />
        </section>
      ))}
    </div>
  );
}
