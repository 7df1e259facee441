// The keyboard: the navigation, a table's row actions and a dialog, and labelled fields. axe-core
// runs on every page of both panels and the sign-in pages in layout-widths.spec.ts,
// on the same page visits as the layout checks.
import type { Page } from '@playwright/test';
import { DEMO_MERCHANT, expect, signIn, test } from './fixtures';
import { WHO } from './pages';

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
