// Tools › Integration as a merchant uses it: copy the snippet, send a test click and
// a test sale, and watch both arrive in the live panel.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the demo merchant sees its snippet and a test click and sale arrive live', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Integration' }).click();
  await expect(page.getByRole('heading', { name: 'Integration', exact: true })).toBeVisible();
  await expect(page.getByTestId('click-snippet')).toContainText('/t.js" data-account="demo"></script>');

  const liveClick = page.getByTestId('live-click');
  const liveConversion = page.getByTestId('live-conversion');
  await page.getByLabel('Test as affiliate').selectOption({ label: 'Demo Affiliate (demo-aff)' });
  await page.getByRole('button', { name: 'Send a test click' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Test click sent for demo-aff' })).toBeVisible();
  await expect(liveClick).toContainText('demo-aff', { timeout: 10_000 });
  await expect(liveClick).toContainText('test');

  await page.getByRole('button', { name: 'Send a test sale' }).click();
  const notice = page.getByRole('status').filter({ hasText: /Test sale test-[0-9a-f]{12} attributed to demo-aff/ });
  await expect(notice).toBeVisible();
  const orderId = /test-[0-9a-f]{12}/.exec((await notice.textContent()) ?? '')![0];
  await expect(liveConversion).toContainText(orderId, { timeout: 10_000 });
  await expect(liveConversion).toContainText('cookie');
  await expect(liveConversion).toContainText('$10.00');
  await expect(liveConversion).toContainText('test');

  // In Commissions the test sale is labelled and declined (never payable); the dashboard does not count it.
  await page.goto(`/merchant/commissions?order=${orderId}`);
  const row = page.locator(`tr[data-order="${orderId}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('[data-test-order]')).toHaveText('Test');
  await expect(row).toContainText('declined');
  await expect(row.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
});
