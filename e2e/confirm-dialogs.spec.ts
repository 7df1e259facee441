// Every destructive or irreversible action asks first in one accessible dialog:
// focus moves into it, Cancel and Escape change nothing, the confirm button names the action.
import type { Page } from '@playwright/test';
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

const uid = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function dialogOf(page: Page) {
  return page.getByRole('dialog');
}

async function sale(page: Page, orderId: string, total = '40.00') {
  const r = await page.request.post('/t/sale', {
    headers: { authorization: 'Bearer sk_demo_0000000000000000' },
    data: { orderId, total, affiliate: 'demo-aff' },
  });
  expect(r.status()).toBe(200);
}

/** Opens the dialog with `open`, checks it, cancels with the button, reopens, escapes, reopens, confirms. */
async function cancelEscapeConfirm(
  page: Page,
  open: () => Promise<void>,
  expectUnchanged: () => Promise<void>,
  { title, confirm }: { title: RegExp; confirm: string },
) {
  const dialog = dialogOf(page);
  await open();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText(title);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expectUnchanged();

  await open();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.reload();
  await expectUnchanged();

  await open();
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
});

test('suspending an affiliate asks first', async ({ page }) => {
  const refId = `susp-${uid()}`;
  await page.goto('/merchant/affiliates');
  await page.getByText('Add an affiliate').click();
  await page.getByLabel('Name').fill('Sam Suspend');
  await page.getByLabel('Email').fill(`${refId}@example.com`);
  await page.getByLabel('Referral id', { exact: true }).fill(refId);
  await page.getByRole('button', { name: 'Add affiliate' }).click();
  await expect(page.getByRole('status')).toContainText('An invitation is on its way');
  await page.goto(`/merchant/affiliates?q=${refId}`);
  const row = page.getByRole('row').filter({ hasText: refId });
  await cancelEscapeConfirm(
    page,
    () => row.getByRole('button', { name: 'Suspend Sam Suspend' }).click(),
    () => expect(row).toContainText('approved'),
    { title: /^Suspend Sam Suspend\?$/, confirm: 'Suspend' },
  );
  await expect(row).toContainText('suspended');
  await expect(row.getByRole('button', { name: 'Reinstate Sam Suspend' })).toBeVisible();
});

test('declining one commission and several asks first', async ({ page }) => {
  const one = `dlg-one-${uid()}`;
  await sale(page, one);
  await page.goto(`/merchant/commissions?order=${one}`);
  const row = page.getByTestId('commissions').getByRole('row').filter({ hasText: one });
  await cancelEscapeConfirm(
    page,
    () => row.getByRole('button', { name: `Decline commission of order ${one}` }).click(),
    () => expect(row).toContainText('pending'),
    { title: new RegExp(`^Decline the commission of order ${one}\\?$`), confirm: 'Decline commission' },
  );
  await expect(page.getByRole('status')).toContainText('Declined 1 commission');
  await expect(row).toContainText('declined');

  const prefix = `dlg-bulk-${uid()}`;
  const orders = [`${prefix}-a`, `${prefix}-b`];
  for (const o of orders) await sale(page, o);
  await page.goto(`/merchant/commissions?order=${prefix}`);
  const selectBoth = async () => {
    for (const o of orders) await page.getByLabel(`Select commission of order ${o}`).check();
    await page.getByRole('button', { name: 'Decline selected' }).click();
  };
  await cancelEscapeConfirm(
    page,
    selectBoth,
    async () => {
      for (const o of orders) await expect(page.getByTestId('commissions').getByRole('row').filter({ hasText: o })).toContainText('pending');
    },
    { title: /^Decline 2 commissions\?$/, confirm: 'Decline 2 commissions' },
  );
  await expect(page.getByRole('status')).toContainText('Declined 2 commissions');
  for (const o of orders) await expect(page.getByTestId('commissions').getByRole('row').filter({ hasText: o })).toContainText('declined');
});

test('marking a batch paid asks first', async ({ page }) => {
  const orderId = `dlg-pay-${uid()}`;
  await sale(page, orderId, '600.00'); // over the default minimum payout
  await page.goto(`/merchant/commissions?order=${orderId}`);
  const row = page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId });
  await row.getByRole('button', { name: `Approve commission of order ${orderId}` }).click();
  await expect(row).toContainText('approved');
  await page.goto('/merchant/payouts');
  await page.getByLabel('Select all affiliates').uncheck();
  await page.getByLabel('Pay Demo Affiliate (demo-aff) in USD').check();
  await page.getByRole('button', { name: /Create payout batch \(1\)/ }).click();
  await expect(page).toHaveURL(/\/merchant\/payouts\/[0-9a-f-]{36}$/);
  const payouts = page.getByTestId('payouts');

  await cancelEscapeConfirm(
    page,
    () => page.getByRole('button', { name: 'Mark batch paid' }).click(),
    async () => {
      await expect(payouts).toContainText('pending');
      await expect(page.getByRole('button', { name: 'Mark batch paid' })).toBeVisible();
    },
    { title: /^Mark this whole batch paid\?$/, confirm: 'Mark batch paid' },
  );
  await expect(page.getByText('Every payout of this batch is paid.')).toBeVisible();
  await page.goto(`/merchant/commissions?order=${orderId}`);
  await expect(page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId })).toContainText('paid');
});

test('revoking an API key asks first', async ({ page }) => {
  const name = `Dialog key ${uid()}`;
  await page.goto('/merchant/integration');
  await page.getByLabel('New key name').fill(name);
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  const call = (orderId: string) =>
    page.request.post('/t/sale', { headers: { authorization: `Bearer ${key}` }, data: { orderId, total: '10.00', affiliate: 'demo-aff' } });
  const row = page.getByTestId('api-keys').getByRole('row').filter({ hasText: name });
  await cancelEscapeConfirm(
    page,
    () => row.getByRole('button', { name: `Revoke ${name}` }).click(),
    async () => {
      await expect(row).toContainText('Active');
      expect((await call(`dlg-key-${uid()}`)).status()).toBe(200);
    },
    { title: new RegExp(`^Revoke the key “${name}”\\?$`), confirm: 'Revoke key' },
  );
  await expect(row).toContainText(/revoked/i);
  expect((await call(`dlg-key-${uid()}`)).status()).toBe(401);
});

test('revoking a team member’s invitation asks first', async ({ page }) => {
  const email = `dlg-${uid()}@example.com`;
  await page.goto('/merchant/settings');
  await page.getByLabel('Their name').fill('Terry Temp');
  await page.getByLabel('Their email').fill(email);
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation sent to ${email}`);
  const row = page.getByTestId('team').getByRole('row').filter({ hasText: email });
  await cancelEscapeConfirm(
    page,
    () => row.getByRole('button', { name: 'Revoke the invitation of Terry Temp' }).click(),
    () => expect(row).toBeVisible(),
    { title: /^Revoke the invitation of Terry Temp\?$/, confirm: 'Revoke invitation' },
  );
  await expect(row).toHaveCount(0);
});
