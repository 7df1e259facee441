// Reports in the browser: the merchant groups by channel, narrows to one affiliate and a
// campaign, reads the comparison with the previous period and the chart, and exports the
// CSV of exactly the table shown; the affiliate sees its own channel only.
import { readFile } from 'node:fs/promises';
import { DEMO_AFFILIATE, DEMO_MERCHANT, expect, signIn, test } from './fixtures';

const today = new Date().toISOString().slice(0, 10);

test('merchant reports: filters combine, the previous period is compared, the CSV is the table', async ({ page }) => {
  const mine = `rep-${Date.now().toString(36)}-a`;
  const theirs = `rep-${Date.now().toString(36)}-b`;
  const click = await page.request.post('/t/click', { data: { account: 'demo', aff: 'demo-aff', channel: mine } });
  expect(click.status()).toBe(200);
  const { visitorId } = await click.json();
  expect((await page.request.post('/t/click', { data: { account: 'demo', aff: 'demo-sub', channel: theirs } })).status()).toBe(200);
  const sale = await page.request.post('/t/sale', { data: { account: 'demo', visitorId, orderId: `${mine}-order`, total: '80.00' } });
  expect(sale.status()).toBe(200);

  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('link', { name: 'Reports' }).first().click();
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await expect(page.getByTestId('report-chart')).toBeVisible();

  const filters = page.getByRole('search', { name: 'Report filters' });
  await filters.getByLabel(/^Group by/).selectOption('channel');
  await filters.getByLabel('From', { exact: true }).fill(today);
  await filters.getByLabel('To', { exact: true }).fill(today);
  await filters.getByRole('button', { name: 'Show report' }).click();
  await expect(page).toHaveURL(/groupBy=channel/);
  const table = page.getByTestId('report-table');
  await expect(table).toContainText(mine);
  await expect(table).toContainText(theirs);

  // This affiliate, and the default campaign: the other affiliate's channel goes.
  await filters.getByLabel('Affiliate', { exact: true }).fill('demo-aff');
  await filters.getByLabel(/^Campaign/).selectOption({ index: 1 });
  await filters.getByRole('button', { name: 'Show report' }).click();
  await expect(page).toHaveURL(/affiliate=demo-aff/);
  await expect(table).toContainText(mine);
  await expect(table).not.toContainText(theirs);
  const row = table.getByRole('row').filter({ hasText: mine });
  await expect(row).toContainText('80.00');

  // Compared with the previous period (yesterday).
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await expect(page.getByText(`compared with ${yesterday} to ${yesterday}`)).toBeVisible();
  await expect(page.getByTestId('report-totals')).toContainText(/vs previous period|new this period|no change/);

  const download = page.waitForEvent('download');
  await page.getByTestId('report-export').click();
  const csv = await readFile((await (await download).path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toMatch(/^Channel,Clicks,Unique clicks,Impressions,Conversions,/);
  expect(lines.some((l) => l.startsWith(`${mine},`) && l.includes(',80.00,'))).toBe(true);
  expect(csv).not.toContain(theirs);
  // Exactly the table's rows.
  expect(lines.length - 1).toBe(await table.locator('tbody tr').count());
});

test('affiliate reports: its own traffic only', async ({ page }) => {
  const mine = `arep-${Date.now().toString(36)}-a`;
  const theirs = `arep-${Date.now().toString(36)}-b`;
  expect((await page.request.post('/t/click', { data: { account: 'demo', aff: 'demo-aff', channel: mine } })).status()).toBe(200);
  expect((await page.request.post('/t/click', { data: { account: 'demo', aff: 'demo-sub', channel: theirs } })).status()).toBe(200);
  await signIn(page, DEMO_AFFILIATE);
  await expect(page).toHaveURL(/\/affiliate$/);
  // What the affiliate should know, from the real rules: the demo campaign's cookie lifetime, its rate, its coupon.
  const terms = page.getByTestId('program-terms');
  await expect(terms).toContainText('Cookie lifetime 30 days');
  await expect(terms).toContainText('Sale: 10 %');
  await expect(terms).toContainText('DEMO10');
  await page.goto(`/affiliate/reports?groupBy=channel&from=${today}&to=${today}`);
  const table = page.getByTestId('report-table');
  await expect(table).toContainText(mine);
  await expect(table).not.toContainText(theirs);
  await expect(page.getByRole('search', { name: 'Report filters' }).getByLabel('Affiliate', { exact: true })).toHaveCount(0);
});
