// Tools › API renders the interactive reference with no network beyond the app; Tools ›
// Integration makes a read-only key and shows its scope; Tools › Webhooks adds an outgoing
// endpoint with its signing secret, and the new read key cannot write through the API.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('Tools › API shows the reference, bundled (nothing requested from elsewhere)', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseURL!) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API' }).click();
  await expect(page.getByRole('heading', { name: 'API', exact: true })).toBeVisible();
  const reference = page.getByTestId('api-reference');
  await expect(reference).toContainText('Affiliate Tracker API', { timeout: 30_000 });
  await expect(reference.getByText('List affiliates, newest first').first()).toBeVisible();
  // Operations further down render as they are reached; the navigation names every resource.
  await expect(reference.getByText('Webhook endpoints').first()).toBeAttached();
  expect(foreign).toEqual([]);
});

test('a read-only key is made in Integration, and an outgoing endpoint in Webhooks', async ({ page, baseURL }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/integration');
  const name = `Reporting ${Date.now()}`;
  await page.getByLabel('New key name').fill(name);
  await page.getByLabel('Access').selectOption('read');
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'read-only key' })).toBeVisible();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  await expect(page.getByTestId('api-keys').locator('tr', { hasText: name })).toContainText('Read only');
  const denied = await page.request.post(`${baseURL}/api/v1/affiliates`, { headers: { authorization: `Bearer ${key}` }, data: { refId: 'nope', name: 'N', email: 'n@example.com' } });
  expect(denied.status()).toBe(403);
  expect((await page.request.get(`${baseURL}/api/v1/affiliates?limit=1`, { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Webhooks' }).click();
  const form = page.getByRole('form', { name: 'Add an endpoint' });
  // A loopback target is refused, with the reason next to the field.
  await form.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hooks');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByText(/private, loopback or link-local/)).toBeVisible();
  const url = `https://1.1.1.1/hooks/${Date.now()}`;
  await form.getByLabel('Endpoint URL').fill(url);
  await form.getByLabel('conversion.created').uncheck();
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByText('Endpoint added.')).toBeVisible();
  const endpoint = page.getByRole('region', { name: `Endpoint ${url}` });
  await expect(endpoint).toBeVisible();
  await expect(endpoint.getByTestId('endpoint-secret')).toHaveText(/^whsec_/);
  await expect(endpoint).toContainText('commission.created');
  await expect(endpoint.getByText('conversion.created', { exact: true })).toHaveCount(0);
  await endpoint.getByRole('button', { name: 'Delivery log' }).click();
  await expect(endpoint.getByRole('table')).toBeVisible();
  await endpoint.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete endpoint' }).click();
  await expect(endpoint).toHaveCount(0);
});
