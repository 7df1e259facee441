// API keys and commission review as the merchant uses them.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('an API key works for /t/sale until it is revoked; then it gets 401', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/integration');
  const name = `Checkout ${Date.now().toString(36)}`;
  await page.getByLabel('New key name').fill(name);
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  expect(key).toMatch(/^sk_live_/);
  const sale = (orderId: string) =>
    page.request.post('/t/sale', { headers: { authorization: `Bearer ${key}` }, data: { orderId, total: '10.00', affiliate: 'demo-aff' } });
  expect((await sale(`key-${name}-1`)).status()).toBe(200);

  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByTestId('api-keys').getByRole('row').filter({ hasText: name })).toContainText(/revoked/i);
  const refused = await sale(`key-${name}-2`);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('unauthorized');
});

test('the merchant declines two commissions at once', async ({ page }) => {
  const orders = [`decl-${Date.now().toString(36)}-a`, `decl-${Date.now().toString(36)}-b`];
  for (const orderId of orders) {
    const r = await page.request.post('/t/sale', {
      headers: { authorization: 'Bearer sk_demo_0000000000000000' },
      data: { orderId, total: '30.00', affiliate: 'demo-aff' },
    });
    expect(r.status()).toBe(200);
  }
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/commissions?order=decl-');
  for (const orderId of orders) await page.getByLabel(`Select commission of order ${orderId}`).check();
  await page.getByRole('button', { name: 'Decline selected' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Decline 2 commissions' }).click();
  await expect(page.getByRole('status')).toContainText('Declined 2 commissions');
  for (const orderId of orders)
    await expect(page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId })).toContainText('declined');
});
