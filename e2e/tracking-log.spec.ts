// Transactions › Tracking log as the merchant uses it: find a sale by its order id, read
// why it was not credited, credit the affiliate by hand, and see the commission.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the merchant finds an unattributed sale, sees why, and credits the affiliate by hand', async ({ page }) => {
  const orderId = `why-${Date.now().toString(36)}`;
  const visitorId = 'ab'.repeat(16);
  // A sale whose visitor id the tracker never saw: nobody is credited.
  const sale = await page.request.post('/t/sale', {
    headers: { authorization: 'Bearer sk_demo_0000000000000000' },
    data: { orderId, total: '150.00', currency: 'USD', visitorId },
  });
  expect(sale.status()).toBe(200);
  expect((await sale.json()).status).toBe('unattributed');

  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('link', { name: 'Tracking log' }).click();
  await expect(page).toHaveURL(/\/merchant\/tracking-log$/);
  await page.getByLabel('Order id').fill(orderId);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`order=${orderId}`));

  const entry = page.getByTestId('tracking-log-entry');
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('unattributed');
  await expect(entry).toContainText(`order ${orderId}`);
  await expect(entry).toContainText('$150.00');
  await expect(entry.getByTestId('trace')).toContainText('Visitor abab… is unknown: no click was ever recorded for this visitor id in this program.');
  await expect(entry.getByTestId('trace')).toContainText('No coupon was sent.');

  await entry.getByLabel('Affiliate to credit').selectOption({ label: 'Demo Affiliate (demo-aff)' });
  await entry.getByRole('button', { name: 'Credit affiliate' }).click();
  // The refreshed entry first, then the confirmation: it must outlive the refresh that removes the form.
  await expect(entry).toContainText('credited to demo-aff (credited by hand)');
  await expect(entry.getByRole('status')).toContainText('Credited to demo-aff — tier 1 demo-aff: $15.00');
  await expect(entry.getByRole('button', { name: 'Credit affiliate' })).toHaveCount(0);

  // The commission is there, with the method.
  await entry.getByRole('link', { name: 'Its commissions →' }).click();
  await expect(page).toHaveURL(/\/merchant\/commissions\?order=/);
  await expect(page.getByRole('row').filter({ hasText: orderId })).toContainText('$15.00');
});
