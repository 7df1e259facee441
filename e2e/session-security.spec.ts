// Sessions as a person meets them: a removed team member's browser loses the exports at
// once (not when its 12-hour token runs out), and sign-in never sends the browser to
// another site, however the callbackUrl is spelled.
import { acceptInvitation, DEMO_MERCHANT, expect, invitationLinkFor, signIn, test } from './fixtures';

test('a removed team member can no longer download the exports', async ({ page, browser, baseURL }) => {
  // A commission paid in a batch, so every export has something to give.
  const orderId = `RM-${Date.now().toString(36)}`;
  const sale = await page.request.post('/t/sale', {
    headers: { authorization: 'Bearer sk_demo_0000000000000000' },
    data: { orderId, total: '600.00', currency: 'USD', affiliate: 'demo-aff' },
  });
  expect(sale.status()).toBe(200);

  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto(`/merchant/commissions?order=${orderId}`);
  const row = page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId });
  await row.getByRole('button', { name: `Approve commission of order ${orderId}` }).click();
  await expect(page.getByRole('status')).toContainText('Approved 1 commission');
  await page.goto('/merchant/payouts');
  await page.getByLabel('Select all affiliates').uncheck();
  await page.getByLabel('Pay Demo Affiliate (demo-aff) in USD').check();
  await page.getByRole('button', { name: /Create payout batch \(1\)/ }).click();
  await expect(page).toHaveURL(/\/merchant\/payouts\/[0-9a-f-]{36}$/);
  const batchPath = new URL(page.url()).pathname;

  // The owner invites a colleague, who signs in in a browser of their own.
  const email = `colleague-${Date.now().toString(36)}@example.com`;
  await page.goto('/merchant/settings');
  await page.getByLabel('Their name').fill('Colleague');
  await page.getByLabel('Their email').fill(email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation sent to ${email}`);
  const password = 'colleague-chosen-passphrase-8';
  const colleague = await browser.newContext({ baseURL });
  const theirPage = await colleague.newPage();
  await acceptInvitation(theirPage, await invitationLinkFor(page, email), password);
  await signIn(theirPage, { email, password });
  await expect(theirPage).toHaveURL(/\/merchant$/);

  const exports = [`/merchant/commissions/export?order=${orderId}`, `${batchPath}/export`, `${batchPath}/paypal?currency=USD`];
  // While on the team: the commissions CSV through the page's own download link, the batch files too.
  await theirPage.goto(`/merchant/commissions?order=${orderId}`);
  const download = theirPage.waitForEvent('download');
  await theirPage.getByRole('link', { name: /Export CSV/i }).click();
  expect(await (await download).failure()).toBeNull();
  for (const path of exports) {
    const res = await theirPage.request.get(path);
    // The PayPal file answers 404 when the batch has no PayPal payout (the affiliate's method decides).
    expect(path.includes('/paypal') ? [200, 404] : [200], path).toContain(res.status());
  }

  // The owner removes them (back on Settings: the invitation was read in its e-mail log).
  await page.goto('/merchant/settings');
  await page.getByRole('button', { name: 'Remove Colleague' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
  await expect(page.getByTestId('team')).not.toContainText(email);

  // The same browser, the same unexpired session cookie: every export is refused, and the panel too.
  for (const path of exports) {
    const res = await theirPage.request.get(path);
    expect(res.status(), path).toBe(401);
    expect(await res.text()).not.toContain(orderId);
  }
  await theirPage.goto('/merchant');
  await expect(theirPage).toHaveURL(/\/sign-in/);
  await colleague.close();
});

test.describe('sign-in never redirects to another site', () => {
  const hostile = ['/\\evil.test/', '/\\/evil.test/', '//evil.test/', 'https://evil.test/merchant', '/%5Cevil.test/', '/merchant@evil.test'];

  test.beforeEach(async ({ context }) => {
    // Should the app send the browser away, the request is answered here (nothing leaves the machine).
    await context.route((url) => url.hostname.endsWith('evil.test'), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' }));
  });

  test('after signing in, and when already signed in', async ({ page }) => {
    const visited: string[] = [];
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) visited.push(f.url());
    });
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent('/\\evil.test/')}`);
    await page.getByLabel('Email').fill(DEMO_MERCHANT.email);
    await page.getByLabel('Password').fill(DEMO_MERCHANT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/merchant$/);
    for (const cb of hostile) {
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(cb)}`);
      await expect(page, cb).toHaveURL(/\/merchant$/);
    }
    expect(visited.filter((u) => new URL(u).hostname.endsWith('evil.test'))).toEqual([]);
    // A panel path is still honoured.
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent('/merchant/clicks')}`);
    await expect(page).toHaveURL(/\/merchant\/clicks$/);
  });
});

