// Country rules and program terms against the built app, on a server of its own that trusts
// one proxy hop (TRUST_PROXY=1), so each request's X-Forwarded-For is the client address whose
// country (server/geo) the fraud rules read. A blocked country acts as a blocked IP: its clicks
// are answered and stored but never unique, and its sales (or sales of its clicks) are flagged
// `blocked_country:XX`; a flagged country leaves the click alone and flags the sale
// `flagged_country:XX`; other countries pass. The program terms the merchant writes in Settings
// are shown on the affiliate's dashboard and links page and on the sign-up page, and not at all when empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '@/db/seed';
import { conversionFlagReason, flagLabel } from '@/server/fraud/flags';
import { dataOf, mutate, query, signInWith } from './helpers/accounts';
import { post, request, s2s, uniq, useApp } from './helpers/http';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';

const RU = '77.88.8.8';
const RU2 = '5.255.255.5';
const BR = '200.160.2.3';
const US = '8.8.8.8';
const GB = '81.2.69.160';

let app: { baseURL: string; stop(): Promise<void> };
let merchant: string;
const fraud = { repeatClickWindowMinutes: 60, fastConversionSeconds: 0, flagAffiliateIps: true, blockedIps: '' };
const from = (ip: string) => ({ 'x-forwarded-for': ip });

async function clickFrom(ip: string) {
  const channel = uniq('cc');
  const res = await post('/t/click', { account: 'demo', aff: DEMO.affiliateRefId, channel }, from(ip));
  expect(res.status, res.text).toBe(200);
  const list = await query('merchant.clicks.list', merchant, { channel });
  const rows = dataOf<{ rows: { flag: string | null; isRepeat: boolean; ip: string }[] }>(list).rows;
  expect(rows, list.text).toHaveLength(1);
  return { visitorId: res.json.visitorId as string, row: rows[0]! };
}

const serverSale = (ip: string) => post('/t/sale', { orderId: uniq('cc-o'), total: '40.00', affiliate: DEMO.affiliateRefId, ip }, s2s);

beforeAll(async () => {
  app = await startTestServer({ label: 'country-rules', env: { TRUST_PROXY: '1' } });
  useApp(app.baseURL);
  merchant = (await signInWith({ email: DEMO.merchantEmail, password: DEMO.merchantPassword })).cookie!;
  expect(merchant).toBeTruthy();
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

describe('fraud rules by country', () => {
  it('refuses a bad country code or a country on both lists with a readable field error, changing nothing', async () => {
    const bad = await mutate('settings.updateFraud', { ...fraud, blockedCountries: 'RU\nXX, usa', flaggedCountries: '' }, merchant);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Not an ISO 3166-1 alpha-2 country code');
    expect(bad.text).toContain('line 2: “XX”; line 2: “usa”');
    const both = await mutate('settings.updateFraud', { ...fraud, blockedCountries: 'RU', flaggedCountries: 'ru, BR' }, merchant);
    expect(both.status).toBe(400);
    expect(both.text).toContain('RU is blocked already');
    const settings = dataOf<{ merchant: { blockedCountries: string[]; flaggedCountries: string[] } }>(await query('settings.get', merchant));
    expect(settings.merchant).toMatchObject({ blockedCountries: [], flaggedCountries: [] });
  });

  it('saves the lists canonical (upper case, sorted, de-duplicated), audited, and keeps them when a call leaves them out', async () => {
    const saved = await mutate('settings.updateFraud', { ...fraud, blockedCountries: 'ru, cn # noisy\nRU', flaggedCountries: 'br' }, merchant);
    expect(saved.status, saved.text).toBe(200);
    expect(dataOf(saved)).toMatchObject({ blockedCountries: ['CN', 'RU'], flaggedCountries: ['BR'] });
    // An older client that knows nothing of countries does not wipe them.
    const old = await mutate('settings.updateFraud', fraud, merchant);
    expect(dataOf(old)).toMatchObject({ blockedCountries: ['CN', 'RU'], flaggedCountries: ['BR'] });
    const audit = dataOf<{ rows: { action: string; details: Record<string, unknown> }[] }>(
      await query('settings.audit.list', merchant, { action: 'merchant.fraud_settings' }),
    ).rows;
    const change = audit.map((r) => r.details.blockedCountries as { from: string[]; to: string[] } | undefined).find(Boolean);
    expect(change).toEqual({ from: [], to: ['CN', 'RU'] });
  });

  it('a click from a blocked country is answered and stored, never unique; its sale is flagged with the country', async () => {
    const c = await clickFrom(RU);
    expect(c.row).toMatchObject({ ip: RU, isRepeat: true, flag: 'blocked_country' });
    // The buyer pays from elsewhere (US): the click's country is enough, as for a blocked IP.
    const res = await post('/t/sale', { account: 'demo', orderId: uniq('cc-o'), total: '40.00', visitorId: c.visitorId }, from(US));
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'attributed', method: 'cookie', flags: ['blocked_country:RU'] });
    // The contract: flags never change the answer; the commission keeps its normal status.
    expect(res.json.commissions[0]).toMatchObject({ affiliate: DEMO.affiliateRefId, status: 'pending' });
  });

  it('a sale from a blocked country’s address is flagged; the reason names the country', async () => {
    const res = await serverSale(RU2);
    expect(res.status, res.text).toBe(200);
    expect(res.json.flags).toEqual(['blocked_country:RU']);
    expect(conversionFlagReason('blocked_country:RU')).toBe('The sale or its click came from Russia (RU), a country on your blocklist.');
    expect(flagLabel('blocked_country:RU')).toBe('Blocked country: RU');
  });

  it('a flagged country: the click counts as usual, the sale is held for review with the country named', async () => {
    const c = await clickFrom(BR);
    expect(c.row).toMatchObject({ ip: BR, isRepeat: false, flag: null });
    const res = await post('/t/sale', { account: 'demo', orderId: uniq('cc-o'), total: '40.00', visitorId: c.visitorId }, from(BR));
    expect(res.json).toMatchObject({ status: 'attributed', flags: ['flagged_country:BR'] });
    expect((await serverSale(BR)).json.flags).toEqual(['flagged_country:BR']);
    expect(conversionFlagReason('flagged_country:BR')).toBe('The sale or its click came from Brazil (BR), a country you flag for review.');
    // Held: the review list has it, awaiting review.
    type Row = { flags: string[]; awaitingReview: boolean };
    const listed = dataOf<Row[] | { rows: Row[] }>(await query('merchant.commissions.list', merchant, {}));
    const rows = Array.isArray(listed) ? listed : listed.rows;
    expect(rows.some((r) => r.flags.includes('flagged_country:BR') && r.awaitingReview), JSON.stringify(rows).slice(0, 500)).toBe(true);
  });

  it('other countries pass: the click is unique, the sale carries no country flag', async () => {
    const c = await clickFrom(GB);
    expect(c.row).toMatchObject({ isRepeat: false, flag: null });
    const res = await post('/t/sale', { account: 'demo', orderId: uniq('cc-o'), total: '40.00', visitorId: c.visitorId }, from(US));
    expect(res.json.status).toBe('attributed');
    expect(res.json.flags ?? []).toEqual([]);
    expect((await serverSale(US)).json.flags ?? []).toEqual([]);
  });

  it('with the lists emptied, the same countries pass again', async () => {
    const saved = await mutate('settings.updateFraud', { ...fraud, blockedCountries: '', flaggedCountries: '' }, merchant);
    expect(dataOf(saved)).toMatchObject({ blockedCountries: [], flaggedCountries: [] });
    // Another Russian address (the first one's click would be a repeat within the window).
    expect((await clickFrom(RU2)).row).toMatchObject({ isRepeat: false, flag: null });
    expect((await serverSale(BR)).json.flags ?? []).toEqual([]);
  });
});

