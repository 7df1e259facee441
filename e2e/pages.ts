// Every page of both panels and the sign-in pages, for the layout and axe checks of
// layout-widths.spec.ts. A new page is one line here; a page with an id in its path names
// the list it is opened from (the first link there that matches `link`).
import type { Page } from '@playwright/test';
import { DEMO_AFFILIATE, DEMO_MERCHANT } from './fixtures';

export interface PanelPage {
  path: string;
  who: 'merchant' | 'affiliate' | 'nobody';
  /** For a path with an id: open `from` and follow its first link whose href matches. */
  from?: string;
  link?: RegExp;
  /** Makes what the page needs first (e.g. one mail in the log), on the signed-in page. */
  prepare?: (page: Page) => Promise<void>;
  /** Waits until what renders after the page's heading (the API reference) is there. */
  ready?: (page: Page) => Promise<void>;
}

/** A mail in the e-mail log, so its message page has one to show. */
async function oneMailInTheLog(page: Page) {
  await page.goto('/merchant/settings/email');
  if ((await page.getByTestId('mail-row').count()) > 0) return;
  await page.getByRole('button', { name: 'Send a test mail to me' }).click();
  await page.getByRole('status').filter({ hasText: 'is queued' }).waitFor();
}

export const PAGES: PanelPage[] = [
  { who: 'merchant', path: '/merchant' },
  { who: 'merchant', path: '/merchant/affiliates' },
  { who: 'merchant', path: '/merchant/affiliates/:id', from: '/merchant/affiliates', link: /^\/merchant\/affiliates\/[0-9a-f-]{36}$/ },
  { who: 'merchant', path: '/merchant/campaigns' },
  { who: 'merchant', path: '/merchant/campaigns/:id', from: '/merchant/campaigns', link: /^\/merchant\/campaigns\/[^/?#]+$/ },
  { who: 'merchant', path: '/merchant/commissions' },
  { who: 'merchant', path: '/merchant/clicks' },
  { who: 'merchant', path: '/merchant/reports' },
  { who: 'merchant', path: '/merchant/reports?groupBy=affiliate' },
  { who: 'merchant', path: '/merchant/tracking-log' },
  { who: 'merchant', path: '/merchant/payouts' },
  { who: 'merchant', path: '/merchant/payouts/:batch', from: '/merchant/payouts', link: /^\/merchant\/payouts\/[0-9a-f-]{36}$/ },
  { who: 'merchant', path: '/merchant/integration' },
  { who: 'merchant', path: '/merchant/integration/webhooks' },
  {
    who: 'merchant',
    path: '/merchant/integration/api',
    ready: (page) => page.getByTestId('api-reference').getByText('List affiliates, newest first').first().waitFor({ timeout: 30_000 }),
  },
  // Tracking domain, payouts, the PAP import and the team are sections of Settings (#tracking-domain, #import…).
  { who: 'merchant', path: '/merchant/settings' },
  { who: 'merchant', path: '/merchant/settings/audit' },
  { who: 'merchant', path: '/merchant/settings/email' },
  {
    who: 'merchant',
    path: '/merchant/settings/email/:id',
    from: '/merchant/settings/email',
    link: /^\/merchant\/settings\/email\/[0-9a-f-]{36}$/,
    prepare: oneMailInTheLog,
  },
  { who: 'merchant', path: '/merchant/settings/notifications' },
  { who: 'affiliate', path: '/affiliate' },
  { who: 'affiliate', path: '/affiliate/links' },
  { who: 'affiliate', path: '/affiliate/banners' },
  { who: 'affiliate', path: '/affiliate/reports' },
  { who: 'affiliate', path: '/affiliate/commissions' },
  { who: 'affiliate', path: '/affiliate/payouts' },
  { who: 'affiliate', path: '/affiliate/sub-affiliates' },
  { who: 'affiliate', path: '/affiliate/profile' },
  { who: 'affiliate', path: '/affiliate/postback' },
  { who: 'nobody', path: '/sign-in' },
  { who: 'nobody', path: '/sign-up' },
  { who: 'nobody', path: '/join/demo' },
  { who: 'nobody', path: '/' },
  { who: 'nobody', path: '/forgot-password' },
  // Without a live token: the dead-link message. The password form of a live link (the same
  // form on both pages) is checked in accounts.spec.ts, where the reset mail arrives by SMTP.
  { who: 'nobody', path: '/reset-password' },
  { who: 'nobody', path: '/reset-password?token=not-a-live-token' },
  { who: 'nobody', path: '/accept-invitation?token=not-a-live-token' },
  { who: 'nobody', path: '/unsubscribe?token=not-a-live-token' },
  // The demo shop (a stand-in for a merchant's site). Its thank-you page reports a sale, so it
  // is left to the tracking specs; /two-factor-setup opens only for a member who must enrol.
  { who: 'nobody', path: '/demo/shop' },
  { who: 'nobody', path: '/demo/shop/product/:id', from: '/demo/shop', link: /^\/demo\/shop\/product\/[^/?#]+$/ },
  { who: 'nobody', path: '/demo/shop/checkout?product=espresso-kit' },
  { who: 'nobody', path: '/demo/shop/signup' },
];

export const WHO = { merchant: DEMO_MERCHANT, affiliate: DEMO_AFFILIATE } as const;

/** The concrete address of a page (its first item for a path with an id), or undefined when its list is empty. */
export async function resolvePath(page: Page, p: PanelPage): Promise<string | undefined> {
  await p.prepare?.(page);
  if (!p.from || !p.link) return p.path;
  await page.goto(p.from);
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((h) => p.link!.test(h));
}
