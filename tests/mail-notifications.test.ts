// Each notification, written with the change that causes it and received by a real SMTP
// server: a new application (the merchant's team), approved and declined (the affiliate),
// a new commission (from the tracker's own INSERT, rendered by the worker), a payout paid;
// the weekly summary once per affiliate and week; the unsubscribe link and the profile
// switch stop a kind; a rolled-back change sends nothing.
import { and, eq, like, sql } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as s from '@/db/schema';
import { joinProgram } from '@/server/affiliates/join';
import { registerMailHandler, registerNotificationHandlers, scheduleWeeklySummaries, setMailPreference, unsubscribe, weekStart } from '@/server/mail';
import { drainOutbox } from '@/server/outbox';
import { invalidateLookups } from '@/server/tracking/lookups';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';
import { startTestSmtp, type Received } from './helpers/smtp';
import { sessionOf } from './helpers/trpc';

// Before the imports: some of them read the environment (SMTP_URL) once.
const port = vi.hoisted(() => {
  const p = 20_000 + Math.floor(Math.random() * 30_000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${p}`;
  process.env.APP_URL = 'http://tracker.test';
  return p;
});
const smtp = await startTestSmtp(port);

let t: TestDb;
let merchantUserId: string;
const caller = (sess: Session) => createCaller({ db: t.db, session: sess, ip: '127.0.0.1' });
const merchant = () => caller(sessionOf({ id: merchantUserId, role: 'merchant', merchantId: 'demo', email: 'merchant@example.com', teamRole: 'owner' }));

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  invalidateLookups();
  registerMailHandler();
  registerNotificationHandlers();
  [{ id: merchantUserId }] = await t.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, 'merchant@example.com')) as [{ id: string }];
});
afterAll(async () => {
  await smtp.stop();
  await t.close();
});
beforeEach(async () => {
  await drainOutbox(t.db);
  smtp.received.length = 0;
});

/** A notification as it must arrive: a text part, the unsubscribe link in it, the one-click headers. */
function expectNotification(r: Received | undefined) {
  expect(r).toBeDefined();
  expect(r!.mail.text).toMatch(/Switch these mails off: http:\/\/tracker\.test\/unsubscribe\?token=/);
  expect(r!.mail.html).toContain('http://tracker.test/unsubscribe?token=');
  const raw = r!.raw.replace(/\r?\n[ \t]+/g, ' ');
  expect(raw).toMatch(/^List-Unsubscribe: <http:\/\/tracker\.test\/unsubscribe\/one-click\?token=[^>]+>/m);
  expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  return r!;
}
const tokenOf = (r: Received) => /unsubscribe\?token=([A-Za-z0-9_.-]+)/.exec(r.mail.text ?? '')![1]!;

let n = 0;
async function join(name = 'Nora Newcomer') {
  const email = `applicant-${++n}@example.com`;
  const r = await joinProgram(t.db, 'demo', { name, email, password: 'a-long-unusual-passphrase-42', promotionMethod: 'A <b>blog</b> about tea', acceptTerms: true, website: '' });
  const [a] = await t.db.select().from(s.affiliates).where(and(eq(s.affiliates.merchantId, 'demo'), eq(s.affiliates.refId, r.refId)));
  return { ...a!, email };
}

describe('notifications, as received', () => {
  it('a new application reaches the merchant’s team, with the applicant’s text escaped', async () => {
    const a = await join('Nora <img src=x>');
    expect(await drainOutbox(t.db)).toMatchObject({ sent: 1, failed: 0 });
    const r = expectNotification(smtp.to('merchant@example.com')[0]);
    expect(r.mail.subject).toBe('New affiliate application: Nora <img src=x>');
    expect(r.mail.text).toContain(`http://tracker.test/merchant/affiliates/${a.id}`);
    expect(r.mail.html).toContain('Nora &lt;img src=x&gt;');
    expect(r.mail.html).toContain('A &lt;b&gt;blog&lt;/b&gt; about tea');
    expect(r.mail.html).not.toContain('<img src=x>');
  });

  it('approved and declined reach the affiliate, one mail per change (bulk changes too), none for a repeat', async () => {
    const a = await join();
    const b = await join();
    await drainOutbox(t.db);
    smtp.received.length = 0;
    for (const id of [a.id, b.id]) await merchant().merchant.affiliates.setStatus({ id, status: 'approved' });
    await merchant().merchant.affiliates.setStatus({ id: a.id, status: 'approved' });
    await merchant().merchant.affiliates.setStatus({ id: b.id, status: 'declined' });
    await drainOutbox(t.db);
    const toA = smtp.to(a.email);
    expect(toA).toHaveLength(1);
    expect(expectNotification(toA[0]).mail.subject).toBe('Welcome to Demo Shop: your application is approved');
    expect(toA[0]!.mail.text).toContain('http://tracker.test/affiliate');
    const toB = smtp.to(b.email);
    // (Delivered concurrently: in any order.)
    expect(toB.map((r) => r.mail.subject).sort()).toEqual(['Welcome to Demo Shop: your application is approved', 'Your application to Demo Shop']);
    toB.forEach(expectNotification);
  });

  it('a new commission from the tracker reaches the affiliate; the sale itself wrote only a notice', async () => {
    const r = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: `notify-${Date.now()}`, total: '120.00', explicitAffiliate: 'demo-aff' });
    expect(r.commissions.length).toBeGreaterThan(0);
    const notices = await t.db.select().from(s.outboxMessages).where(eq(s.outboxMessages.kind, 'notify.commission_created'));
    expect(notices.filter((x) => x.status === 'queued')).toHaveLength(r.commissions.length);
    // Nothing rendered yet: the sale's statement only named the commissions.
    expect(await t.db.$count(s.outboxMessages, and(eq(s.outboxMessages.kind, 'mail'), eq(s.outboxMessages.status, 'queued')))).toBe(0);
    await drainOutbox(t.db);
    const got = smtp.to('affiliate@example.com');
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(expectNotification(got[0]).mail.subject).toMatch(/^New commission: \$\d+\.\d\d$/);
    expect(got[0]!.mail.text).toContain('http://tracker.test/affiliate/commissions');
    // Draining again sends nothing more.
    smtp.received.length = 0;
    await drainOutbox(t.db, { includeScheduled: true });
    expect(smtp.received).toHaveLength(0);
  });

  it('a commission credited by hand reaches the affiliate too', async () => {
    const r = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: `hand-${Date.now()}`, total: '50.00' });
    expect(r.status).toBe('unattributed');
    const [aff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    await merchant().trackingLog.credit({ conversionId: r.conversionId, affiliateId: aff!.id });
    await drainOutbox(t.db);
    expect(expectNotification(smtp.to('affiliate@example.com')[0]).mail.subject).toBe('New commission: $5.00');
  });

  it('a payout marked paid reaches the affiliate, once', async () => {
    const [aff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    await t.db.update(s.commissions).set({ status: 'approved' }).where(and(eq(s.commissions.affiliateId, aff!.id), eq(s.commissions.status, 'pending')));
    const batch = await merchant().payouts.createBatch({ minimum: '0', items: [{ affiliateId: aff!.id, currency: 'USD' }] });
    await drainOutbox(t.db);
    smtp.received.length = 0;
    await merchant().payouts.markPaid({ batchId: batch.batchId });
    await merchant().payouts.markPaid({ batchId: batch.batchId });
    await drainOutbox(t.db);
    const got = smtp.to('affiliate@example.com');
    expect(got).toHaveLength(1);
    expect(expectNotification(got[0]).mail.subject).toMatch(/^Demo Shop paid you \$\d/);
  });

  it('a change that rolls back sends nothing', async () => {
    const before = await t.db.$count(s.outboxMessages);
    await expect(joinProgram(t.db, 'demo', { name: 'Dup', email: 'merchant@example.com', password: 'a-long-unusual-passphrase-42', promotionMethod: 'blog', acceptTerms: true })).rejects.toThrow();
    expect(await t.db.$count(s.outboxMessages)).toBe(before);
  });
});

