// Mail through a real SMTP server (smtp-server in this process, mailparser to read what
// arrived): every mail has a text and an HTML part; notifications carry the unsubscribe link
// and the List-Unsubscribe headers, account mails none; the outbox retries while the server
// refuses or is down and delivers exactly once when it is back; a 5xx answer fails; nothing
// an affiliate typed becomes markup or a header.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailKinds, type MailKind } from '@/db/enums';
import { merchants, outboxMessages } from '@/db/schema';
import { enqueueMail, registerMailHandler, renderMail, setMailPreference, templates, verifyUnsubscribeToken } from '@/server/mail';
import { drainOutbox } from '@/server/outbox';
import { createTestDb, type TestDb } from './helpers/db';
import { startTestSmtp } from './helpers/smtp';

const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;
process.env.APP_URL = 'https://tracker.example';
process.env.MAIL_FROM = 'Tracker <mailer@tracker.example>';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ seed: true });
  registerMailHandler();
});
afterAll(async () => {
  await smtp.stop();
  await t.close();
});
beforeEach(async () => {
  smtp.mode = 'ok';
  smtp.received.length = 0;
  await t.db.delete(outboxMessages).where(sql`true`);
});

const rowOf = async (id: string) => (await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]!;
const mailTo = (kind: MailKind, to: string, vars: Record<string, unknown> = templates[kind].sample, toName = 'Ann Example') =>
  enqueueMail(t.db, { merchantId: 'demo', to, toName, kind, vars });

describe('every kind, as received', () => {
  it('has a text and an HTML part, the program’s name, the reply-to, and (notifications only) the unsubscribe link and headers', async () => {
    for (const kind of mailKinds) {
      const id = await mailTo(kind, `${kind.replace(/_/g, '-')}@example.com`);
      expect(id).toBeTruthy();
    }
    const result = await drainOutbox(t.db);
    expect(result).toEqual({ sent: mailKinds.length, retrying: 0, failed: 0 });
    for (const kind of mailKinds) {
      const [got, ...more] = smtp.to(`${kind.replace(/_/g, '-')}@example.com`);
      expect(more).toEqual([]);
      const mail = got!.mail;
      expect(mail.text, kind).toContain('Demo Shop');
      expect(mail.html, kind).toContain('Demo Shop');
      expect(mail.from?.value[0]).toMatchObject({ address: 'mailer@tracker.example', name: 'Tracker' });
      expect(mail.replyTo?.value[0]?.address).toBe('merchant@example.com');
      expect(mail.subject, kind).toBeTruthy();
      const notification = !templates[kind].transactional;
      const listUnsubscribe = mail.headers.get('list-unsubscribe');
      if (notification) {
        const url = /<(https:\/\/tracker\.example\/unsubscribe\?token=[^>]+)>/.exec(JSON.stringify(listUnsubscribe) + got!.raw.replace(/\r?\n\s+/g, ''))?.[1];
        expect(url, kind).toBeTruthy();
        expect(got!.raw).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
        expect(mail.text).toContain(url!);
        expect(mail.html).toContain(url!.replace(/&/g, '&amp;'));
        const claim = verifyUnsubscribeToken(new URL(url!).searchParams.get('token')!);
        expect(claim).toEqual({ merchantId: 'demo', email: `${kind.replace(/_/g, '-')}@example.com`, kind });
      } else {
        expect(listUnsubscribe, kind).toBeUndefined();
        expect(mail.text).not.toMatch(/unsubscribe/i);
      }
    }
    // Links come from APP_URL.
    expect(smtp.to('password-reset@example.com')[0]!.mail.text).toContain('https://tracker.example/reset-password?token=example');
    expect(smtp.to('affiliate-approved@example.com')[0]!.mail.text).toContain('https://tracker.example/affiliate');
  });

  it('the merchant’s reply-to setting replaces the owner’s address', async () => {
    await t.db.update(merchants).set({ mailReplyTo: 'partners@shop.example' }).where(eq(merchants.id, 'demo'));
    try {
      await mailTo('affiliate_approved', 'replyto@example.com');
      await drainOutbox(t.db);
      expect(smtp.to('replyto@example.com')[0]!.mail.replyTo?.value[0]?.address).toBe('partners@shop.example');
    } finally {
      await t.db.update(merchants).set({ mailReplyTo: null }).where(eq(merchants.id, 'demo'));
    }
  });
});

