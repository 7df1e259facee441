// A new merchant: the shop's domain asked at sign-up fills the allowed domains, and the
// dashboard's checklist ticks itself from real events (an affiliate added, the live test's
// click and sale, a click from the shop's own page), then can be dismissed.
import { expect, test } from './fixtures';

test('a new program’s checklist ticks from real events and is dismissed once complete', async ({ page }) => {
  test.setTimeout(90_000);
  const id = `onb-${Date.now().toString(36)}`;
  const domain = `${id}.example.com`;
  await page.goto('/sign-up');
  await page.getByLabel('Program name').fill('Onboarding Shop');
  await page.getByLabel('Account id').fill(id);
  await page.getByLabel('Your shop’s domain').fill('not a domain');
  await page.getByLabel('Your name').fill('Olga');
  await page.getByLabel('Email').fill(`${id}@example.com`);
  await page.getByLabel('Password').fill('a-good-long-password');
  await page.getByRole('button', { name: 'Create my program' }).click();
  await expect(page.getByText('Enter your shop’s domain, e.g. shop.example.com.')).toBeVisible();
  await page.getByLabel('Your shop’s domain').fill(`https://${domain}/`);
  await page.getByRole('button', { name: 'Create my program' }).click();
  await expect(page).toHaveURL(/\/merchant$/);

  const list = page.getByTestId('onboarding');
  const step = (s: string) => list.locator(`[data-step="${s}"]`);
  await expect(page.getByText('Get started: 0 of 4 done')).toBeVisible();
  for (const s of ['script', 'click', 'sale', 'affiliate']) await expect(step(s)).toHaveAttribute('data-done', 'false');
  await expect(page.getByRole('button', { name: 'Dismiss the checklist' })).toHaveCount(0);

  // The domain from sign-up is the allowed domain.
  await page.goto('/merchant/integration');
  await expect(page.getByLabel('Allowed domains')).toHaveValue(domain);

  // An affiliate.
  await page.goto('/merchant/affiliates');
  await page.getByText('Add an affiliate', { exact: true }).click();
  await page.getByLabel('Name').fill('First Partner');
  await page.getByLabel('Email').fill(`${id}-aff@example.com`);
  await page.getByLabel('Referral id', { exact: true }).fill(`${id}-aff`);
  await page.getByRole('button', { name: 'Add affiliate' }).click();
  await expect(page.getByRole('status')).toContainText('An invitation is on its way');
  await page.goto('/merchant');
  await expect(step('affiliate')).toHaveAttribute('data-done', 'true');
  await expect(step('click')).toHaveAttribute('data-done', 'false');

  // The live test: its click, then its sale.
  await page.goto('/merchant/integration');
  await page.getByLabel('Test as affiliate').selectOption({ label: `First Partner (${id}-aff)` });
  await page.getByRole('button', { name: 'Send a test click' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Test click sent' })).toBeVisible();
  await page.goto('/merchant');
  await expect(step('click')).toHaveAttribute('data-done', 'true');
  await expect(step('script')).toHaveAttribute('data-done', 'false');
  await page.goto('/merchant/integration');
  await page.getByLabel('Test as affiliate').selectOption({ label: `First Partner (${id}-aff)` });
  await page.getByRole('button', { name: 'Send a test sale' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Test sale test-/ })).toBeVisible();
  await page.goto('/merchant');
  await expect(step('sale')).toHaveAttribute('data-done', 'true');
  await expect(page.getByText('Get started: 3 of 4 done')).toBeVisible();

  // The script on the shop's page reports a click the way t.js does.
  const click = await page.request.post('/t/click', {
    data: { account: id, aff: `${id}-aff`, url: `https://${domain}/product/1` },
    headers: { origin: `https://${domain}` },
  });
  expect(click.ok()).toBe(true);
  await page.reload();
  await expect(step('script')).toHaveAttribute('data-done', 'true');
  await expect(page.getByText('Your program is set up')).toBeVisible();
  await page.getByRole('button', { name: 'Dismiss the checklist' }).click();
  await expect(list).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(list).toHaveCount(0);
});
