// axe-core on every page of both panels and the sign-in pages (no serious or critical
// violation), and the keyboard: the navigation, a table's row actions and a dialog.
import type { Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';
import { PAGES, WHO, resolvePath } from './pages';

for (const who of ['nobody', 'merchant', 'affiliate'] as const) {
  test(`axe: the ${who === 'nobody' ? 'sign-in and sign-up' : who} pages have no serious or critical violations`, async ({ page }) => {
    test.setTimeout(480_000);
    if (who !== 'nobody') {
      await signIn(page, WHO[who]);
      await expect(page).toHaveURL(new RegExp(`/${who}$`));
    }
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const p of PAGES.filter((x) => x.who === who)) {
        const path = await resolvePath(page, p);
        if (!path) continue;
        await test.step(`${path} at ${width} px`, async () => {
          await page.goto(path);
          await expect(page.locator('h1').first()).toBeVisible();
          await p.ready?.(page);
          expect.soft(await seriousViolations(page), `${path} at ${width} px`).toEqual([]);
        });
      }
    }
  });
}

/** The focused element shows a focus ring (an outline or a box-shadow ring). */
async function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== '');
  });
}

test('keyboard: the navigation and a row action are reachable with a visible focus; the dialog keeps focus and gives it back', async ({ page }) => {
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto('/merchant/affiliates');
  // Tab from the top reaches the section navigation, with a visible focus on each link.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await page.locator('body').focus();
  let reachedNav = false;
  for (let i = 0; i < 15 && !reachedNav; i++) {
    await page.keyboard.press('Tab');
    reachedNav = await nav.evaluate((n) => n.contains(document.activeElement));
  }
  expect(reachedNav, 'Tab reaches the navigation').toBe(true);
  expect(await focusVisible(page), 'a focused navigation link shows its focus').toBe(true);

  // A row action (Suspend) is reached by Tab, opens the dialog with focus on Cancel;
  // Tab stays in the dialog; Escape closes it and focus returns to the button.
  const suspend = page.getByRole('button', { name: /^Suspend / }).first();
  await suspend.focus();
  expect(await focusVisible(page), 'a focused row action shows its focus').toBe(true);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    const inside = await dialog.evaluate((d) => d.contains(document.activeElement) || document.activeElement === document.body);
    expect(inside, 'focus stays in the dialog').toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(suspend).toBeFocused();
});

test('the link generator’s sub-ID fields have labels', async ({ page }) => {
  await signIn(page, WHO.affiliate);
  await expect(page).toHaveURL(/\/affiliate$/);
  await page.goto('/affiliate/links');
  for (let i = 1; i <= 5; i++) await expect(page.getByLabel(`Sub-ID ${i} (data${i})`)).toBeVisible();
});
