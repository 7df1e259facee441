// The merchant's daily work in the browser: add an affiliate, watch its click and
// sale arrive through the tracker, and see attacker-controlled text shown as text.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('a new affiliate’s click and sale appear in Clicks and Commissions; sub-IDs are shown, not run', async ({ page }) => {
  const refId = `e2e-${Date.now().toString(36)}`;
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/affiliates');
  await page.getByText('Add an affiliate').click();
  await page.getByLabel('Name').fill('Pat Podcaster');
  await page.getByLabel('Email').fill(`${refId}@example.com`);
  await page.getByLabel('Referral id', { exact: true }).fill('bad id!');
  await page.getByRole('button', { name: 'Add affiliate' }).click();
  await expect(page.getByText('Letters, digits, - and _ only.')).toBeVisible();
  await page.getByLabel('Referral id', { exact: true }).fill(refId);
  await page.getByRole('button', { name: 'Add affiliate' }).click();
  await expect(page.getByRole('status')).toContainText('An invitation is on its way');

  // A visitor clicks the new affiliate's link (sub-ID carrying markup) and buys.
  let alerted = false;
  page.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  const xss = '<img src=x onerror=alert(1)>';
  const click = await page.request.post('/t/click', { data: { account: 'demo', aff: refId, data1: xss, channel: 'podcast' } });
  expect(click.status()).toBe(200);
  const { visitorId } = await click.json();
  const sale = await page.request.post('/t/sale', { data: { account: 'demo', visitorId, orderId: `${refId}-order`, total: '80.00' } });
  expect((await sale.json()).commissions[0].amount).toBe(800);

  await page.goto(`/merchant/clicks?affiliate=${refId}`);
  const clickRow = page.getByTestId('clicks').getByRole('row').nth(1);
  await expect(clickRow).toContainText(refId);
  await expect(clickRow).toContainText('podcast');
  await expect(clickRow).toContainText(`data1: ${xss}`);
  expect(await page.locator('img[src="x"]').count()).toBe(0);

  await page.goto('/merchant/commissions');
  const commission = page.getByRole('row').filter({ hasText: `${refId}-order` });
  await expect(commission).toContainText('$8.00');
  await expect(commission).toContainText('cookie');
  expect(alerted).toBe(false);
});

test('the panel is usable at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('link', { name: 'Clicks' }).click();
  await expect(page.getByRole('heading', { name: 'Clicks' })).toBeVisible();
  // Nothing but the tables scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});
