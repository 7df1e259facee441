// The merchant approves a tracked sale's commission, pays it in a payout batch,
// exports the batch and marks it paid: the commission ends up `paid`.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('approve a commission, create a payout batch, mark it paid', async ({ page, request }) => {
  const orderId = `PAY-${Date.now().toString(36)}`;
  const sale = await request.post('/t/sale', {
    headers: { authorization: 'Bearer sk_demo_0000000000000000' },
    data: { orderId, total: '600.00', currency: 'USD', affiliate: 'demo-aff' },
  });
  expect(sale.status()).toBe(200);
  expect((await sale.json()).commissions[0]).toMatchObject({ affiliate: 'demo-aff', tier: 1, amount: 6000, status: 'pending' });

  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Commissions' }).click();
  await page.getByLabel('Order id').fill(orderId);
  await page.getByRole('button', { name: 'Filter' }).click();
  const row = page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId });
  await expect(row).toContainText('pending');
  await row.getByRole('button', { name: `Approve commission of order ${orderId}` }).click();
  await expect(page.getByRole('status')).toContainText('Approved 1 commission');
  await expect(row).toContainText('approved');

  // The CSV export carries exactly the filtered rows.
  const csv = await (await page.request.get(`/merchant/commissions/export?order=${orderId}`)).text();
  const lines = csv.trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`,demo-aff,Demo Affiliate,${orderId},sale,commission,600.00,USD,explicit,1,60.00,USD,approved,,`);

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Payouts' }).click();
  const owed = page.getByTestId('owed');
  await expect(owed).toContainText('demo-aff');
  // Pay only the demo affiliate.
  await page.getByLabel('Select all affiliates').uncheck();
  await page.getByLabel('Pay Demo Affiliate (demo-aff) in USD').check();
  await page.getByRole('button', { name: /Create payout batch \(1\)/ }).click();
  await expect(page).toHaveURL(/\/merchant\/payouts\/[0-9a-f-]{36}$/);
  const payouts = page.getByTestId('payouts');
  await expect(payouts).toContainText('Demo Affiliate');
  await expect(payouts).toContainText('pending');

  const batchUrl = new URL(page.url()).pathname;
  const batchCsv = await (await page.request.get(`${batchUrl}/export`)).text();
  expect(batchCsv.split('\r\n')[0]).toBe(
    'payout_id,batch_id,affiliate_ref_id,affiliate_name,affiliate_email,amount,currency,status,method,paypal_email,account_holder,iban,bic,bank_name,commissions,created_at,paid_at',
  );
  expect(batchCsv).toContain(',demo-aff,Demo Affiliate,affiliate@example.com,');

  await page.getByRole('button', { name: 'Mark batch paid' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Mark batch paid' }).click();
  await expect(page.getByText('Every payout of this batch is paid.')).toBeVisible();
  await expect(payouts.getByRole('button', { name: /^Mark payout to/ })).toHaveCount(0);

  await page.goto(`/merchant/commissions?order=${orderId}`);
  await expect(page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId })).toContainText('paid');
});
