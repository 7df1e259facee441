// Fraud protection as the merchant uses it: the blocklist in Settings (with a readable
// error for a bad line), a sale from a blocked IP shown on Commissions with its reason
// and held for review until the merchant clears the flags, and repeat clicks on Clicks.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('a flagged commission shows its reason on Commissions and can be reviewed', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/settings');
  const form = page.getByRole('form', { name: 'Fraud protection' });
  const list = form.getByLabel('Blocked IP addresses');
  await list.fill('192.0.2.0/24\n192.0.2.300');
  await form.getByRole('button', { name: 'Save fraud protection' }).click();
  await expect(form.getByRole('alert')).toContainText('line 2: “192.0.2.300”');
  await list.fill('192.0.2.0/24\n2001:DB8::/32');
  await form.getByRole('button', { name: 'Save fraud protection' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
  await expect(list).toHaveValue('192.0.2.0/24\n2001:db8::/32');

  try {
    const orderId = `fraud-${Date.now().toString(36)}`;
    const sale = await page.request.post('/t/sale', {
      headers: { authorization: 'Bearer sk_demo_0000000000000000' },
      data: { orderId, total: '40.00', affiliate: 'demo-aff', ip: '192.0.2.44' },
    });
    expect(sale.status()).toBe(200);
    const body = await sale.json();
    // The contract: flags never change the answer; the commission keeps its normal status.
    expect(body.commissions[0]).toMatchObject({ affiliate: 'demo-aff', amount: 400, status: 'pending' });
    expect(body.flags).toEqual(['blocked_ip']);

    await page.goto(`/merchant/commissions?order=${orderId}`);
    const row = page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId });
    await expect(row).toContainText('Blocked IP');
    await expect(row).toContainText('The sale or its click came from a blocked IP address.');
    await expect(row).toContainText('Held for review');
    await row.getByRole('button', { name: `Clear flags of order ${orderId}` }).click();
    await expect(page.getByRole('status')).toContainText('Cleared the flags of 1 conversion');
    await expect(row).toContainText('Reviewed.');
    await expect(row.getByRole('button', { name: `Clear flags of order ${orderId}` })).toHaveCount(0);
    await expect(row).toContainText('pending');
  } finally {
    await page.goto('/merchant/settings');
    await form.getByLabel('Blocked IP addresses').fill('');
    await form.getByRole('button', { name: 'Save fraud protection' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');
  }
});

test('repeat clicks are listed as repeats on Clicks', async ({ page }) => {
  const channel = `rep-${Date.now().toString(36)}`;
  for (let i = 0; i < 2; i++) expect((await page.request.post('/t/click', { data: { account: 'demo', aff: 'demo-aff', channel } })).status()).toBe(200);
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto(`/merchant/clicks?channel=${channel}`);
  const rows = page.getByTestId('clicks').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // The newest (second) click from this address for this affiliate is a repeat.
  await expect(rows.first()).toContainText('Repeat');
});
