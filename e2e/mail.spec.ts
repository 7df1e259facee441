// Mail as the merchant uses it (the test app has no SMTP_URL: every mail is kept as
// `logged`): edit a notification's subject and text — an unknown placeholder is refused —
// preview it, send a test to oneself, see a sale's commission mail in the e-mail log with the
// new text, read it (text and sandboxed HTML), send it again; then back to the default.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('the merchant edits, previews and tests a notification, and reads the mails in the e-mail log', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('link', { name: 'Notifications' }).click();
  await expect(page).toHaveURL(/\/merchant\/settings\/notifications$/);

  const editor = page.getByRole('form', { name: 'New commission template' });
  const subject = editor.getByLabel('Subject');
  const text = editor.getByLabel('Text');
  // An unknown placeholder: a clear error, nothing saved.
  await subject.fill('Cha-ching {affiliate.nmae}');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('alert')).toContainText('unknown placeholder {affiliate.nmae}');

  const marker = `e2e-${Date.now().toString(36)}`;
  await subject.fill(`Cha-ching {affiliate.name}: {commission.amount} ${marker}`);
  await text.fill('Well done {affiliate.name}, <b>{commission.amount}</b> from {program.name}.\n\nDetails: {link}');
  await editor.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('preview-commission_created');
  await expect(preview.getByTestId('preview-subject')).toHaveText(`Cha-ching Ann Example: $12.50 ${marker}`);
  // The merchant's own markup is text in the HTML part, in a sandboxed frame.
  const frame = preview.locator('iframe');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(page.frameLocator('[data-testid="preview-commission_created"] iframe').locator('body')).toContainText('Well done Ann Example, <b>$12.50</b> from Demo Shop.');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('status')).toContainText('Saved');
  await editor.getByRole('button', { name: 'Send test to me' }).click();
  await expect(editor.getByRole('status')).toContainText('merchant@example.com');

  // A sale: its commission mail uses the new text.
  const sale = await page.request.post('/t/sale', {
    headers: { authorization: 'Bearer sk_demo_0000000000000000' },
    data: { orderId: `mail-${marker}`, total: '40.00', currency: 'USD', affiliate: 'demo-aff' },
  });
  expect(sale.status()).toBe(200);

  await page.getByRole('link', { name: 'E-mail', exact: true }).click();
  await expect(page).toHaveURL(/\/merchant\/settings\/email$/);
  await expect(page.getByRole('status').first()).toContainText('No mail server is configured');
  const log = page.getByTestId('mail-log');
  // The test mail to the merchant, and (after the worker rendered it) the affiliate's.
  await expect(log.getByRole('row', { name: new RegExp(`\\[Test\\] Cha-ching Ann Example: \\$12\\.50 ${marker}`) })).toBeVisible();
  const row = log.getByRole('row', { name: new RegExp(`Cha-ching Demo Affiliate: \\$4\\.00 ${marker}`) });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText('logged');
  await expect(row).toContainText('affiliate@example.com');
  await expect(row).toContainText('SMTP_URL is not set');

  // The message itself.
  await row.getByRole('link', { name: new RegExp(marker) }).click();
  await expect(page).toHaveURL(/\/merchant\/settings\/email\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('mail-text')).toContainText('Well done Demo Affiliate, <b>$4.00</b> from Demo Shop.');
  await expect(page.getByTestId('mail-text')).toContainText('Switch these mails off: ');
  await expect(page.getByText('List-Unsubscribe-Post')).toBeVisible();
  await expect(page.frameLocator('iframe[title="The mail\'s HTML part"]').locator('body')).toContainText('Well done Demo Affiliate');
  // Sent again: queued, then kept (logged) once more.
  await page.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByText(/after 1 attempt/)).toBeVisible();

  // Back to the default text.
  await page.goto('/merchant/settings/notifications');
  await page.getByRole('form', { name: 'New commission template' }).getByRole('button', { name: 'Reset to default' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Use the default' }).click();
  await expect(page.getByRole('form', { name: 'New commission template' }).getByLabel('Subject')).toHaveValue('New commission: {commission.amount}');
});

test('an affiliate switches a notification off in the profile', async ({ page }) => {
  await signIn(page, { email: 'affiliate@example.com', password: 'demo-affiliate' });
  await expect(page).toHaveURL(/\/affiliate$/);
  await page.goto('/affiliate/profile');
  const box = page.getByRole('checkbox', { name: 'Weekly summary' });
  await expect(box).toBeChecked();
  await box.uncheck();
  await expect(page.getByRole('status').filter({ hasText: 'Weekly summary: off.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Weekly summary' })).not.toBeChecked();
  await page.getByRole('checkbox', { name: 'Weekly summary' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Weekly summary: on.' })).toBeVisible();
});
