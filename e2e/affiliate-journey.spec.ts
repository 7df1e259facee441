// An affiliate's whole journey: join the demo program, get approved, take the
// general link, send a buyer, see the commission; a sub-affiliate's sale pays tier 2.
import type { Browser, Page } from '@playwright/test';
import { DEMO_AFFILIATE, DEMO_MERCHANT, expect, signIn, test } from './fixtures';

const uniq = (p: string) => `${p}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function join(page: Page, who: { name: string; email: string; password: string }, parent?: string) {
  await page.goto(`/join/demo${parent ? `?parent=${parent}` : ''}`);
  await expect(page.getByRole('heading', { name: 'Join the Demo Shop affiliate program' })).toBeVisible();
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('How will you promote us?').fill('A coffee blog with 10k readers a month.');
  await page.getByRole('button', { name: 'Join the program' }).click();
  // Unchecked terms are refused next to the checkbox, before anything is sent.
  await expect(page.getByText('Accept the program terms to join.')).toBeVisible();
  await page.getByLabel(/I accept the program terms/).check();
  await page.getByRole('button', { name: 'Join the program' }).click();
  await expect(page.getByRole('status')).toContainText('you can sign in as soon as your application is approved');
}

async function approve(browser: Browser, email: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto(`/merchant/affiliates?q=${encodeURIComponent(email)}`);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('pending');
  await row.getByRole('button', { name: /^Approve/ }).click();
  await expect(row).toContainText('approved');
  await ctx.close();
}

/** Follows the affiliate's general link from its panel header into the demo shop, and buys the espresso kit ($49.90). */
async function buyThroughGeneralLink(browser: Browser, affiliatePage: Page) {
  const link = await affiliatePage.getByTestId('general-link').getAttribute('href');
  expect(link).toMatch(/\/demo\/shop\?aff=/);
  const ctx = await browser.newContext();
  const buyer = await ctx.newPage();
  await buyer.goto(link!);
  await expect.poll(() => buyer.evaluate(() => localStorage.getItem('_aff_vid'))).toContain('"id"');
  await buyer.getByRole('link', { name: /Espresso Starter Kit/ }).click();
  await buyer.getByRole('link', { name: 'Buy now' }).click();
  await buyer.getByRole('button', { name: 'Place order' }).click();
  await expect(buyer.getByTestId('tracker-status')).toHaveText('attributed');
  await ctx.close();
}

test('join, approval, the general link, a sale, the commission — and tier 2 for the parent', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const me = { name: 'Jo Blogger', email: `${uniq('jo')}@example.com`, password: 'coffee-and-links' };
  await join(page, me);
  // Not approved yet: sign-in is refused with a clear reason.
  await signIn(page, me);
  await expect(page.getByText('waiting for the merchant’s approval')).toBeVisible();

  await approve(browser, me.email);

  await signIn(page, me);
  await expect(page).toHaveURL(/\/affiliate$/);
  await expect(page.getByRole('button', { name: 'Copy' }).first()).toBeVisible();
  await buyThroughGeneralLink(browser, page);

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Commissions' }).click();
  const row = page.getByTestId('commissions').getByRole('row').nth(1);
  await expect(row).toContainText('$49.90');
  await expect(row).toContainText('$4.99');
  await expect(row).toContainText('pending');
  // The CSV export has the same row and no customer data.
  const csv = await page.request.get('/affiliate/commissions/export');
  expect(csv.headers()['content-type']).toContain('text/csv');
  const text = await csv.text();
  expect(text.split('\r\n')[0]).toBe('date,order_id,type,order_total,order_currency,tier,commission,currency,status');
  expect(text).toContain(',sale,49.90,USD,1,4.99,USD,pending');
  expect(text).not.toMatch(/@/);

  // A sub-affiliate of demo-aff: its sale pays demo-aff a tier-2 commission (2 % of $49.90 = $1.00).
  const sub = { name: 'Sam Sub', email: `${uniq('sam')}@example.com`, password: 'tier-two-please' };
  const subCtx = await browser.newContext();
  const subPage = await subCtx.newPage();
  await join(subPage, sub, 'demo-aff');
  await approve(browser, sub.email);
  await signIn(subPage, sub);
  await expect(subPage).toHaveURL(/\/affiliate$/);
  await buyThroughGeneralLink(browser, subPage);
  await subCtx.close();

  const parentCtx = await browser.newContext();
  const parent = await parentCtx.newPage();
  await signIn(parent, DEMO_AFFILIATE);
  await expect(parent).toHaveURL(/\/affiliate$/);
  await parent.goto('/affiliate/commissions');
  const tier2 = parent.getByTestId('commissions').getByRole('row').filter({ hasText: '$1.00' }).first();
  await expect(tier2).toContainText('2');
  await expect(tier2).toContainText('$49.90');
  await parent.goto('/affiliate/sub-affiliates');
  const subRow = parent.getByRole('row').filter({ hasText: 'Sam Sub' });
  await expect(subRow).toContainText('$1.00 (1)');
  await parentCtx.close();
});

test('the link generator builds direct and redirect links for a deep page, with a QR code', async ({ page }) => {
  await signIn(page, DEMO_AFFILIATE);
  await expect(page).toHaveURL(/\/affiliate$/);
  await page.goto('/affiliate/links');
  const origin = new URL(page.url()).origin;
  await page.getByLabel('Page to link to').fill('https://evil.example/');
  await expect(page.getByText('Links may point to localhost, 127.0.0.1 only.')).toBeVisible();
  await page.getByLabel('Page to link to').fill(`${origin}/demo/shop/product/espresso-kit`);
  await page.getByLabel('Channel (optional)').fill('newsletter');
  await page.getByLabel('data1').fill('issue-42');
  await expect(page.getByTestId('direct-link')).toHaveValue(`${origin}/demo/shop/product/espresso-kit?aff=demo-aff&channel=newsletter&data1=issue-42`);
  const redirect = await page.getByTestId('redirect-link').inputValue();
  expect(redirect).toContain('/t/click?account=demo&aff=demo-aff&channel=newsletter&data1=issue-42&to=');
  await expect(page.getByRole('img', { name: 'QR code of the direct link' })).toBeVisible();
  // The redirect link works: the tracker records the click and lands on the product page with a hand-off token.
  const res = await page.request.get(redirect, { maxRedirects: 0 });
  expect(res.status()).toBe(302);
  expect(res.headers().location).toMatch(/\/demo\/shop\/product\/espresso-kit\?.*aff_vid=ah1_[A-Za-z0-9_-]{75}/);
});

test('payout details and profile validate next to the field and save', async ({ page }) => {
  await signIn(page, DEMO_AFFILIATE);
  await expect(page).toHaveURL(/\/affiliate$/);
  await page.goto('/affiliate/payouts');
  await page.getByLabel('Bank transfer').check();
  await page.getByLabel('Account holder').fill('Demo Affiliate');
  await page.getByLabel('IBAN').fill('not an iban');
  await page.getByRole('button', { name: 'Save payout details' }).click();
  await expect(page.getByText('Enter a valid IBAN.')).toBeVisible();
  await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  // Where the money goes changes only with the account's password.
  await page.getByRole('button', { name: 'Save payout details' }).click();
  await expect(page.getByText('Enter your password to change where you are paid.')).toBeVisible();
  await page.getByLabel('Your password').fill('not-my-password');
  await page.getByRole('button', { name: 'Save payout details' }).click();
  await expect(page.getByText('this is not your password.')).toBeVisible();
  await page.getByLabel('Your password').fill(DEMO_AFFILIATE.password);
  await page.getByRole('button', { name: 'Save payout details' }).click();
  await expect(page.getByRole('status')).toContainText(/Payout details changed on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. The merchant sees this change/);
  await page.reload();
  await expect(page.getByLabel('IBAN')).toHaveValue('DE89370400440532013000');

  await page.goto('/affiliate/profile');
  await page.getByLabel('Current password').fill('wrong-password');
  await page.getByLabel('New password', { exact: true }).fill('a-new-long-password');
  await page.getByLabel('Repeat the new password').fill('a-new-long-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('this is not your current password.')).toBeVisible();
});
