// "Log in as affiliate" as the merchant does it: open the panel, see the banner, come back.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the merchant opens the demo affiliate’s panel and comes back', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/affiliates?q=demo-aff');
  await page.getByRole('button', { name: 'Log in as Demo Affiliate' }).click();
  await expect(page).toHaveURL(/\/affiliate$/);
  await expect(page.getByRole('status').filter({ hasText: 'You are viewing the panel of' })).toContainText('Demo Affiliate');
  await expect(page.getByTestId('general-link')).toHaveText(/aff=demo-aff$/);
  // While impersonating, the session is the affiliate's only.
  await page.goto('/merchant');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/affiliate');
  await page.getByRole('button', { name: 'Back to the merchant panel' }).click();
  await expect(page).toHaveURL(/\/merchant\/affiliates$/);
  await expect(page.getByRole('heading', { name: 'Affiliates' })).toBeVisible();
});
