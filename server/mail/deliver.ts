// Sends an outbox mail: through SMTP_URL with nodemailer, or — without it — printed to the
// server log and kept in the e-mail log as `logged`. An SMTP server that is down or answers
// 4xx is retried with backoff; a 5xx answer fails the message; the answer is kept either way.
import nodemailer, { type Transporter } from 'nodemailer';
import type { OutboxMessage } from '@/db/schema';
import { appUrl, env } from '../env';
import { exponentialBackoff, PermanentError, registerOutboxHandler, type DeliveryOutcome } from '../outbox';
import { MAIL_OUTBOX_KIND, type MailPayload } from './enqueue-mail';
import { oneLine } from './render';
import { log } from '@/lib/log';

const g = globalThis as typeof globalThis & { __affMailTransport?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  if (g.__affMailTransport?.url !== url) {
    g.__affMailTransport = {
      url,
      // Short timeouts: a stalled server costs a retry, well within the outbox's lease.
      transport: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never),
    };
  }
  return g.__affMailTransport.transport;
}

/** The sender: MAIL_FROM (its own name, or the program's), else no-reply at APP_URL's host, named after the program. */
export function senderOf(programName: string): { name: string; address: string } {
  const configured = env().MAIL_FROM;
  const m = configured ? /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>\s]+)>\s*$/.exec(configured) : null;
  if (m) return { name: oneLine(m[1] || programName), address: m[2]! };
  if (configured) return { name: oneLine(programName), address: configured };
  let host = 'localhost';
  try {
    host = new URL(appUrl()).hostname || host;
  } catch {}
  return { name: oneLine(programName), address: `no-reply@${host}` };
}

/** nodemailer's error as the SMTP server's answer (or the connection's failure), and whether a retry can help. */
export function smtpFailure(err: unknown): Error {
  const e = err as { response?: string; responseCode?: number; code?: string; message?: string };
  const answer = e.response ? oneLine(e.response) : `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) return new PermanentError(answer);
  return new Error(answer);
}

export async function deliverMail(row: OutboxMessage): Promise<DeliveryOutcome> {
  const p = row.payload as unknown as MailPayload;
  if (typeof p?.to !== 'string' || typeof p.subject !== 'string') throw new PermanentError('malformed mail payload');
  const from = senderOf(p.fromName);
  const url = env().SMTP_URL;
  if (!url) {
    // PLATFORM-API.md §1: without SMTP the message is printed, so the embedded start needs no mail server.
    log().info(
      { component: 'mail', mailId: row.id, from: `${from.name} <${from.address}>`, to: p.toName ? `${p.toName} <${p.to}>` : p.to, subject: p.subject, text: p.text },
      'mail not sent (SMTP_URL is not set): printed here and kept in the e-mail log',
    );
    return { status: 'logged', info: 'SMTP_URL is not set: kept in the e-mail log and printed to the server log.' };
  }
  try {
    const info = await transport(url).sendMail({
      from,
      to: { name: oneLine(p.toName), address: p.to },
      ...(p.replyTo ? { replyTo: p.replyTo } : {}),
      subject: oneLine(p.subject),
      text: p.text,
      html: p.html,
      // Ours only (List-Unsubscribe); the message id is stable across retries of one row.
      headers: Object.fromEntries(Object.entries(p.headers ?? {}).map(([k, v]) => [k, oneLine(v)])),
      messageId: `<${row.id}@${from.address.split('@')[1] ?? 'localhost'}>`,
    });
    return { status: 'sent', info: info.response ? oneLine(info.response) : undefined };
  } catch (err) {
    throw smtpFailure(err);
  }
}

/** 30 s, 1 min, 2 min … capped at an hour, for about a day; then `failed` (and resendable from the log). */
export const mailBackoff = exponentialBackoff({ baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 30 });

export function registerMailHandler(): void {
  registerOutboxHandler(MAIL_OUTBOX_KIND, { deliver: deliverMail, backoff: mailBackoff });
}
