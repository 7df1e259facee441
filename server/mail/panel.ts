// The merchant's view of mail: the e-mail log (every message with its status and the SMTP
// answer, the message itself, resending a failed one), the notification templates (edit,
// preview, reset, test) and the reply-to; and everyone's own notification preferences.
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliateNotificationKinds, merchantNotificationKinds, type MailKind, type NotificationKind, type OutboxStatus } from '@/db/enums';
import { mailTemplates, merchants, outboxMessages, users } from '@/db/schema';
import { audit, type Actor } from '../audit';
import { appUrl } from '../env';
import { AppError } from '../errors';
import { afterCommit } from '../outbox';
import { enqueueMail, MAIL_OUTBOX_KIND, programMailContext, type MailPayload } from './enqueue-mail';
import { optedOutKinds, setMailPreference } from './preferences';
import { renderMail, type Rendered } from './render';
import { templateOf } from './templates';
import { notificationKinds, type TemplateDraft } from './schemas';

export interface MailLogRow {
  id: string;
  status: OutboxStatus;
  kind: MailKind;
  to: string;
  toName: string;
  subject: string;
  attempts: number;
  /** The last SMTP answer (an error while retrying or failed; the server's 250 once sent). */
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
}

const payloadField = (name: keyof MailPayload) => sql<string>`${outboxMessages.payload}->>${name}`;

export async function mailLog(
  db: Db,
  merchantId: string,
  opts: { status?: OutboxStatus; kind?: MailKind; cursor?: string; limit?: number } = {},
): Promise<{ rows: MailLogRow[]; next: string | null }> {
  const limit = opts.limit ?? 50;
  const m = outboxMessages;
  const [cAt, cId] = opts.cursor?.split('|') ?? [];
  const cursorDate = cAt ? new Date(cAt) : undefined;
  const rows = await db
    .select({
      id: m.id,
      status: m.status,
      kind: payloadField('mailKind'),
      to: payloadField('to'),
      toName: payloadField('toName'),
      subject: payloadField('subject'),
      attempts: m.attempts,
      lastError: m.lastError,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      nextAttemptAt: m.nextAttemptAt,
    })
    .from(m)
    .where(
      and(
        eq(m.merchantId, merchantId),
        eq(m.kind, MAIL_OUTBOX_KIND),
        opts.status ? eq(m.status, opts.status) : undefined,
        opts.kind ? sql`${m.payload}->>'mailKind' = ${opts.kind}` : undefined,
        cursorDate && !Number.isNaN(cursorDate.getTime()) && cId
          ? or(lt(m.createdAt, cursorDate), and(eq(m.createdAt, cursorDate), lt(m.id, cId)))
          : undefined,
      ),
    )
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit) as MailLogRow[];
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null };
}

export interface MailMessage extends MailLogRow {
  text: string;
  html: string;
  replyTo: string | null;
  headers: Record<string, string>;
}

export async function mailMessage(db: Db, merchantId: string, id: string): Promise<MailMessage> {
  const [row] = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.kind, MAIL_OUTBOX_KIND), eq(outboxMessages.id, id)));
  if (!row) throw new AppError('not_found', 'No such message.');
  const p = row.payload as unknown as MailPayload;
  return {
    id: row.id,
    status: row.status,
    kind: p.mailKind,
    to: p.to,
    toName: p.toName,
    subject: p.subject,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    nextAttemptAt: row.nextAttemptAt,
    text: p.text,
    html: p.html,
    replyTo: p.replyTo,
    headers: p.headers ?? {},
  };
}

/** Queues a failed (or only logged) message again, now; the same message, as it was rendered. */
export async function resendMail(db: Db, merchantId: string, actor: Actor, id: string): Promise<{ status: OutboxStatus }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(outboxMessages)
      .set({ status: 'queued', nextAttemptAt: sql`now()`, lastError: null, attempts: 0, sentAt: null, lockedUntil: null })
      .where(
        and(
          eq(outboxMessages.merchantId, merchantId),
          eq(outboxMessages.kind, MAIL_OUTBOX_KIND),
          eq(outboxMessages.id, id),
          inArray(outboxMessages.status, ['failed', 'logged', 'cancelled']),
        ),
      )
      .returning({ status: outboxMessages.status });
    if (!row) {
      const [exists] = await tx
        .select({ status: outboxMessages.status })
        .from(outboxMessages)
        .where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.kind, MAIL_OUTBOX_KIND), eq(outboxMessages.id, id)));
      if (!exists) throw new AppError('not_found', 'No such message.');
      throw new AppError('conflict', `This message is ${exists.status}: only a failed or logged message can be sent again.`);
    }
    await audit(tx, merchantId, actor, 'mail.resend', { type: 'mail', id });
    await afterCommit(tx);
    return row;
  });
}

export interface TemplateView {
  kind: NotificationKind;
  label: string;
  audience: 'merchant' | 'affiliate' | 'user';
  subject: string;
  text: string;
  custom: boolean;
  defaultSubject: string;
  defaultText: string;
  placeholders: { name: string; description: string }[];
}

