// Renders a mail from its template: the subject and plain text with the placeholders
// filled, and an HTML part made from that same text — every character of it escaped, only
// this app's own links (reset, panel, unsubscribe) made anchors. Whatever an affiliate or a
// visitor typed (a name, a website) is text in both parts, never markup, and a subject
// cannot carry a line break into the headers.
import type { MailKind } from '@/db/enums';
import { AppError } from '../errors';
import { escapeHtml } from '../links';
import { checkPlaceholders, fillPlaceholders } from './placeholders';
import { templateOf } from './templates';

export interface RenderInput {
  kind: MailKind;
  vars: unknown;
  programName: string;
  recipientName: string;
  appUrl: string;
  /** The merchant's own subject and text (notifications); default: the template's. */
  subject?: string;
  text?: string;
  /** Notifications: where the recipient switches this kind off. */
  unsubscribeUrl?: string;
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** One line of header text: CR, LF and other control characters become spaces. */
export const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

export function renderMail(input: RenderInput): Rendered {
  const def = templateOf(input.kind);
  const parsed = def.vars.safeParse(input.vars);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_request', `vars.${issue?.path.join('.') || input.kind}: ${issue?.message ?? 'invalid'}`);
  }
  const subjectTemplate = input.subject ?? def.subject;
  const textTemplate = input.text ?? def.text;
  const allowed = Object.keys(def.placeholders);
  checkPlaceholders('subject', subjectTemplate, allowed);
  checkPlaceholders('text', textTemplate, allowed);

  const values: Record<string, string> = {
    'program.name': input.programName,
    'recipient.name': input.recipientName,
    'app.url': input.appUrl,
    ...def.values(parsed.data, { appUrl: input.appUrl }),
  };
  const links = new Set(def.links ?? []);
  // Every value is one line: a name cannot forge a "header-looking" line in the text either.
  const value = (name: string) => oneLine(values[name] ?? '');

  const subject = oneLine(fillPlaceholders(subjectTemplate, value)).slice(0, 250);
  const body = fillPlaceholders(textTemplate, value);
  const footer = input.unsubscribeUrl
    ? `\n\n--\nYou receive this mail from ${input.programName}. Switch these mails off: ${input.unsubscribeUrl}`
    : `\n\n--\n${input.programName}`;
  const text = body + footer;

  const anchor = (href: string, label = href) => `<a href="${escapeHtml(href)}" style="color:#2563eb">${escapeHtml(label)}</a>`;
  // The body as HTML: each placeholder's value escaped (a link of this app as an anchor), the template's text escaped too.
  const htmlBody = fillPlaceholders(
    textTemplate,
    (name) => (links.has(name) && value(name) ? anchor(value(name)) : escapeHtml(value(name))),
    escapeHtml,
  );
  const paragraphs = htmlBody
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const htmlFooter = input.unsubscribeUrl
    ? `You receive this mail from ${escapeHtml(input.programName)}. ${anchor(input.unsubscribeUrl, 'Switch these mails off')}.`
    : escapeHtml(input.programName);
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#18181b">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<h1 style="font-size:18px;margin:0 0 16px">${escapeHtml(input.programName)}</h1>
${paragraphs}
<p style="margin:24px 0 0;font-size:12px;color:#71717a">${htmlFooter}</p>
</div>
</body></html>`;
  return { subject, text, html };
}