describe('switching a notification off', () => {
  it('the unsubscribe link switches that kind off for that recipient, and the profile shows it off', async () => {
    const a = await join();
    await drainOutbox(t.db);
    await merchant().merchant.affiliates.setStatus({ id: a.id, status: 'approved' });
    await drainOutbox(t.db);
    const approved = smtp.to(a.email)[0]!;
    const target = await unsubscribe(t.db, tokenOf(approved));
    expect(target).toMatchObject({ merchantId: 'demo', email: a.email, kind: 'affiliate_approved' });
    smtp.received.length = 0;
    await merchant().merchant.affiliates.setStatus({ id: a.id, status: 'declined' });
    await merchant().merchant.affiliates.setStatus({ id: a.id, status: 'approved' });
    await drainOutbox(t.db);
    // Declined still arrives (another kind); approved no longer.
    expect(smtp.to(a.email).map((r) => r.mail.subject)).toEqual(['Your application to Demo Shop']);
    const [user] = await t.db.select().from(s.users).where(eq(s.users.email, a.email));
    const prefs = await caller(sessionOf({ id: user!.id, role: 'affiliate', merchantId: 'demo', affiliateId: a.id })).mail.affiliatePreferences();
    expect(prefs.find((p) => p.kind === 'affiliate_approved')?.on).toBe(false);
    expect(prefs.find((p) => p.kind === 'affiliate_declined')?.on).toBe(true);
  });

  it('the merchant’s own switch stops new-application mails to that team member only', async () => {
    await merchant().mail.setMyPreference({ kind: 'affiliate_application', on: false });
    try {
      await join();
      await drainOutbox(t.db);
      expect(smtp.to('merchant@example.com')).toHaveLength(0);
      await expect(merchant().mail.setMyPreference({ kind: 'commission_created', on: false })).rejects.toThrow(/not a notification you receive/);
    } finally {
      await merchant().mail.setMyPreference({ kind: 'affiliate_application', on: true });
    }
  });
});