describe('delivery failures', () => {
  it('while the server refuses (421) the message is retried with its answer kept, and delivered exactly once when it accepts', async () => {
    smtp.mode = 'refuse';
    const id = (await mailTo('affiliate_approved', 'refused@example.com'))!;
    expect((await drainOutbox(t.db)).retrying).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: 'retrying', attempts: 1 });
    expect((await rowOf(id)).lastError).toMatch(/421/);
    await drainOutbox(t.db, { includeScheduled: true });
    expect(await rowOf(id)).toMatchObject({ status: 'retrying', attempts: 2 });
    smtp.mode = 'ok';
    await drainOutbox(t.db, { includeScheduled: true });
    await drainOutbox(t.db, { includeScheduled: true });
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect((await rowOf(id)).lastError).toMatch(/^250/);
    expect(smtp.to('refused@example.com')).toHaveLength(1);
  });

  it('while the server is down the message waits and is delivered exactly once after it comes back', async () => {
    await smtp.stop();
    const id = (await mailTo('commission_created', 'down@example.com'))!;
    try {
      await drainOutbox(t.db);
      await drainOutbox(t.db, { includeScheduled: true });
      const row = await rowOf(id);
      expect(row).toMatchObject({ status: 'retrying', attempts: 2 });
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await smtp.start();
    }
    await drainOutbox(t.db, { includeScheduled: true });
    await drainOutbox(t.db, { includeScheduled: true });
    expect((await rowOf(id)).status).toBe('sent');
    expect(smtp.to('down@example.com')).toHaveLength(1);
  });

  it('a permanent answer (550) fails the message at once, with the answer', async () => {
    smtp.mode = 'reject';
    const id = (await mailTo('payout_paid', 'nobody@example.com'))!;
    expect((await drainOutbox(t.db)).failed).toBe(1);
    const row = await rowOf(id);
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/550.*Mailbox unknown/);
    smtp.mode = 'ok';
    await drainOutbox(t.db, { includeScheduled: true });
    expect(smtp.received).toHaveLength(0);
  });
});

describe('hostile input', () => {
  it('CR/LF in a name cannot add a header or a recipient; HTML in an affiliate’s fields is text', async () => {
    const evil = 'Eve\r\nBcc: victim@example.com\r\nSubject: pwned';
    await mailTo(
      'affiliate_application',
      'team@example.com',
      { ...templates.affiliate_application.sample, affiliateName: `<img src=x onerror=alert(1)>${evil}`, website: 'javascript:alert(1)" <b>x</b>' },
      evil,
    );
    await drainOutbox(t.db);
    const [got, ...more] = smtp.received;
    expect(more).toEqual([]);
    expect(got!.envelope.to).toEqual(['team@example.com']);
    expect(got!.mail.headers.has('bcc')).toBe(false);
    const headerBlock = got!.raw.split(/\r?\n\r?\n/)[0]!;
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(headerBlock).not.toMatch(/^Subject: pwned/im);
    expect(got!.mail.text).not.toMatch(/^Bcc:/m);
    expect(got!.mail.subject).toMatch(/^New affiliate application: <img src=x onerror=alert\(1\)>Eve Bcc: victim@example.com Subject: pwned$/);
    expect(got!.mail.html).not.toContain('<img src=x');
    expect(got!.mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(got!.mail.html).not.toContain('<b>x</b>');
    expect(got!.mail.html).not.toMatch(/href="javascript/);
    expect(got!.mail.text).toContain('<img src=x onerror=alert(1)>');
  });

  it('an address with a line break or no @ is a clear error and nothing is written', async () => {
    await expect(mailTo('test', 'a@example.com\r\nBcc: b@example.com')).rejects.toThrow(/to: not a valid e-mail address/);
    await expect(mailTo('test', 'not-an-address')).rejects.toThrow(/to: not a valid e-mail address/);
    await expect(mailTo('password_reset', 'a@example.com', { name: 'A' })).rejects.toThrow(/vars\.link/);
    expect(await t.db.$count(outboxMessages)).toBe(0);
  });

  it('an unknown placeholder in a template is refused with the list of known ones', () => {
    expect(() =>
      renderMail({ kind: 'commission_created', vars: templates.commission_created.sample, programName: 'P', recipientName: 'R', appUrl: 'https://x', subject: 'Hi {affiliate.nmae}' }),
    ).toThrow(/subject: unknown placeholder \{affiliate\.nmae\}; use .*\{affiliate\.name\}/);
  });
});

describe('preferences', () => {
  it('a recipient who switched a notification off gets none of it; account mails still go', async () => {
    await setMailPreference(t.db, 'demo', 'Quiet@Example.com', 'commission_created', false);
    expect(await mailTo('commission_created', 'quiet@example.com')).toBeNull();
    expect(await mailTo('payout_paid', 'quiet@example.com')).toBeTruthy();
    expect(await mailTo('password_reset', 'quiet@example.com')).toBeTruthy();
    await setMailPreference(t.db, 'demo', 'quiet@example.com', 'commission_created', true);
    expect(await mailTo('commission_created', 'quiet@example.com')).toBeTruthy();
  });

  it('an unsubscribe token is refused when altered', () => {
    expect(verifyUnsubscribeToken('e30.abc')).toBeUndefined();
    expect(verifyUnsubscribeToken('')).toBeUndefined();
  });
});
