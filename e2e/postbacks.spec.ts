// The affiliate's Postback page: a bad template is refused next to its field (unknown macro, a
// loopback target — this app does not allow private targets), a good one is saved, a test
// postback shows up in the deliveries list, the merchant sees it on the affiliate's page; removed again.
import { DEMO_AFFILIATE, DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('set, test and remove a postback; the merchant sees it', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO_AFFILIATE);
  await page.getByRole('link', { name: 'Postback' }).click();
  await expect(page.getByRole('heading', { name: 'Postback', exact: true })).toBeVisible();
  const url = page.getByRole('textbox', { name: 'Postback URL' });
  const save = page.getByRole('button', { name: 'Save postback' });

  await url.fill('https://1.1.1.1/pb?c={clickid}');
  await save.click();
  await expect(page.getByText('unknown macro {clickid}')).toBeVisible();
  await url.fill('http://127.0.0.1:9/pb?c={click_id}');
  await save.click();
  await expect(page.getByText(/private, loopback or link-local/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send test postback' })).toBeDisabled();

  await url.fill('https://1.1.1.1/pb?c={click_id}&sub={data1}&amount={commission}');
  await save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.getByRole('button', { name: 'Send test postback' }).click();
  // No network in the test machine: the attempt fails (or times out), and is logged.
  await expect(page.getByTestId('postback-deliveries').getByText('(test)')).toBeVisible({ timeout: 30_000 });

  const ctx = await browser.newContext();
  const merchant = await ctx.newPage();
  await signIn(merchant, DEMO_MERCHANT);
  await expect(merchant).toHaveURL(/\/merchant$/);
  await merchant.goto('/merchant/affiliates?q=affiliate%40example.com');
  await merchant.getByRole('link', { name: 'Demo Affiliate' }).first().click();
  await expect(merchant.getByTestId('affiliate-postback-url')).toContainText('https://1.1.1.1/pb?c={click_id}');
  await ctx.close();

  await page.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove postback' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed' })).toBeVisible();
});