export async function notificationTemplates(db: Db, merchantId: string): Promise<TemplateView[]> {
  const custom = await db.select().from(mailTemplates).where(eq(mailTemplates.merchantId, merchantId));
  return notificationKinds.map((kind) => {
    const def = templateOf(kind);
    const own = custom.find((c) => c.kind === kind);
    return {
      kind,
      label: def.label,
      audience: def.audience,
      subject: own?.subject ?? def.subject,
      text: own?.body ?? def.text,
      custom: Boolean(own),
      defaultSubject: def.subject,
      defaultText: def.text,
      placeholders: Object.entries(def.placeholders).map(([name, description]) => ({ name: `{${name}}`, description })),
    };
  });
}

/** The draft rendered with example data, as the recipient would see it (placeholders checked). */
export async function previewTemplate(db: Db, merchantId: string, draft: TemplateDraft): Promise<Rendered> {
  const ctx = await programMailContext(db, merchantId);
  const def = templateOf(draft.kind);
  return renderMail({
    kind: draft.kind,
    vars: def.sample,
    programName: ctx.programName,
    recipientName: 'Ann Example',
    appUrl: appUrl(),
    subject: draft.subject,
    text: draft.text,
    unsubscribeUrl: `${appUrl()}/unsubscribe?token=preview`,
  });
}

export async function saveTemplate(db: Db, merchantId: string, actor: Actor, draft: TemplateDraft): Promise<void> {
  // Refuses unknown placeholders (with the list of known ones) before anything is stored.
  await previewTemplate(db, merchantId, draft);
  await db.transaction(async (tx) => {
    await tx
      .insert(mailTemplates)
      .values({ merchantId, kind: draft.kind, subject: draft.subject, body: draft.text })
      .onConflictDoUpdate({ target: [mailTemplates.merchantId, mailTemplates.kind], set: { subject: draft.subject, body: draft.text, updatedAt: sql`now()` } });
    await audit(tx, merchantId, actor, 'mail.template', { type: 'mail_template', id: draft.kind });
  });
}

export async function resetTemplate(db: Db, merchantId: string, actor: Actor, kind: NotificationKind): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(mailTemplates).where(and(eq(mailTemplates.merchantId, merchantId), eq(mailTemplates.kind, kind)));
    await audit(tx, merchantId, actor, 'mail.template_reset', { type: 'mail_template', id: kind });
  });
}

async function userOf(db: Db, merchantId: string, userId: string) {
  const [u] = await db
    .select({ email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.merchantId, merchantId), eq(users.id, userId)));
  if (!u) throw new AppError('unauthorized', 'Sign in again.');
  return u;
}

/** A test to the signed-in merchant user: of a draft notification (with example data), or the plain test mail. */
export async function sendTestMail(db: Db, merchantId: string, userId: string, draft?: TemplateDraft): Promise<{ id: string; to: string }> {
  const me = await userOf(db, merchantId, userId);
  if (draft) await previewTemplate(db, merchantId, draft);
  const id = await enqueueMail(db, {
    merchantId,
    to: me.email,
    toName: me.name,
    userId,
    kind: draft?.kind ?? 'test',
    vars: draft ? templateOf(draft.kind).sample : { name: me.name },
    test: draft ? { subject: draft.subject, text: draft.text } : undefined,
  });
  return { id: id!, to: me.email };
}

export async function mailSettings(db: Db, merchantId: string) {
  const [m] = await db.select({ replyTo: merchants.mailReplyTo }).from(merchants).where(eq(merchants.id, merchantId));
  const ctx = await programMailContext(db, merchantId);
  return { replyTo: m?.replyTo ?? '', effectiveReplyTo: ctx.replyTo };
}

export async function setReplyTo(db: Db, merchantId: string, actor: Actor, replyTo: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(merchants).set({ mailReplyTo: replyTo || null }).where(eq(merchants.id, merchantId));
    await audit(tx, merchantId, actor, 'mail.reply_to', { type: 'merchant', id: merchantId });
  });
}

export interface PreferenceView {
  kind: NotificationKind;
  label: string;
  on: boolean;
}

/** The signed-in user's notifications, each on or off (merchant staff: the team's; affiliates: their own). */
export async function myMailPreferences(db: Db, merchantId: string, userId: string): Promise<PreferenceView[]> {
  const me = await userOf(db, merchantId, userId);
  const off = new Set(await optedOutKinds(db, merchantId, me.email));
  const kinds: readonly NotificationKind[] = me.role === 'merchant' ? merchantNotificationKinds : affiliateNotificationKinds;
  return kinds.map((kind) => ({ kind, label: templateOf(kind).label, on: !off.has(kind) }));
}

export async function setMyMailPreference(db: Db, merchantId: string, userId: string, kind: NotificationKind, on: boolean): Promise<void> {
  const me = await userOf(db, merchantId, userId);
  const kinds: readonly string[] = me.role === 'merchant' ? merchantNotificationKinds : affiliateNotificationKinds;
  if (!kinds.includes(kind)) throw new AppError('invalid_request', 'kind: not a notification you receive.');
  await setMailPreference(db, merchantId, me.email, kind, on);
}
