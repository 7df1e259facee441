// Tools › Webhooks as a merchant uses it: the URL to paste into the provider, the
// secret (set, refused, rotated), and a delivery showing up with its outcome.
import { createHmac } from 'node:crypto';
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('a merchant sets up the generic webhook and sees its deliveries', async ({ page, request, baseURL }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

  // Every provider's URL names this account.
  for (const provider of ['stripe', 'shopify', 'woocommerce', 'paddle', 'lemonsqueezy', 'generic'])
    await expect(page.getByTestId(`webhook-url-${provider}`)).toHaveText(`${baseURL}/webhooks/${provider}?account=demo`);
  const stripe = page.getByRole('region', { name: 'Stripe' });
  await expect(stripe).toContainText('checkout.session.completed');
  await expect(stripe).toContainText('client_reference_id');

  const generic = page.getByRole('region', { name: 'Generic signed webhook' });
  const secretField = generic.getByLabel('Signing secret');
  // Too short: refused next to the field, before anything is sent.
  await secretField.fill('abc');
  await generic.getByRole('button', { name: 'Rotate secret' }).click();
  await expect(generic.getByText('At least 6 characters.')).toBeVisible();

  const secret = `e2e-secret-${Date.now()}`;
  await secretField.fill(secret);
  // Rotating asks first; Cancel keeps the old secret (a delivery signed with it is still taken).
  await generic.getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  const kept = JSON.stringify({ type: 'sale', id: `evt-kept-${Date.now()}`, orderId: `kept-${Date.now()}`, total: '1.00', affiliate: 'demo-aff' });
  const keptSig = createHmac('sha256', 'whsec_demo').update(kept).digest('hex');
  expect((await request.post('/webhooks/generic?account=demo', { data: kept, headers: { 'content-type': 'application/json', 'x-signature': `sha256=${keptSig}` } })).status()).toBe(200);
  await generic.getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
  await expect(generic.getByRole('status')).toContainText('Secret rotated');

  // A delivery signed with the new secret, and one signed with the old: both appear with their outcome.
  const orderId = `e2e-${Date.now()}`;
  const send = (key: string) => {
    const body = JSON.stringify({ type: 'sale', id: `evt-${orderId}-${key.length}`, orderId, total: '42.00', affiliate: 'demo-aff' });
    const signature = createHmac('sha256', key).update(body).digest('hex');
    return request.post(`/webhooks/generic?account=demo`, { data: body, headers: { 'content-type': 'application/json', 'x-signature': `sha256=${signature}` } });
  };
  expect((await send(secret)).status()).toBe(200);
  expect((await send('whsec_demo')).status()).toBe(400);

  await page.reload();
  const deliveries = page.getByRole('table', { name: 'Generic signed webhook deliveries' });
  await expect(deliveries.getByRole('row').filter({ hasText: orderId })).toContainText('attributed');
  await expect(deliveries.getByRole('row').filter({ hasText: 'rejected' }).first()).toContainText('does not match');
  await page.screenshot({ path: 'test-results/webhooks-page.png', fullPage: true });

  // Put the demo secret back for the other tests.
  await page.getByRole('region', { name: 'Generic signed webhook' }).getByLabel('Signing secret').fill('whsec_demo');
  await page.getByRole('region', { name: 'Generic signed webhook' }).getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
  await expect(page.getByRole('region', { name: 'Generic signed webhook' }).getByRole('status')).toContainText('Secret rotated');
});