describe('weekly summary', () => {
  it('is written once per affiliate and week with last week’s figures, and not to one who switched it off', async () => {
    const now = new Date();
    const lastWeek = new Date(weekStart(now).getTime() - 3 * 86_400_000);
    const [aff] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff'));
    const [sub] = await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-sub'));
    await t.db.delete(s.outboxMessages).where(like(s.outboxMessages.dedupeKey, 'mail:weekly_summary:%'));
    await t.db
      .insert(s.clickDailyStats)
      .values([aff!, sub!].map((a) => ({ merchantId: 'demo', day: lastWeek.toISOString().slice(0, 10), affiliateId: a.id, clicks: 7, uniqueClicks: 5 })))
      .onConflictDoUpdate({ target: [s.clickDailyStats.merchantId, s.clickDailyStats.day, s.clickDailyStats.affiliateId], set: { clicks: sql`7` } });
    await t.db.update(s.affiliates).set({ status: 'approved' }).where(eq(s.affiliates.id, sub!.id));
    await setMailPreference(t.db, 'demo', sub!.email, 'weekly_summary', false);

    const first = await scheduleWeeklySummaries(t.db, now);
    const second = await scheduleWeeklySummaries(t.db, now);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    await drainOutbox(t.db);
    const got = smtp.to('affiliate@example.com').filter((r) => r.mail.subject?.startsWith('Your week with Demo Shop'));
    expect(got).toHaveLength(1);
    expectNotification(got[0]);
    expect(got[0]!.mail.text).toMatch(/Clicks: \d+/);
    expect(got[0]!.mail.text).toContain('Clicks: 7');
    expect(smtp.to(sub!.email).filter((r) => r.mail.subject?.startsWith('Your week'))).toHaveLength(0);
  });
});
