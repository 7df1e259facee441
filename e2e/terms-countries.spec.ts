// Settings › Program terms and the country rules of Fraud protection, as the merchant uses
// them: the terms written in Settings reach the affiliate's dashboard and links page and the
// sign-up page; a bad country code is refused next to its field; a sale from a flagged
// country is shown on Commissions with the country named and held for review.
import { DEMO_AFFILIATE, DEMO_MERCHANT, expect, signIn, test } from './fixtures';

/** An address the shipped GeoIP database places in Brazil (tests/http-country-rules.test.ts uses it too). */
const BR = '200.160.2.3';

test('program terms written in Settings reach the affiliate’s dashboard, links page and the sign-up page', async ({ page, browser }) => {
  const terms = `Terms ${Date.now().toString(36)}: no brand bidding.\nNo coupon sites.`;
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/settings');
  const form = page.getByRole('form', { name: 'Program terms' });
  try {
    await form.getByLabel('Terms of your affiliate program').fill(terms);
    await form.getByRole('button', { name: 'Save program terms' }).click();
    await expect(form.getByRole('status')).toContainText('Affiliates see these terms');

    const affiliate = await browser.newPage();
    try {
      await signIn(affiliate, DEMO_AFFILIATE);
      await expect(affiliate).toHaveURL(/\/affiliate$/);
      const shown = affiliate.getByTestId('program-terms-text');
      await expect(shown).toContainText('no brand bidding.');
      await expect(shown).toContainText('No coupon sites.');
      await affiliate.goto('/affiliate/links');
      await expect(affiliate.getByTestId('program-terms-text')).toContainText('no brand bidding.');
    } finally {
      await affiliate.close();
    }
    const visitor = await browser.newPage();
    try {
      await visitor.goto('/join/demo');
      await expect(visitor.getByTestId('program-terms-text')).toContainText('No coupon sites.');
    } finally {
      await visitor.close();
    }
  } finally {
    await page.goto('/merchant/settings');
    await form.getByLabel('Terms of your affiliate program').fill('');
    await form.getByRole('button', { name: 'Save program terms' }).click();
    await expect(form.getByRole('status')).toContainText('No terms are shown');
  }
});

test('a bad country code is refused next to its field; a sale from a flagged country is held for review, the country named', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/settings');
  const form = page.getByRole('form', { name: 'Fraud protection' });
  const flagged = form.getByLabel('Flagged countries');
  try {
    await flagged.fill('br, XX');
    await form.getByRole('button', { name: 'Save fraud protection' }).click();
    await expect(form.getByRole('alert')).toContainText('“XX”');
    await expect(flagged).toHaveAttribute('aria-invalid', 'true');
    await flagged.fill('br');
    await form.getByRole('button', { name: 'Save fraud protection' }).click();
    await expect(form.getByRole('status')).toContainText('1 country flagged');
    await expect(flagged).toHaveValue('BR');

    const orderId = `br-${Date.now().toString(36)}`;
    const sale = await page.request.post('/t/sale', {
      headers: { authorization: 'Bearer sk_demo_0000000000000000' },
      data: { orderId, total: '40.00', affiliate: 'demo-aff', ip: BR },
    });
    expect(sale.status()).toBe(200);
    expect((await sale.json()).flags).toEqual(['flagged_country:BR']);

    await page.goto(`/merchant/commissions?order=${orderId}`);
    const row = page.getByTestId('commissions').getByRole('row').filter({ hasText: orderId });
    await expect(row).toContainText('Flagged country: BR');
    await expect(row).toContainText('Brazil (BR), a country you flag for review.');
    await expect(row).toContainText('Held for review');
  } finally {
    await page.goto('/merchant/settings');
    await form.getByLabel('Flagged countries').fill('');
    await form.getByRole('button', { name: 'Save fraud protection' }).click();
    await expect(form.getByRole('status')).toContainText('0 countries flagged');
  }
});
