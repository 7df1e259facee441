'use client';
// Settings › Notifications: one notification's subject and text, with its placeholders,
// a preview with example data (the plain text and the HTML the recipient gets), saving,
// going back to the default, and a test mail to oneself.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { MailHtmlFrame } from '@/components/mail/mail-html-frame';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { useZodForm } from '@/components/use-zod-form';
import { check } from '@/components/form-check';
import { templateDraftSchema, type TemplateDraft } from '@/server/mail/schemas';
import type { TemplateView } from '@/server/mail/panel';

export function TemplateEditor({ template }: { template: TemplateView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const save = useMutation(trpc.mail.saveTemplate.mutationOptions());
  const preview = useMutation(trpc.mail.preview.mutationOptions());
  const sendTest = useMutation(trpc.mail.sendTest.mutationOptions());
  const reset = useMutation(trpc.mail.resetTemplate.mutationOptions());
  const { confirm, dialog } = useConfirm();
  const [rendered, setRendered] = useState<{ subject: string; text: string; html: string }>();
  const [extra, setExtra] = useState<{ errors: Record<string, string>; done?: string }>({ errors: {} });
  const read = (el: HTMLFormElement) => ({ ...Object.fromEntries(new FormData(el)), kind: template.kind });
  const f = useZodForm(
    templateDraftSchema,
    async (data) => {
      await save.mutateAsync(data);
      router.refresh();
      return 'Saved: new mails use this text.';
    },
    { read, onStart: () => setExtra({ errors: {} }) },
  );

  /** Runs an action on the current draft, with the same checks and error display as saving. */
  async function withDraft(action: (draft: TemplateDraft) => Promise<string | void>) {
    setExtra({ errors: {} });
    const { data, errors } = check(templateDraftSchema, read(form.current!));
    if (!data) return setExtra({ errors });
    try {
      const done = await action(data);
      setExtra({ errors: {}, done: done ?? undefined });
    } catch (err) {
      const { fields, message } = errorsOf(err);
      setExtra({ errors: message ? { form: message } : fields });
    }
  }
  const errors = { ...f.errors, ...extra.errors };
  const id = (name: string) => `${template.kind}-${name}`;

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form ref={form} onSubmit={f.onSubmit} className="space-y-3" noValidate aria-label={`${template.label} template`}>
        <Field label="Subject" id={id('subject')} name="subject" defaultValue={template.subject} error={errors.subject} maxLength={200} />
        <div className="space-y-1">
          <label htmlFor={id('text')} className="block text-sm font-medium text-slate-700">
            Text
          </label>
          <textarea
            id={id('text')}
            name="text"
            defaultValue={template.text}
            rows={10}
            aria-invalid={errors.text ? true : undefined}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100"
          />
          {errors.text ? (
            <p role="alert" className="text-sm text-red-600">
              {errors.text}
            </p>
          ) : (
            <p className="text-xs text-slate-500">Plain text; the HTML part is made from it. The unsubscribe link is added below it.</p>
          )}
        </div>
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer">Placeholders</summary>
          <ul className="mt-1 space-y-0.5">
            {template.placeholders.map((p) => (
              <li key={p.name}>
                <code className="rounded bg-slate-100 px-1">{p.name}</code> {p.description}
              </li>
            ))}
          </ul>
        </details>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={f.pending}>
            {f.pending ? 'Saving…' : 'Save'}
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={preview.isPending}
            onClick={() =>
              withDraft(async (draft) => {
                setRendered(await preview.mutateAsync(draft));
              })
            }
          >
            Preview
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={sendTest.isPending}
            onClick={() =>
              withDraft(async (draft) => {
                const r = await sendTest.mutateAsync({ draft });
                return `A test of this draft is on its way to ${r.to} (see the e-mail log).`;
              })
            }
          >
            Send test to me
          </Button>
          {template.custom ? (
            <Button
              type="button"
              variant="ghost"
              disabled={reset.isPending}
              onClick={async () => {
                const ok = await confirm({
                  title: `Use the default ${template.label.toLowerCase()} mail again?`,
                  body: 'Your subject and text for this notification are deleted; new mails use the default text.',
                  confirmLabel: 'Use the default',
                });
                if (!ok) return;
                await reset.mutateAsync({ kind: template.kind });
                form.current?.reset();
                router.refresh();
              }}
            >
              Reset to default
            </Button>
          ) : null}
        </div>
        <FormMessages error={errors.form} done={f.done ?? extra.done} />
        {dialog}
      </form>

      <div aria-live="polite">
        {rendered ? (
          <div className="space-y-2" data-testid={`preview-${template.kind}`}>
            <p className="text-sm">
              <span className="text-slate-500">Subject:</span> <strong data-testid="preview-subject">{rendered.subject}</strong>
            </p>
            <MailHtmlFrame html={rendered.html} title={`Preview of the ${template.label} mail`} />
            <details className="text-xs">
              <summary className="cursor-pointer text-slate-600">Plain-text part</summary>
              <pre data-testid="preview-text" className="mt-1 whitespace-pre-wrap rounded-md bg-slate-50 p-2">
                {rendered.text}
              </pre>
            </details>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Preview shows this draft with example data, as the recipient will see it.</p>
        )}
      </div>
    </div>
  );
}
