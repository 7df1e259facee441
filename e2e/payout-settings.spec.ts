// Settings › Payouts: bad input is refused with a readable message and changes nothing; a
// saved minimum, schedule and methods are what Payouts applies and what affiliates see.
import { DEMO_AFFILIATE, DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('payout settings: refused input changes nothing; saved settings drive Payouts and the affiliate’s page', async ({ page, browser }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/settings');
  const form = page.getByRole('form', { name: 'Payout settings' });
  const minimum = form.getByLabel(/Minimum payout/);
  const before = await minimum.inputValue();

  await minimum.fill('fifty');
  await form.getByRole('button', { name: 'Save payout settings' }).click();
  await expect(form.getByText('Enter an amount such as 50.00.')).toBeVisible();
  await minimum.fill('25.00');
  await form.getByLabel('Schedule').selectOption('weekly');
  await form.getByRole('button', { name: 'Save payout settings' }).click();
  await expect(form.getByText('Choose the weekday payouts are made.')).toBeVisible();
  for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
  await form.getByLabel('Weekday').selectOption({ label: 'Friday' });
  await form.getByRole('button', { name: 'Save payout settings' }).click();
  await expect(form.getByText('Offer at least one payout method.')).toBeVisible();
  // Nothing was saved.
  await page.reload();
  await expect(page.getByRole('form', { name: 'Payout settings' }).getByLabel(/Minimum payout/)).toHaveValue(before);

  await minimum.fill('25.00');
  await form.getByLabel('Schedule').selectOption('weekly');
  await form.getByLabel('Weekday').selectOption({ label: 'Friday' });
  await form.getByLabel('PayPal').check();
  await form.getByLabel('Bank transfer').uncheck();
  await form.getByRole('button', { name: 'Save payout settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved.');
  await page.reload();
  await expect(page.getByRole('form', { name: 'Payout settings' }).getByLabel(/Minimum payout/)).toHaveValue('25.00');

  // Payouts applies it (no URL parameter), and says so.
  await page.goto('/merchant/payouts?minimum=1');
  await expect(page.getByTestId('payout-policy')).toContainText('$25.00');
  await expect(page.getByTestId('payout-policy')).toContainText('Weekly, on Friday');

  // The affiliate sees the same, and is offered only PayPal for new details.
  const other = await browser.newContext();
  const aff = await other.newPage();
  await signIn(aff, DEMO_AFFILIATE);
  await expect(aff).toHaveURL(/\/affiliate$/);
  await aff.goto('/affiliate/payouts');
  const policy = aff.getByTestId('payout-policy');
  await expect(policy).toContainText('$25.00');
  await expect(policy).toContainText('Weekly, on Friday');
  await expect(policy).toContainText('PayPal');
  await expect(policy).not.toContainText('Bank transfer');
  await other.close();

  // Back to what it was.
  await page.goto('/merchant/settings');
  await minimum.fill(before);
  await form.getByLabel('Schedule').selectOption('manual');
  await form.getByLabel('Bank transfer').check();
  await form.getByRole('button', { name: 'Save payout settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved.');
});

test('payout batches are named by date and number, not by id', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/payouts');
  const batches = page.getByRole('table', { name: 'Payout batches' });
  const names = await batches.locator('td[data-col="name"]').allTextContents();
  for (const n of names) expect(n.trim()).toMatch(/^\d{4}-\d{2}-\d{2} #\d+$/);
});
