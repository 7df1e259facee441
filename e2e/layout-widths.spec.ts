// Every page of both panels and the sign-in pages at 1280 px and at a phone's 390 px, opened
// once for both checks: the page never scrolls sideways, each list's row actions and key columns
// are inside the viewport (not behind a scrollbar); and, at 1280 px, axe-core finds no serious or
// critical violation (the keyboard checks are in accessibility.spec.ts).
import type { Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { expect, signIn, test } from './fixtures';
import { PAGES, WHO, resolvePath } from './pages';

const WIDTHS = [1280, 390];
const AXE_WIDTH = 1280;

async function checkLayout(page: Page, width: number) {
  const inner = await page.evaluate(() => window.innerWidth);
  expect(inner).toBe(width);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(inner);
  // Row actions and the key columns of the first rows of every list.
  const boxes = await page.evaluate(() => {
    const out: { what: string; left: number; right: number }[] = [];
    for (const table of document.querySelectorAll('[data-table]')) {
      const rows = [...table.querySelectorAll('tbody tr[data-row]')].slice(0, 5);
      for (const row of rows) {
        const targets = [
          ...row.querySelectorAll('[data-row-actions] button, [data-row-actions] a'),
          ...row.querySelectorAll('td[data-priority="key"]'),
        ];
        for (const el of targets) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          const name = el.getAttribute('aria-label') ?? el.getAttribute('data-col') ?? el.textContent?.trim().slice(0, 30) ?? el.tagName;
          out.push({ what: `${table.getAttribute('aria-label')}: ${name}`, left: r.left, right: r.right });
        }
      }
    }
    return out;
  });
  for (const b of boxes) {
    expect.soft(b.left, `${b.what} starts left of the viewport`).toBeGreaterThanOrEqual(0);
    expect.soft(b.right, `${b.what} ends right of the viewport (${width} px)`).toBeLessThanOrEqual(width + 0.5);
  }
}

for (const who of ['merchant', 'affiliate', 'nobody'] as const) {
  for (const width of WIDTHS) {
    test(`${who === 'nobody' ? 'sign-in, account-link and demo shop' : who} pages at ${width} px: no sideways scroll, actions and key columns in view${width === AXE_WIDTH ? ', no serious axe violation' : ''}`, async ({ page }) => {
      test.setTimeout(300_000);
      await page.setViewportSize({ width, height: 900 });
      if (who !== 'nobody') {
        await signIn(page, WHO[who]);
        await expect(page).toHaveURL(new RegExp(`/${who}$`));
      }
      for (const p of PAGES.filter((x) => x.who === who)) {
        const path = await resolvePath(page, p);
        if (!path) continue;
        await test.step(path, async () => {
          await page.goto(path);
          await expect(page.locator('main h1').first()).toBeVisible();
          await p.ready?.(page);
          await checkLayout(page, width);
          // axe at the desktop width: the markup is the same at 390 px (the layout checks cover the phone).
          if (width === AXE_WIDTH) expect.soft(await seriousViolations(page), `axe: ${path} at ${width} px`).toEqual([]);
        });
      }
    });
  }
}

test('Commissions at 1280 px: Status and Approve/Decline stay in view with a flagged row', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, WHO.merchant);
  await expect(page).toHaveURL(/\/merchant$/);
  // A sale a second after its click is flagged (fast conversion): its row carries the flag's reasons.
  const click = await page.request.post('/t/click', { data: { account: 'demo', aff: 'demo-aff', channel: 'layout' } });
  expect(click.status()).toBe(200);
  const { visitorId } = (await click.json()) as { visitorId: string };
  const orderId = `layout-${Date.now().toString(36)}`;
  const sale = await page.request.post('/t/sale', {
    headers: { authorization: 'Bearer sk_demo_0000000000000000' },
    data: { orderId, total: '40.00', visitorId },
  });
  expect(sale.status()).toBe(200);
  expect(((await sale.json()) as { flags: string[] }).flags.length).toBeGreaterThan(0);

  await page.goto(`/merchant/commissions?order=${orderId}`);
  const table = page.getByRole('table', { name: 'Commissions' });
  const row = table.locator(`tr[data-order="${orderId}"]`);
  await expect(row.locator('[data-flag]').first()).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Status' })).toBeInViewport({ ratio: 1 });
  await expect(row.locator('td[data-col="status"]')).toBeInViewport({ ratio: 1 });
  await expect(row.getByRole('button', { name: `Approve commission of order ${orderId}` })).toBeInViewport({ ratio: 1 });
  await expect(row.getByRole('button', { name: `Decline commission of order ${orderId}` })).toBeInViewport({ ratio: 1 });
  await checkLayout(page, 1280);
  // The full list too (other rows, other flags).
  await page.goto('/merchant/commissions');
  await checkLayout(page, 1280);
});

test('the affiliate’s Commissions at 390 px show amount and status on every row', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, WHO.affiliate);
  await expect(page).toHaveURL(/\/affiliate$/);
  await page.goto('/affiliate/commissions');
  const rows = page.getByRole('table', { name: 'Commissions' }).locator('tbody tr[data-row]');
  const n = await rows.count();
  for (let i = 0; i < Math.min(n, 5); i++) {
    await rows.nth(i).scrollIntoViewIfNeeded();
    await expect(rows.nth(i).locator('td[data-col="amount"]')).toBeVisible();
    await expect(rows.nth(i).locator('td[data-col="status"]')).toBeVisible();
  }
  await checkLayout(page, 390);
});
