// Sign-in as a person does it: both demo roles, each kept to its own panel.
import { DEMO_AFFILIATE, DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the demo merchant signs in and sees the merchant panel', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Clicks' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Commissions' })).toBeVisible();
  await expect(page.getByText('merchant@example.com')).toBeVisible();
  // The merchant cannot open the affiliate panel.
  await page.goto('/affiliate');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the demo affiliate signs in, sees its panel and link, and is refused the merchant panel', async ({ page }) => {
  await signIn(page, DEMO_AFFILIATE);
  await expect(page).toHaveURL(/\/affiliate$/);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Commissions' })).toBeVisible();
  await expect(page.getByTestId('general-link')).toHaveText(/\/demo\/shop\?aff=demo-aff$/);
  await page.goto('/merchant');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('status')).toContainText('other kind of account');
  // Signing out ends the session.
  await page.goto('/affiliate');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/affiliate');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('a wrong password gets a clear message and no session', async ({ page }) => {
  await signIn(page, { email: DEMO_MERCHANT.email, password: 'not-the-password' });
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await page.goto('/merchant');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('a merchant signs up a new program and lands in its own empty panel', async ({ page }) => {
  const id = `shop-${Date.now().toString(36)}`;
  await page.goto('/sign-up');
  await page.getByLabel('Program name').fill('Test Shop Partners');
  await page.getByLabel('Account id').fill('Not Valid!');
  await page.getByLabel('Your name').fill('Tess');
  await page.getByLabel('Email').fill(`${id}@example.com`);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create my program' }).click();
  // Field errors next to their fields, before any request.
  await expect(page.getByText('Lowercase letters, digits and dashes; no dash at either end.')).toBeVisible();
  await expect(page.getByText('At least 8 characters.', { exact: true })).toBeVisible();
  await page.getByLabel('Account id').fill('demo');
  await page.getByLabel('Password').fill('a-good-long-password');
  await page.getByRole('button', { name: 'Create my program' }).click();
  await expect(page.getByText('this account id is taken.')).toBeVisible();
  await page.getByLabel('Account id').fill(id);
  await page.getByRole('button', { name: 'Create my program' }).click();
  await expect(page).toHaveURL(/\/merchant$/);
  await expect(page.getByText(`Merchant panel · ${id}`)).toBeVisible();
  await page.goto('/merchant/affiliates');
  // A new program's empty list says how affiliates arrive, with its own join link.
  await expect(page.getByTestId('no-affiliates')).toContainText('No affiliates yet. Share your sign-up page');
  await expect(page.getByTestId('no-affiliates').getByRole('link')).toHaveAttribute('href', new RegExp(`/join/${id}$`));
  await page.goto('/merchant/affiliates?q=nobody-here');
  await expect(page.getByText('No affiliates match these filters.')).toBeVisible();
  // Its Integration page says what to do without allowed domains or keys.
  await page.goto('/merchant/integration');
  await expect(page.getByTestId('key-hint')).toContainText('You have no API key yet: create one under API keys below');
  await expect(page.getByText('<create an API key under API keys below>').first()).toBeVisible();
  await expect(page.getByText('YOUR_API_KEY')).toHaveCount(0);
  await expect(page.getByText('no domain yet (ask the merchant)')).toHaveCount(0);
  await expect(page.getByText('No domain is allowed yet: add your site’s domain under Allowed domains').first()).toBeVisible();
});
