// Settings › Audit log: the rows the panel's changes wrote, filterable by who and what.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the audit log lists a change just made, and its filters narrow it', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  // A change that is audited: the tracking log's retention, saved as it is.
  await page.goto('/merchant/settings');
  await page.getByRole('button', { name: 'Save tracking log' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await page.getByRole('link', { name: /Audit log/ }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Audit log' });
  await expect(table.locator('tr[data-action="merchant.tracking_log_settings"]').first()).toBeVisible();

  // What: only that action.
  await page.getByLabel('What').selectOption('merchant.tracking_log_settings');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=merchant\.tracking_log_settings/);
  const actions = await table.locator('tbody tr[data-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(['merchant.tracking_log_settings']));

  // Who: the demo merchant's own user.
  const who = page.getByLabel('Who');
  const me = await who.locator('option', { hasText: DEMO_MERCHANT.email }).getAttribute('value');
  await who.selectOption(me!);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(table.locator('tbody tr[data-row]').first()).toContainText(DEMO_MERCHANT.email);
  const emails = await table.locator('td[data-col="who"]').allTextContents();
  for (const e of emails) expect(e).toContain(DEMO_MERCHANT.email);

  // A filter that matches nothing says so.
  await page.goto('/merchant/settings/audit?action=no.such.action');
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
});
