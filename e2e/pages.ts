// Every page of both panels and the sign-in pages, for the layout (widths) and the
// accessibility specs. A new page is one line here; a page with an id in its path names
// the list it is opened from (the first link there that matches `link`).
import type { Page } from '@playwright/test';
import { DEMO_AFFILIATE, DEMO_MERCHANT } from './fixtures';

export interface PanelPage {
  path: string;
  who: 'merchant' | 'affiliate' | 'nobody';
  /** For a path with an id: open `from` and follow its first link whose href matches. */
  from?: string;
  link?: RegExp;
}

export const PAGES: PanelPage[] = [
  { who: 'merchant', path: '/merchant' },
  { who: 'merchant', path: '/merchant/affiliates' },
  { who: 'merchant', path: '/merchant/affiliates/:id', from: '/merchant/affiliates', link: /^\/merchant\/affiliates\/[0-9a-f-]{36}$/ },
  { who: 'merchant', path: '/merchant/campaigns' },
  { who: 'merchant', path: '/merchant/campaigns/:id', from: '/merchant/campaigns', link: /^\/merchant\/campaigns\/[^/?#]+$/ },
  { who: 'merchant', path: '/merchant/commissions' },
  { who: 'merchant', path: '/merchant/clicks' },
  { who: 'merchant', path: '/merchant/tracking-log' },
  { who: 'merchant', path: '/merchant/payouts' },
  { who: 'merchant', path: '/merchant/payouts/:batch', from: '/merchant/payouts', link: /^\/merchant\/payouts\/[0-9a-f-]{36}$/ },
  { who: 'merchant', path: '/merchant/integration' },
  { who: 'merchant', path: '/merchant/integration/webhooks' },
  { who: 'merchant', path: '/merchant/settings' },
  { who: 'merchant', path: '/merchant/settings/audit' },
  { who: 'affiliate', path: '/affiliate' },
  { who: 'affiliate', path: '/affiliate/links' },
  { who: 'affiliate', path: '/affiliate/banners' },
  { who: 'affiliate', path: '/affiliate/commissions' },
  { who: 'affiliate', path: '/affiliate/payouts' },
  { who: 'affiliate', path: '/affiliate/sub-affiliates' },
  { who: 'affiliate', path: '/affiliate/profile' },
  { who: 'nobody', path: '/sign-in' },
  { who: 'nobody', path: '/sign-up' },
  { who: 'nobody', path: '/join/demo' },
];

export const WHO = { merchant: DEMO_MERCHANT, affiliate: DEMO_AFFILIATE } as const;

/** The concrete address of a page (its first item for a path with an id), or undefined when its list is empty. */
export async function resolvePath(page: Page, p: PanelPage): Promise<string | undefined> {
  if (!p.from || !p.link) return p.path;
  await page.goto(p.from);
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((h) => p.link!.test(h));
}
