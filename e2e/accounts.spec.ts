// Accounts in the browser, on an app of this spec's own that sends its mail to a real SMTP
// server: the password reset from the sign-in page to the new password (the link taken from
// the mail that arrived), and two-factor enrolment from Settings, then a sign-in with a code.
import * as OTPAuth from 'otpauth';
import { test as base, expect } from '@playwright/test';
// @ts-expect-error — plain .mjs helper shared with vitest
import { startTestServer } from '../scripts/test-server.mjs';
import { startTestSmtp, type TestSmtp } from '../tests/helpers/smtp';
import { seriousViolations } from './axe';
import { DEMO_AFFILIATE, DEMO_MERCHANT, signIn } from './fixtures';

let smtp: TestSmtp;

// The app and its SMTP server, once for this file (a worker fixture: ready before any test's baseURL).
const test = base.extend<object, { app: { baseURL: string } }>({
  app: [
    async ({}, use) => {
      smtp = await startTestSmtp();
      const server = await startTestServer({ label: 'e2e-accounts', env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' } });
      await use({ baseURL: server.baseURL });
      await server.stop();
      await smtp.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ app }, use) => {
    await use(app.baseURL);
  },
});

async function mailTo(address: string) {
  await expect.poll(() => smtp.to(address).length, { timeout: 15_000 }).toBeGreaterThan(0);
  return smtp.to(address).at(-1)!.mail;
}

const totp = (secret: string, at: number) =>
  new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });

test('a forgotten password is reset from the link in the mail, and the new one signs in', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('Email').fill(DEMO_AFFILIATE.email);
  await page.getByRole('button', { name: 'Send me a reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses this address');

  const mail = await mailTo(DEMO_AFFILIATE.email);
  const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
  expect(link, mail.text).toBeTruthy();
  // The mail's link, opened on this app (its APP_URL is this machine).
  const url = new URL(link!);
  await page.goto(url.pathname + url.search);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  // The live link's page (not in e2e/pages.ts: it needs this mail): axe-clean, and no sideways scroll on a phone.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect.soft(await seriousViolations(page), `reset page at ${width} px`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('New password', { exact: true }).fill('river-lantern-orchard-93');
  await page.getByLabel('Repeat the new password').fill('river-lantern-orchard-93');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page).toHaveURL(/\/sign-in\?error=password_reset/);
  await expect(page.getByRole('status')).toContainText('Your password has been changed');

  await signIn(page, DEMO_AFFILIATE);
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password' })).toBeVisible();
  await signIn(page, { email: DEMO_AFFILIATE.email, password: 'river-lantern-orchard-93' });
  await expect(page).toHaveURL(/\/affiliate/);

  // The link worked once.
  await page.goto(url.pathname + url.search);
  await expect(page.getByRole('alert').filter({ hasText: 'expired or was used' })).toBeVisible();
});

test('two-factor sign-in: enrol from Settings with the QR key, keep the recovery codes, sign in with a code', async ({ page, context }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant/);
  await page.goto('/merchant/settings#two-factor');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Code from the app').fill(totp(secret, Date.now()));
  await page.getByRole('button', { name: 'Turn on', exact: true }).click();
  const codes = page.getByTestId('recovery-codes');
  await expect(codes).toContainText('Two-factor sign-in is on');
  await expect(codes.getByRole('listitem')).toHaveCount(10);
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByText('Two-factor sign-in is on:')).toBeVisible();
  await expect.poll(() => smtp.to(DEMO_MERCHANT.email).length, { timeout: 15_000 }).toBeGreaterThan(0);

  await context.clearCookies();
  await signIn(page, DEMO_MERCHANT);
  // The password was right: now the code is asked for, and there is no session yet.
  const code = page.getByLabel('Two-factor code');
  await expect(code).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  // The next time step's code (enrolment used this one's).
  await code.fill(totp(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/merchant/);
});
