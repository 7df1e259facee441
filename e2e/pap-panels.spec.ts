// The merchant's pages for first-party tracking and Post Affiliate Pro: Settings › Tracking
// domain, Settings › Import (upload, dry run listing what would be created and each bad row,
// then import; again = nothing new), and Tools › Integration's proxy snippets and check button.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

const uid = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test('Settings: the tracking domain is validated and saved', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/settings');
  const field = page.getByLabel('Tracking domain');
  await field.fill('https://track.example');
  await page.getByRole('button', { name: 'Save tracking domain' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a hostname only' })).toBeVisible();
  const domain = `track-${uid()}.shop.example`;
  await field.fill(domain);
  await page.getByRole('button', { name: 'Save tracking domain' }).click();
  await expect(page.locator('#tracking-domain').getByRole('status')).toContainText('Saved');
  // Removing it asks first; Cancel keeps the domain.
  await field.fill('');
  await page.getByRole('button', { name: 'Save tracking domain' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove the tracking domain ${domain}?` });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(field).toHaveValue(domain);
  await field.fill('');
  await page.getByRole('button', { name: 'Save tracking domain' }).click();
  await dialog.getByRole('button', { name: 'Remove domain' }).click();
  await expect(page.locator('#tracking-domain').getByRole('status')).toContainText('Saved');
  await page.reload();
  await expect(field).toHaveValue('');
});

test('Settings › Import: a dry run lists rows and reasons, the import creates them once', async ({ page }) => {
  const id = uid();
  const csv = [
    '[[AFFILIATES]]',
    '!USERID;!REFID;!USERNAME;!FIRSTNAME;!LASTNAME;!RSTATUS;!PARENTUSERID',
    `u1${id};pap-${id};p${id}@example.com;Pia;Lund;A;`,
    `u2${id};;nobody${id}@example.com;No;Ref;A;`,
    '',
    '[[COMMISSIONS]]',
    '!TRANSID,!USERID,!CAMPAIGNID,!RSTATUS,!RTYPE,!COMMISSION,!TOTALCOST,!ORDERID,!TIER',
    `t1${id},u1${id},,A,S,4.50,45.00,PAP-${id},1`,
  ].join('\n');
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/settings#import');
  await page.getByLabel('Export files (CSV)').setInputFiles({ name: 'pap-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Dry run' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Would create: 1 affiliates, 0 campaigns, 0 banners, 0 coupons, 1 commissions');
  await expect(page.getByTestId('import-problems')).toContainText('REFID');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(report).toContainText('Created: 1 affiliates, 0 campaigns, 0 banners, 0 coupons, 1 commissions');
  // Once more: everything is known by its PAP id.
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(report).toContainText('Would create: 0 affiliates');
  await expect(report).toContainText('Already imported: 2');
  await page.goto(`/merchant/affiliates?q=pap-${id}`);
  await expect(page.getByText(`pap-${id}`).first()).toBeVisible();
});

test('Integration: proxy snippets for the merchant’s values, and check my proxy says what it saw', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/integration#first-party');
  const origin = new URL(page.url()).origin;
  await expect(page.getByTestId('proxied-snippet')).toContainText('/_aff/t.js" data-account="demo"></script>');
  await expect(page.getByTestId('proxy-nginx')).toContainText(`proxy_pass ${origin}/;`);
  await expect(page.getByTestId('proxy-nextjs')).toContainText(`destination: '${origin}/:path*'`);
  // What a Next.js rewrite does not send itself (tests/http-real-proxies.test.ts ran it): said in the snippet and under it.
  await expect(page.getByTestId('proxy-nextjs')).toContainText('X-Forwarded-For and X-Forwarded-Proto it only passes on');
  await expect(page.getByTestId('proxy-nextjs-note')).toContainText('must set them');
  for (const id of ['proxy-caddy', 'proxy-cloudflare', 'proxy-vercel']) await expect(page.getByTestId(id)).toContainText(origin);
  // The e2e app does not allow private targets: a loopback shop is refused without a fetch.
  await page.getByLabel('Your proxied script').fill(`${origin}/_aff/t.js`);
  await page.getByRole('button', { name: 'Check my proxy' }).click();
  await expect(page.getByTestId('proxy-report')).toContainText('private, loopback or link-local');
});
