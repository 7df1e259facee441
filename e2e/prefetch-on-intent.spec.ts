// Links prefetch on intent: a panel page view does not make the server render the twenty-odd
// pages its navigation links to; hovering or focusing a link prefetches that one page.
import type { Request } from '@playwright/test';
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

const isPrefetch = (r: Request) => r.headers()['next-router-prefetch'] !== undefined;

test('a page view prefetches nothing; hovering or focusing a link prefetches its page', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  const prefetched: string[] = [];
  page.on('request', (r) => {
    if (isPrefetch(r)) prefetched.push(new URL(r.url()).pathname);
  });
  await page.goto('/merchant/commissions');
  await expect(page.locator('main h1').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(prefetched, 'prefetched on sight').toEqual([]);

  const nav = page.getByRole('navigation', { name: 'Sections' });
  const hovered = page.waitForRequest((r) => isPrefetch(r) && new URL(r.url()).pathname === '/merchant/payouts');
  await nav.getByRole('link', { name: 'Payouts' }).hover();
  await hovered;
  const focused = page.waitForRequest((r) => isPrefetch(r) && new URL(r.url()).pathname === '/merchant/clicks');
  await nav.getByRole('link', { name: 'Clicks' }).focus();
  await focused;
  expect([...new Set(prefetched)].sort()).toEqual(['/merchant/clicks', '/merchant/payouts']);

  // The prefetched page opens.
  await nav.getByRole('link', { name: 'Payouts' }).click();
  await expect(page).toHaveURL(/\/merchant\/payouts$/);
  await expect(page.locator('main h1').first()).toBeVisible();
});
