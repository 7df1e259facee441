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
