// Commission groups as the merchant uses them: a group with a 20 % sale rule on the
// default campaign, demo-aff put in it on its page, a sale pays 20 % instead of the
// campaign's 10 %; then back out in bulk from the Affiliates manager, and the group deleted.
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';

test('a sale of a group member pays the group’s rate', async ({ page }) => {
  const name = `VIP ${Date.now().toString(36)}`;
  const sale = async (orderId: string) => {
    const r = await page.request.post('/t/sale', {
      headers: { authorization: 'Bearer sk_demo_0000000000000000' },
      data: { orderId, total: '100.00', affiliate: 'demo-aff' },
    });
    expect(r.status()).toBe(200);
    return (await r.json()).commissions[0];
  };
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);

  await page.goto('/merchant/campaigns/cmp_demo');
  await page.getByLabel('New group name').fill(name);
  await page.getByRole('button', { name: 'Create group' }).click();
  const group = page.getByRole('region', { name: `Commission group ${name}` });
  await expect(group).toContainText('0 affiliates');
  await group.getByLabel('Percent').fill('20');
  await group.getByRole('button', { name: 'Add rule' }).click();
  await expect(group.getByRole('table', { name: `Rules of ${name}` })).toContainText('20 %');
  // The campaign's own rules are unchanged.
  await expect(page.getByRole('table', { name: 'Commission rules' })).not.toContainText('20 %');

  await page.goto('/merchant/affiliates?q=demo-aff');
  await page.getByRole('link', { name: 'Demo Affiliate' }).click();
  await expect(page).toHaveURL(/\/merchant\/affiliates\/[0-9a-f-]{36}/);
  await page.getByLabel(/Commission group in /).first().selectOption({ label: name });
  await page.getByRole('button', { name: 'Save group' }).first().click();
  await expect(page.getByRole('status')).toContainText('Saved');

  expect(await sale(`grp-in-${name}`)).toMatchObject({ affiliate: 'demo-aff', tier: 1, amount: 2000 });

  // Back on the campaign's rules, in bulk.
  await page.goto('/merchant/affiliates?q=demo-aff');
  await page.getByLabel('Select Demo Affiliate (demo-aff)').check();
  await page.getByLabel('Commission group').selectOption({ label: 'No group: Default campaign’s own rules' });
  await page.getByRole('button', { name: 'Set commission group' }).click();
  await expect(page.getByRole('status')).toContainText('1 affiliate back on the campaign’s own rules');
  expect(await sale(`grp-out-${name}`)).toMatchObject({ affiliate: 'demo-aff', tier: 1, amount: 1000 });

  // Deleting asks first.
  await page.goto('/merchant/campaigns/cmp_demo');
  await group.getByRole('button', { name: `Delete group ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete group' }).click();
  await expect(group).toHaveCount(0);
});