test('the merchant sees on the affiliate’s page that its payout details changed', async ({ browser, baseURL }) => {
  const affiliate = await (await browser.newContext({ baseURL })).newPage();
  await signIn(affiliate, { email: 'affiliate@example.com', password: 'demo-affiliate' });
  await expect(affiliate).toHaveURL(/\/affiliate$/);
  await affiliate.goto('/affiliate/payouts');
  await affiliate.getByLabel('PayPal', { exact: true }).check();
  await affiliate.getByLabel('PayPal email').fill('new-account@pay.example');
  await affiliate.getByLabel('Your password').fill('demo-affiliate');
  await affiliate.getByRole('button', { name: 'Save payout details' }).click();
  const notice = affiliate.getByRole('status');
  await expect(notice).toContainText('Payout details changed on');
  const at = /changed on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC/.exec((await notice.textContent()) ?? '')![1]!;

  const merchant = await (await browser.newContext({ baseURL })).newPage();
  await signIn(merchant, DEMO_MERCHANT);
  await expect(merchant).toHaveURL(/\/merchant$/);
  await merchant.goto('/merchant/affiliates');
  await merchant.getByRole('link', { name: 'Demo Affiliate' }).first().click();
  await expect(merchant.getByTestId('payout-details-changed')).toHaveText(`Payout details changed on ${at} UTC`);
  await expect(merchant.getByText('PayPal: new-account@pay.example')).toBeVisible();
});

test('a new password keeps this browser signed in and ends the other session; “sign out everywhere” ends them all', async ({ page, browser, baseURL }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  const email = `pw-${Date.now().toString(36)}@example.com`;
  await page.goto('/merchant/settings');
  await page.getByLabel('Their name').fill('Pat');
  await page.getByLabel('Their email').fill(email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation sent to ${email}`);
  const password = 'pat-chosen-passphrase-42';
  const here = await (await browser.newContext({ baseURL })).newPage();
  const there = await (await browser.newContext({ baseURL })).newPage();
  await acceptInvitation(here, await invitationLinkFor(page, email), password);
  for (const p of [here, there]) {
    await signIn(p, { email, password });
    await expect(p).toHaveURL(/\/merchant$/);
  }
  await here.goto('/merchant/settings');
  await here.getByLabel('Current password').fill(password);
  await here.getByLabel('New password', { exact: true }).fill('password');
  await here.getByLabel('Repeat the new password').fill('password');
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByText('Too easy to guess')).toBeVisible();
  await here.getByLabel('New password', { exact: true }).fill('tangerine-quartz-bicycle');
  await here.getByLabel('Repeat the new password').fill('tangerine-quartz-bicycle');
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByText('Password changed. Your other sessions have been signed out.')).toBeVisible();
  await here.goto('/merchant/settings');
  await expect(here).toHaveURL(/\/merchant\/settings$/);
  await there.goto('/merchant');
  await expect(there).toHaveURL(/\/sign-in/);

  await here.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(here).toHaveURL(/\/sign-in/);
  await here.goto('/merchant');
  await expect(here).toHaveURL(/\/sign-in/);
});