describe('program terms', () => {
  const TERMS = 'No paid search on our brand.\r\n\r\n\r\n\r\nCommissions on refunded orders are reversed.  \n<b>Not bold</b>';
  const STORED = 'No paid search on our brand.\n\nCommissions on refunded orders are reversed.\n<b>Not bold</b>';

  it('refuses control characters and an over-long text, changing nothing', async () => {
    expect((await mutate('settings.updateProgramTerms', { programTerms: 'a\u0007b' }, merchant)).text).toContain('Plain text only');
    const long = await mutate('settings.updateProgramTerms', { programTerms: 'x'.repeat(20_001) }, merchant);
    expect(long.status).toBe(400);
    expect(long.text).toContain('At most 20,000 characters');
    expect(dataOf<{ merchant: { programTerms: string } }>(await query('settings.get', merchant)).merchant.programTerms).toBe('');
  });

  it('are saved tidied, audited, and shown as plain text on the dashboard, the links page and the sign-up page', async () => {
    const saved = await mutate('settings.updateProgramTerms', { programTerms: TERMS }, merchant);
    expect(saved.status, saved.text).toBe(200);
    expect(dataOf(saved)).toEqual({ programTerms: STORED });
    const audit = dataOf<{ rows: { action: string; details: Record<string, { to: unknown }> }[] }>(
      await query('settings.audit.list', merchant, { action: 'merchant.program_terms' }),
    ).rows;
    expect(audit[0]?.details.programTerms?.to).toBe(STORED);

    const affiliate = (await signInWith({ email: DEMO.affiliateEmail, password: DEMO.affiliatePassword })).cookie!;
    const terms = dataOf<{ programTerms: string }>(await query('affiliate.terms', affiliate));
    expect(terms.programTerms).toBe(STORED);
    for (const [path, cookie] of [['/affiliate', affiliate], ['/affiliate/links', affiliate], ['/join/demo', '']] as const) {
      const page = await request(path, { headers: { cookie } });
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain('Program terms');
      expect(page.text, path).toContain('Commissions on refunded orders are reversed.');
      // Text, never markup.
      expect(page.text, path).toContain('&lt;b&gt;Not bold&lt;/b&gt;');
      expect(page.text, path).not.toContain('<b>Not bold</b>');
    }
  });

  it('empty terms leave the section out', async () => {
    await mutate('settings.updateProgramTerms', { programTerms: '  \n ' }, merchant);
    const affiliate = (await signInWith({ email: DEMO.affiliateEmail, password: DEMO.affiliatePassword })).cookie!;
    for (const [path, cookie] of [['/affiliate', affiliate], ['/join/demo', '']] as const) {
      const page = await request(path, { headers: { cookie } });
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toContain('program-terms-text');
    }
  });
});
