// Campaigns as a merchant uses them: add a commission rule and a coupon, see them
// listed; a bad value is refused next to its field.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the demo merchant adds a commission rule and a coupon', async ({ page }) => {
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('table', { name: 'Campaigns' }).getByRole('link', { name: 'Default campaign' }).click();

  const add = page.getByRole('form', { name: 'Add a commission rule' });
  await add.getByLabel('Action code').fill(`dl-${suffix}`);
  await add.getByLabel('Percent', { exact: true }).fill('10.005');
  await add.getByRole('button', { name: 'Add rule' }).click();
  await expect(add.getByLabel('Percent', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(add.getByText('at most two decimals (0.01 % steps).')).toBeVisible();
  await add.getByLabel('Percent', { exact: true }).fill('2.5');
  await add.getByRole('button', { name: 'Add rule' }).click();
  const row = page.getByRole('table', { name: 'Commission rules' }).getByRole('row').filter({ hasText: `dl-${suffix}` });
  await expect(row).toContainText('2.5 %');

  await page.getByRole('link', { name: '← Campaigns' }).click();
  const coupon = page.getByRole('form', { name: 'New coupon' });
  await coupon.getByLabel('Coupon code').fill('demo10');
  await coupon.getByLabel('Affiliate', { exact: true }).selectOption({ label: 'Demo Affiliate (demo-aff)' });
  await coupon.getByRole('button', { name: 'Create coupon' }).click();
  await expect(coupon.getByText('this coupon code exists already in your program.')).toBeVisible();
  await coupon.getByLabel('Coupon code').fill(`e2e-${suffix}`);
  await coupon.getByRole('button', { name: 'Create coupon' }).click();
  const listed = page.getByRole('table', { name: 'Coupons' }).getByRole('row').filter({ hasText: `E2E-${suffix.toUpperCase()}` });
  await expect(listed).toContainText('demo-aff');
  await expect(listed).toContainText('active');
});
