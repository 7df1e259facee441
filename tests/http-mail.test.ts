// Mail from the running app (its own instance, SMTP_URL pointing at a real SMTP server in
// this test): the worker inside the app delivers a sale's commission mail after commit, woken
// at once (the fallback poll is a minute); a stalled SMTP server never slows a sale's answer;
// the one-click unsubscribe route (RFC 8058) and the confirmation page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, s2s, uniq, useApp } from './helpers/http';
import { startTestSmtp, type TestSmtp } from './helpers/smtp';
import { expectError, s2sSale } from './helpers/tracking';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';

let smtp: TestSmtp;
let app: { baseURL: string; log: () => string; stop: () => Promise<void> };

beforeAll(async () => {
  smtp = await startTestSmtp();
  app = await startTestServer({ label: 'mail', env: { SMTP_URL: smtp.url, APP_URL: 'http://tracker.test', OUTBOX_POLL_MS: '60000', MAIL_FROM: 'Demo Program <partners@tracker.test>' } });
  useApp(app.baseURL);
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
});

const commissionMails = () => smtp.to('affiliate@example.com').filter((r) => r.mail.subject?.startsWith('New commission'));

describe('the app’s outbox worker', () => {
  it('delivers the commission mail of a sale right after it commits, once', async () => {
    const res = await s2sSale({ orderId: uniq('mail-order'), total: '80.00', currency: 'USD', affiliate: 'demo-aff' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.commissions.length).toBeGreaterThan(0);
    await expect.poll(() => commissionMails().length, { timeout: 10_000, interval: 100 }).toBe(1);
    const mail = commissionMails()[0]!;
    expect(mail.mail.from?.value[0]).toMatchObject({ address: 'partners@tracker.test', name: 'Demo Program' });
    expect(mail.mail.text).toContain('$8.00');
    expect(mail.mail.text).toContain('http://tracker.test/affiliate/commissions');
    expect(mail.raw.replace(/\r?\n[ \t]+/g, ' ')).toMatch(/^List-Unsubscribe: <http:\/\/tracker\.test\/unsubscribe\/one-click\?token=/m);
    await new Promise((r) => setTimeout(r, 500));
    expect(commissionMails()).toHaveLength(1);
  });

  it('a sale answers as fast while the SMTP server stalls every delivery', async () => {
    smtp.mode = 'stall';
    try {
      // A first sale gets the worker stuck in a delivery that never ends…
      await s2sSale({ orderId: uniq('stall-a'), total: '10.00', currency: 'USD', affiliate: 'demo-aff' });
      await new Promise((r) => setTimeout(r, 500));
      // …and the next sales still answer at once.
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        const res = await s2sSale({ orderId: uniq('stall-b'), total: '10.00', currency: 'USD', affiliate: 'demo-aff' });
        expect(res.status, res.text).toBe(200);
        expect(Date.now() - t0).toBeLessThan(1500);
      }
    } finally {
      smtp.mode = 'ok';
    }
  });
});

describe('unsubscribing', () => {
  it('a one-click POST (RFC 8058) switches the kind off; a GET only leads to the confirmation page', async () => {
    const mail = commissionMails()[0]!;
    const oneClick = /<(http:\/\/tracker\.test\/unsubscribe\/one-click\?token=[^>]+)>/.exec(mail.raw.replace(/\r?\n[ \t]+/g, ''))![1]!;
    const path = oneClick.replace('http://tracker.test', '');
    const get = await request(path);
    expect(get.status).toBe(303);
    expect(get.headers.get('location')).toMatch(/^\/unsubscribe\?token=/);
    const page = await request(get.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('New commission');
    expect(page.text).toContain('affiliate@example.com');

    const res = await request(path, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example' } });
    expect(res.status, res.text).toBe(200);
    // No more commission mails for this affiliate.
    const before = commissionMails().length;
    await s2sSale({ orderId: uniq('after-unsub'), total: '20.00', currency: 'USD', affiliate: 'demo-aff' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(commissionMails().length).toBe(before);
    // The confirmation page's form (a plain POST) lands on the "done" page.
    const form = await request(path, { method: 'POST', body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(/done=1$/);
  });

  it('a forged or cut token is a clear error and changes nothing', async () => {
    expectError(await request('/unsubscribe/one-click?token=abc.def', { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'invalid_request', /not valid/);
    expectError(await request('/unsubscribe/one-click', { method: 'POST', headers: s2s }), 400, 'invalid_request');
    const page = await request('/unsubscribe?token=forged');
    expect(page.status).toBe(200);
    expect(page.text).toContain('this unsubscribe link is not valid');
  });
});
