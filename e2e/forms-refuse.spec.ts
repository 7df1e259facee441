// The panel forms on useZodForm refuse empty or malformed input next to the field, in words,
// and send nothing: every request to the form's procedure (or next-auth's sign-in) is counted.
// Confirm dialogs added for destructive actions change nothing when cancelled.
import type { Page } from '@playwright/test';
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

/** Counts the requests whose URL contains `part` (a tRPC procedure path, next-auth's callback). */
function countRequests(page: Page, part: string) {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes(part) && r.method() === 'POST') seen.push(r.url());
  });
  return seen;
}

test('sign-in: empty or malformed fields are named, and nothing is sent', async ({ page }) => {
  const sent = countRequests(page, '/api/auth/callback/credentials');
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByLabel('Password').fill('something');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter a valid email address.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toHaveCount(0);
  await expect(page).toHaveURL(/\/sign-in/);
  expect(sent).toEqual([]);
  // A well-formed attempt is sent (and refused by the server with its message).
  await page.getByLabel('Email').fill(DEMO_MERCHANT.email);
  await page.getByLabel('Password').fill('wrong-password-here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password' })).toBeVisible();
  expect(sent.length).toBe(1);
});

test('campaign, coupon, banner, rule and group forms refuse empty input and send nothing', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  const sent = countRequests(page, '/api/trpc/campaigns.');

  await page.goto('/merchant/campaigns');
  const create = page.getByRole('form', { name: 'New campaign' });
  await create.getByLabel('Campaign name').fill('   ');
  await create.getByRole('button', { name: 'Create campaign' }).click();
  await expect(create.getByText('Enter a name.')).toBeVisible();

  const coupon = page.getByRole('form', { name: 'New coupon' });
  await coupon.getByRole('button', { name: 'Create coupon' }).click();
  await expect(coupon.getByText('At least 3 characters.')).toBeVisible();
  await expect(coupon.getByText('Choose an affiliate.')).toBeVisible();
  expect(sent).toEqual([]);

  // The demo campaign's page: settings, banners, rules and groups.
  const href = (await page.locator('main a[href^="/merchant/campaigns/"]').first().getAttribute('href'))!;
  await page.goto(href);
  const settings = page.getByRole('form', { name: 'Campaign settings' });
  await settings.getByLabel('Cookie lifetime (days)').fill('lots');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByText('Enter a whole number.')).toBeVisible();

  const banner = page.getByRole('form', { name: 'New banner or text link' });
  await banner.getByRole('button', { name: 'Create banner' }).click();
  await expect(banner.getByText('Enter a name.')).toBeVisible();
  // A target page off the program's domains is refused before sending.
  await banner.getByLabel('Name', { exact: true }).fill('Off-site banner');
  await banner.getByLabel('Image URL').fill('https://cdn.example/banner.png');
  await banner.getByLabel('Target page (optional)').fill('https://elsewhere.invalid/page');
  await banner.getByRole('button', { name: 'Create banner' }).click();
  await expect(banner.getByLabel('Target page (optional)')).toHaveAttribute('aria-invalid', 'true');

  const rule = page.getByRole('form', { name: 'Add a commission rule' }).first();
  await rule.getByRole('button', { name: 'Add rule' }).click();
  await expect(rule.getByText('Enter a value.')).toBeVisible();

  const group = page.getByRole('form', { name: 'Create a commission group' });
  await group.getByRole('button', { name: 'Create group' }).click();
  await expect(group.getByText('Enter a name.')).toBeVisible();
  expect(sent).toEqual([]);
});

test('Tools › Integration’s test sale and Tools › Webhooks’ secrets refuse bad input and send nothing', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  const sent = countRequests(page, '/api/trpc/integration.test');
  await page.goto('/merchant/integration');
  const sale = page.getByRole('form', { name: 'Test sale' });
  await sale.getByLabel(/^Sale total/).fill('a hundred');
  await sale.getByRole('button', { name: 'Send a test sale' }).click();
  await expect(sale.getByText('Enter an amount in major units, e.g. 100.00.')).toBeVisible();
  expect(sent).toEqual([]);

  const secrets = countRequests(page, '/api/trpc/webhooks.setSecret');
  const endpoints = countRequests(page, '/api/trpc/outgoingWebhooks.create');
  await page.goto('/merchant/integration/webhooks');
  const stripe = page.getByRole('region', { name: 'Stripe' });
  await stripe.getByRole('button', { name: /^(Save|Rotate) secret$/ }).click();
  await expect(stripe.getByText('At least 6 characters.')).toBeVisible();
  const endpoint = page.getByRole('form', { name: 'Add an endpoint' });
  await endpoint.getByLabel('Endpoint URL').fill('');
  await endpoint.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(endpoint.getByLabel('Endpoint URL')).toHaveAttribute('aria-invalid', 'true');
  expect(secrets).toEqual([]);
  expect(endpoints).toEqual([]);
});

test('the tracking log’s credit by hand asks for an affiliate and sends nothing without one', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  // An unattributed sale (no click, no affiliate) is creditable.
  const orderId = `refuse-${Date.now().toString(36)}`;
  const sale = await page.request.post('/t/sale', { headers: { authorization: 'Bearer sk_demo_0000000000000000' }, data: { orderId, total: '20.00' } });
  expect(sale.status()).toBe(200);
  const sent = countRequests(page, '/api/trpc/trackingLog.credit');
  await page.goto(`/merchant/tracking-log?order=${orderId}`);
  const entry = page.getByTestId('tracking-log-entry');
  await entry.getByRole('button', { name: 'Credit affiliate' }).click();
  await expect(entry.getByText('Choose an affiliate.')).toBeVisible();
  expect(sent).toEqual([]);
  await expect(entry).toContainText('unattributed');
});

test('outgoing webhooks: cancelling “turn off” keeps the endpoint on and sends nothing', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/integration/webhooks');
  const form = page.getByRole('form', { name: 'Add an endpoint' });
  const url = `https://1.1.1.1/hooks/cancel-${Date.now()}`;
  await form.getByLabel('Endpoint URL').fill(url);
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByText('Endpoint added.')).toBeVisible();
  const endpoint = page.getByRole('region', { name: `Endpoint ${url}` });
  const updates = countRequests(page, '/api/trpc/outgoingWebhooks.update');
  await endpoint.getByRole('button', { name: 'Turn off' }).click();
  const dialog = page.getByRole('dialog', { name: `Turn off the endpoint ${url}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(updates).toEqual([]);
  await page.reload();
  await expect(endpoint.getByText('on', { exact: true })).toBeVisible();
  // Confirmed, it is off.
  await endpoint.getByRole('button', { name: 'Turn off' }).click();
  await dialog.getByRole('button', { name: 'Turn off endpoint' }).click();
  await expect(endpoint.getByText('off', { exact: true })).toBeVisible();
  // Clean up.
  await endpoint.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete endpoint' }).click();
  await expect(endpoint).toHaveCount(0);
});

test('before the page’s script runs, a form cannot be sent natively (a reload that loses the input): its submit button waits', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, baseURL: process.env.BASE_URL });
  const page = await ctx.newPage();
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  await page.goto('/sign-up');
  await expect(page.locator('main button[type="submit"]').first()).toBeDisabled();
  await ctx.close();
});
