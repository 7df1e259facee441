// Stored XSS: everything a click, a sale or an affiliate's application can carry is
// attacker controlled. Such values are stored verbatim, then the merchant's and the
// affiliate's pages are opened: no script runs, no element is injected, the text shows
// literally, and the pages render under their CSP without a single violation.
import type { Page } from '@playwright/test';
import { DEMO_AFFILIATE, DEMO_MERCHANT, expect, signIn, test } from './fixtures';

const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const P = {
  script: `<script>window.__xss='script'</script>${tag}`,
  img: `<img src=x onerror="window.__xss='img'">${tag}`,
  js: `javascript:window.__xss='js'//${tag}`,
  svg: `"><svg onload="window.__xss='svg'">${tag}`,
};
const API_KEY = 'sk_demo_0000000000000000';
/** The buyer: the merchant's business, never shown to the affiliate. */
const CUSTOMER = { email: `buyer-${tag}@example.com`, id: `cust-${tag}`, ip: '203.0.113.201', ua: `BuyerAgent/${tag}` };

/** Watches a page for anything an injected payload would do, and for CSP violations. */
async function guard(page: Page) {
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp = [
        ...((window as unknown as { __csp?: string[] }).__csp ?? []),
        `${e.violatedDirective} ${e.blockedURI}`,
      ];
    });
  });
  return problems;
}

async function expectClean(page: Page, problems: string[], where: string) {
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss), `${where}: a payload ran`).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []), `${where}: CSP violations`).toEqual([]);
  expect(await page.locator('img[src="x"], svg[onload]').count(), `${where}: injected element`).toBe(0);
  expect(await page.locator('a[href^="javascript:" i]').count(), `${where}: javascript: link`).toBe(0);
  expect(problems, where).toEqual([]);
}

test('attacker-controlled values show as text everywhere and never run', async ({ browser, request }) => {
  test.setTimeout(180_000);
  // A click whose every free-text field and user-agent carry a payload.
  const click = await request.post('/t/click', {
    headers: { 'user-agent': P.img },
    data: { account: 'demo', aff: 'demo-aff', channel: P.img, data1: P.script, data2: P.img, data3: P.js, data4: P.svg, data5: P.script, url: P.js, referrer: P.svg },
  });
  expect(click.status()).toBe(200);

  // An affiliate application whose name, website and promotion method are payloads, under demo-aff.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const problems = await guard(page);
  const email = `xss-${tag}@example.com`;
  await page.goto('/join/demo?parent=demo-aff');
  await page.getByLabel('Your name').fill(P.img);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a-long-password-1');
  const website = page.getByLabel(/Website/);
  if (await website.count()) await website.fill(P.js);
  await page.getByLabel('How will you promote us?').fill(`${P.script} ${P.svg}`);
  await page.getByLabel(/I accept the program terms/).check();
  await page.getByRole('button', { name: 'Join the program' }).click();
  await expect(page.getByRole('status')).toContainText('approved');
  await expectClean(page, problems, '/join');

  // The merchant approves it; a server call credits it a sale with payload product and coupon.
  await signIn(page, DEMO_MERCHANT);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto(`/merchant/affiliates?q=${encodeURIComponent(email)}`);
  const row = page.getByRole('row').filter({ hasText: email });
  await row.getByRole('button', { name: /^Approve/ }).click();
  await expect(row).toContainText('approved');
  const refId = (await row.locator('td').nth(2).textContent())!.trim();
  const detailHref = (await row.getByRole('link').first().getAttribute('href'))!;
  for (const [affiliate, orderId] of [['demo-aff', `xss-own-${tag}`], [refId, `xss-sub-${tag}`]]) {
    const sale = await request.post('/t/sale', {
      headers: { authorization: `Bearer ${API_KEY}` },
      data: {
        orderId, total: '100.00', productId: P.svg, coupon: P.img.slice(0, 64), data1: P.script, affiliate,
        customerEmail: CUSTOMER.email, customerId: CUSTOMER.id, ip: CUSTOMER.ip, userAgent: CUSTOMER.ua,
      },
    });
    expect(sale.status(), await sale.text()).toBe(200);
  }

  // The merchant's pages.
  const merchantPages: [string, string[]][] = [
    ['/merchant', []],
    ['/merchant/clicks', [`data1: ${P.script}`, `data3: ${P.js}`, `data4: ${P.svg}`, P.img]],
    ['/merchant/commissions', []],
    ['/merchant/affiliates', [P.img]],
    [detailHref, [P.script, P.svg]],
    ['/merchant/affiliates?status=approved', [P.img]],
  ];
  for (const [path, texts] of merchantPages) {
    await page.goto(path);
    for (const text of texts) await expect(page.getByText(text, { exact: false }).first(), `${path} shows ${text}`).toBeAttached();
    await expectClean(page, problems, path);
  }
  await ctx.close();

  // The referring affiliate's panel: its sub-affiliate (the payload name) and its commissions.
  const actx = await browser.newContext();
  const apage = await actx.newPage();
  const aproblems = await guard(apage);
  await signIn(apage, DEMO_AFFILIATE);
  await expect(apage).toHaveURL(/\/affiliate$/);
  for (const [path, texts] of [
    ['/affiliate', []],
    ['/affiliate/commissions', []],
    ['/affiliate/sub-affiliates', [P.img]],
    ['/affiliate/links', []],
    ['/affiliate/payouts', []],
  ] as [string, string[]][]) {
    await apage.goto(path);
    for (const text of texts) await expect(apage.getByText(text, { exact: false }).first(), `${path} shows ${text}`).toBeAttached();
    await expectClean(apage, aproblems, path);
    const html = await apage.content();
    for (const secret of Object.values(CUSTOMER)) expect(html, `${path} shows the customer's ${secret}`).not.toContain(secret);
  }
  // Its CSV export neither.
  const csv = await (await apage.request.get('/affiliate/commissions/export')).text();
  expect(csv).toContain(`xss-own-${tag}`);
  for (const secret of Object.values(CUSTOMER)) expect(csv).not.toContain(secret);
  await actx.close();
});
