// Wording that tells the merchant what to do: empty states, the key in the snippets,
// the sign-in form refusing empty fields, the favicon, and the panel at phone width.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the sign-in form does not send empty fields', async ({ page }) => {
  const auth: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/auth/callback')) auth.push(r.url());
  });
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await page.getByLabel('Email').fill(DEMO_MERCHANT.email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email.')).toHaveCount(0);
  await expect(page.getByText('Enter your password.')).toBeVisible();
  expect(auth).toEqual([]);
  await page.getByLabel('Password').fill(DEMO_MERCHANT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/merchant$/);
});

test('the app has an icon: no favicon 404', async ({ page }) => {
  await page.goto('/sign-in');
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});

test('Clicks tells “no clicks match these filters” from “no clicks yet”; snippets name the real key', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/clicks?affiliate=nobody-matches-this');
  await expect(page.getByTestId('clicks')).toContainText('No clicks match these filters.');
  await expect(page.getByTestId('clicks')).not.toContainText('No clicks yet');

  // The demo program has a key: the snippets show its prefix and say what to replace.
  await page.goto('/merchant/integration');
  // Other specs may have added and revoked keys: the snippets name the active key, as the hint says.
  const hint = (await page.getByTestId('key-hint').textContent()) ?? '';
  const prefix = /Replace (\S+…) with the whole key/.exec(hint)?.[1] ?? '';
  expect(prefix).toMatch(/^sk_\S+…$/);
  const keyRow = page.getByTestId('api-keys').getByRole('row').filter({ hasText: prefix });
  await expect(keyRow.first()).toBeVisible();
  await expect(keyRow.first()).not.toContainText(/revoked/i);
  await expect(page.getByText(`Authorization: Bearer ${prefix}`).first()).toBeVisible();
  await expect(page.getByTestId('key-hint')).toContainText(`Replace ${prefix} with the whole key`);
  await expect(page.getByText('YOUR_API_KEY')).toHaveCount(0);
});

test('at phone width every section link is on screen and the Clicks heading clears its subtitle', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  const links = page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
  expect(await links.count()).toBeGreaterThan(5);
  for (const link of await links.all()) {
    const box = (await link.boundingBox())!;
    expect(box.x, `${await link.textContent()} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${await link.textContent()} ends on screen`).toBeLessThanOrEqual(390);
  }
  await page.goto('/merchant/clicks');
  const heading = (await page.getByRole('heading', { name: 'Clicks', level: 1 }).boundingBox())!;
  const subtitle = (await page.getByText('Every click appears here as soon as it is recorded.').boundingBox())!;
  // Too long to sit beside the heading on a phone: it goes below it instead of being squeezed against it.
  expect(subtitle.y).toBeGreaterThanOrEqual(heading.y + heading.height - 1);
  expect(subtitle.x + subtitle.width).toBeLessThanOrEqual(390);
});
