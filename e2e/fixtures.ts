// Playwright fixtures: the app's base URL and sign-in as a demo user.
import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_MERCHANT = { email: 'merchant@example.com', password: 'demo-merchant' };
export const DEMO_AFFILIATE = { email: 'affiliate@example.com', password: 'demo-affiliate' };

export const test = base.extend<object>({
  baseURL: async ({}, use) => {
    await use(process.env.BASE_URL);
  },
});
export { expect };

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * An invited user's one-time link, as the owner reads it in Settings › E-mail (no SMTP server
 * in these tests: every mail is kept in the log). Returns its path, to open in any browser.
 */
export async function invitationLinkFor(page: Page, email: string): Promise<string> {
  await page.goto('/merchant/settings/email');
  await page.getByTestId('mail-row').filter({ hasText: email }).first().getByRole('link').click();
  const text = (await page.getByTestId('mail-text').textContent()) ?? '';
  const link = /https?:\/\/\S+\/accept-invitation\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
  if (!link) throw new Error(`no invitation link in the mail to ${email}:\n${text}`);
  const url = new URL(link);
  return url.pathname + url.search;
}

/** Opens an invitation link and chooses the password. */
export async function acceptInvitation(page: Page, path: string, password: string) {
  await page.goto(path);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Set my password' }).click();
  await expect(page).toHaveURL(/\/sign-in\?error=invitation_accepted/);
}
