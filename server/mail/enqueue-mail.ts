// A mail, rendered now and written into the outbox with the caller's transaction: it is
// sent after that transaction commits, and exactly as it was when its cause happened (a
// template edited later does not change it).
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { isNotificationKind, type MailKind } from '@/db/enums';
import { mailTemplates, merchants, users } from '@/db/schema';
import { appUrl } from '../env';
import { AppError } from '../errors';
import { enqueueOutbox } from '../outbox';
import { isOptedOut, unsubscribeToken } from './preferences';
import { oneLine, renderMail } from './render';

/** The outbox kind of every mail. */
export const MAIL_OUTBOX_KIND = 'mail';

export interface MailRequest {
  /** The program the mail is about (its name, reply-to, templates, opt-outs); null for none. */
  merchantId: string | null;
  to: string;
  toName?: string;
  kind: MailKind;
  vars: Record<string, unknown>;
  /** The user the mail is for, when it is one (for the log). */
  userId?: string;
  /** Idempotency: a second mail with the same key is not written. */
  dedupeKey?: string;
}

/** What the outbox row of a mail holds: the message as sent. */
export interface MailPayload {
  mailKind: MailKind;
  to: string;
  toName: string;
  fromName: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  userId: string | null;
}

const address = z.email().max(320);

/** A recipient's address, or a clear error: one line, a valid address (no header can be smuggled in). */
export function mailAddress(field: string, value: string): string {
  const v = value.trim();
  if (/[\r\n]/.test(value) || !address.safeParse(v).success) throw new AppError('invalid_request', `${field}: not a valid e-mail address.`);
  return v;
}

export interface ProgramMailContext {
  programName: string;
  replyTo: string | null;
}

/** The program's name and reply-to address (its setting, or the owner's — its first merchant user's — address). */
export async function programMailContext(tx: Tx, merchantId: string | null): Promise<ProgramMailContext> {
  if (!merchantId) return { programName: 'Affiliate Tracker', replyTo: null };
  const owner = tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  const [m] = await tx
    .select({ name: merchants.name, replyTo: merchants.mailReplyTo, owner: sql<string | null>`(${owner})` })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  if (!m) throw new AppError('not_found', 'merchantId: no such program.');
  return { programName: oneLine(m.name), replyTo: m.replyTo ?? m.owner ?? null };
}

/** The merchant's own subject and text of a notification, if they wrote one. */
export async function customTemplate(tx: Tx, merchantId: string, kind: MailKind) {
  const [row] = await tx
    .select({ subject: mailTemplates.subject, body: mailTemplates.body })
    .from(mailTemplates)
    .where(and(eq(mailTemplates.merchantId, merchantId), eq(mailTemplates.kind, kind)));
  return row;
}

export function unsubscribeUrl(merchantId: string, email: string, kind: MailKind): string | undefined {
  if (!isNotificationKind(kind)) return undefined;
  return `${appUrl()}/unsubscribe?token=${unsubscribeToken({ merchantId, email, kind })}`;
}

/**
 * Renders the mail and writes it into the outbox with `tx`: its id, or null when the
 * recipient switched this notification off. Throws `invalid_request` for a bad address or vars.
 */
export async function enqueueMail(tx: Tx, req: MailRequest): Promise<string | null> {
  const to = mailAddress('to', req.to);
  const toName = oneLine(req.toName ?? '').slice(0, 200);
  const notification = isNotificationKind(req.kind);
  if (notification && req.merchantId && (await isOptedOut(tx, req.merchantId, to, req.kind))) return null;
  const ctx = await programMailContext(tx, req.merchantId);
  const custom = notification && req.merchantId ? await customTemplate(tx, req.merchantId, req.kind) : undefined;
  const unsubscribe = notification && req.merchantId ? unsubscribeUrl(req.merchantId, to, req.kind) : undefined;
  const rendered = renderMail({
    kind: req.kind,
    vars: req.vars,
    programName: ctx.programName,
    recipientName: toName || to,
    appUrl: appUrl(),
    subject: custom?.subject,
    text: custom?.body,
    unsubscribeUrl: unsubscribe,
  });
  const payload: MailPayload = {
    mailKind: req.kind,
    to,
    toName,
    fromName: ctx.programName,
    replyTo: ctx.replyTo,
    ...rendered,
    headers: unsubscribe ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {},
    userId: req.userId ?? null,
  };
  return enqueueOutbox(tx, { merchantId: req.merchantId, kind: MAIL_OUTBOX_KIND, payload: { ...payload }, dedupeKey: req.dedupeKey });
}
