// Fraud protection (issue #8, item 1) against a real database: repeat clicks marked in
// the click writer's INSERT (by visitor, by IP, within a batch, window expiry), the IP
// and affiliate blocklists, sales from the affiliate's sign-in IP, fast conversions,
// self-referrals, and the hold that keeps flagged commissions out of auto-approval and
// payouts until a merchant reviews them. Flags never change the tracker's answers.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { authenticate } from '@/server/auth/sign-in';
import { autoApproveDue } from '@/server/commissions/review';
import { isSelfReferral, mailboxOf } from '@/server/fraud/conversion-flags';
import { canonicalIp, formatIpRange, IpBlocklist, parseIpRange } from '@/server/fraud/ip';
import { newVisitorId } from '@/server/ids';
import { owedBalances } from '@/server/payouts';
import { fraudSettingsSchema } from '@/server/settings/schemas';
import { ClickWriter } from '@/server/tracking/click-writer';
import { invalidateLookups } from '@/server/tracking/lookups';
import { clickInput } from '@/server/tracking/inputs';
import { recordClick } from '@/server/tracking/record-click';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';
import { sessionOf as session, refusalCode as trpcCode } from './helpers/trpc';

let t: TestDb;
let merchantUserId: string;
let aff: s.Affiliate;
let rival: s.Affiliate;
let n = 0;
const order = () => `fraud-order-${++n}`;
// Each test its own addresses, so the repeat rule of one test never sees another's clicks.
const nextIp = () => `198.18.${Math.floor(n / 250)}.${(n++ % 250) + 1}`;

const merchant = () => createCaller({ db: t.db, session: session({ role: 'merchant', teamRole: 'owner', merchantId: 'demo', id: merchantUserId }), ip: '203.0.113.50' });

const defaults = { repeatClickWindowMinutes: 60, fastConversionSeconds: 10, flagAffiliateIps: true, blockedIps: '' };
const settings = (patch: Partial<typeof defaults>) => merchant().settings.updateFraud({ ...defaults, ...patch });

async function clickFrom(ip: string, opts: { aff?: string; vid?: string; ua?: string } = {}) {
  const r = await recordClick(
    clickInput.parse({ account: 'demo', aff: opts.aff ?? 'demo-aff', vid: opts.vid }),
    { ip, userAgent: opts.ua ?? 'UA-fraud', redirect: false },
  );
  const [row] = await t.db.select().from(s.clicks).where(eq(s.clicks.id, r.clickId));
  return { ...r, row: row! };
}

const conversionRow = async (id: string) => (await t.db.select().from(s.conversions).where(eq(s.conversions.id, id)))[0]!;
const commissionsOfConversion = (id: string) => t.db.select().from(s.commissions).where(eq(s.commissions.conversionId, id));
/** Moves a click into the past, and the marks it left (click_marks: what repeat detection reads) with it. */
const backdateClick = (id: number, ms: number) =>
  t.db.execute(sql`
    with c as (
      update clicks set created_at = created_at - make_interval(secs => ${ms / 1000}) where id = ${id}
      returning merchant_id, affiliate_id, visitor_id, ip
    )
    update click_marks m set last_at = m.last_at - make_interval(secs => ${ms / 1000})
    from c where m.merchant_id = c.merchant_id and m.affiliate_id = c.affiliate_id and m.subject in ('v' || c.visitor_id, 'i' || c.ip)`);

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  merchantUserId = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!.id;
  aff = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
  rival = (await t.db
    .insert(s.affiliates)
    .values({ merchantId: 'demo', refId: 'rival', name: 'Rival', email: 'rival@example.com', status: 'approved' })
    .returning())[0]!;
});
beforeEach(async () => {
  await settings({});
  invalidateLookups();
});
afterAll(async () => {
  await t?.close();
});

describe('IP addresses and ranges', () => {
  it('parses IPv4, IPv6 and CIDR ranges to a canonical form, and refuses what is not one', () => {
    expect(formatIpRange(parseIpRange('203.0.113.7')!)).toBe('203.0.113.7');
    expect(formatIpRange(parseIpRange('198.51.100.77/24')!)).toBe('198.51.100.0/24');
    expect(formatIpRange(parseIpRange('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1');
    expect(formatIpRange(parseIpRange('2001:db8:abcd::/32')!)).toBe('2001:db8::/32');
    expect(formatIpRange(parseIpRange('::ffff:192.0.2.1')!)).toBe('192.0.2.1');
    expect(canonicalIp('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalIp('unknown')).toBe('unknown');
    for (const bad of ['1.2.3', '1.2.3.256', '01.2.3.4', '1.2.3.4/33', '2001:db8::/129', '1::2::3', 'gggg::1', 'localhost', '1.2.3.4/', '/8', '1.2.3.4/8/8', ''])
      expect(parseIpRange(bad), bad).toBeUndefined();
  });

  it('matches addresses in ranges, IPv4 in either spelling', () => {
    const list = new IpBlocklist(['203.0.113.7', '198.51.100.0/24', '2001:db8::/32', '10.0.0.0/8']);
    expect(list.has('203.0.113.7')).toBe(true);
    expect(list.has('203.0.113.8')).toBe(false);
    expect(list.has('198.51.100.255')).toBe(true);
    expect(list.has('198.51.101.0')).toBe(false);
    expect(list.has('::ffff:198.51.100.9')).toBe(true);
    expect(list.has('2001:db8:1234::99')).toBe(true);
    expect(list.has('2001:db9::1')).toBe(false);
    expect(list.has('10.255.1.2')).toBe(true);
    expect(list.has('unknown')).toBe(false);
    expect(new IpBlocklist(['::/0']).has('2606:4700::1')).toBe(true);
  });
});

describe('settings', () => {
  it('validates with readable errors naming the bad lines', () => {
    const r = fraudSettingsSchema.safeParse({ ...defaults, blockedIps: '203.0.113.7\n\nnot-an-ip\n10.0.0.0/33 # typo' });
    expect(r.success).toBe(false);
    const message = r.error!.issues.find((i) => i.path[0] === 'blockedIps')!.message;
    expect(message).toContain('line 3: “not-an-ip”');
    expect(message).toContain('line 4: “10.0.0.0/33”');
    expect(fraudSettingsSchema.safeParse({ ...defaults, repeatClickWindowMinutes: -1 }).success).toBe(false);
    expect(fraudSettingsSchema.safeParse({ ...defaults, fastConversionSeconds: 1.5 }).success).toBe(false);
    expect(fraudSettingsSchema.safeParse({ ...defaults, blockedIps: Array(1001).fill(0).map((_, i) => `10.0.${i >> 8}.${i & 255}`).join('\n') }).success).toBe(false);
  });

  it('stores the blocklist canonical and de-duplicated, audits the change, and refuses bad input changing nothing', async () => {
    const saved = await settings({ blockedIps: '203.0.113.9, 198.51.100.7/24\n# office\n2001:DB8::/32\n203.0.113.9', fastConversionSeconds: 30 });
    expect(saved.blockedIps).toEqual(['203.0.113.9', '198.51.100.0/24', '2001:db8::/32']);
    expect(saved.fastConversionSeconds).toBe(30);
    const [audit] = await t.db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.merchantId, 'demo'), eq(s.auditLog.action, 'merchant.fraud_settings')))
      .orderBy(sql`id desc`)
      .limit(1);
    expect(audit!.details).toMatchObject({ blockedIps: { to: ['203.0.113.9', '198.51.100.0/24', '2001:db8::/32'] } });
    expect(await trpcCode(settings({ blockedIps: '1.2.3.4\nbad' }))).toBe('BAD_REQUEST');
    const [row] = await t.db.select().from(s.merchants).where(eq(s.merchants.id, 'demo'));
    expect(row!.blockedIps).toEqual(['203.0.113.9', '198.51.100.0/24', '2001:db8::/32']);
  });

  it('only a merchant changes them; an affiliate cannot', async () => {
    const affCaller = createCaller({ db: t.db, session: session({ role: 'affiliate', merchantId: 'demo', affiliateId: aff.id }), ip: '203.0.113.1' });
    expect(await trpcCode(affCaller.settings.updateFraud({ ...defaults }))).not.toBe('OK');
    expect(await trpcCode(affCaller.merchant.affiliates.setBlocked({ id: aff.id, blocked: true }))).not.toBe('OK');
  });
});

describe('repeat clicks', () => {
  it('a second click of the same visitor for the same affiliate within the window is stored as a repeat', async () => {
    const first = await clickFrom(nextIp());
    const again = await clickFrom(nextIp(), { vid: first.visitorId });
    expect(first.row).toMatchObject({ isRepeat: false, flag: null });
    expect(again.row).toMatchObject({ isRepeat: true, flag: 'repeat', visitorId: first.visitorId });
    // Another affiliate's click of that visitor is that affiliate's unique click.
    const other = await clickFrom(nextIp(), { vid: first.visitorId, aff: 'rival' });
    expect(other.row).toMatchObject({ isRepeat: false, flag: null });
  });

  it('clicks of different visitors from one IP are repeats after the first; the answer is the same', async () => {
    const ip = nextIp();
    const a = await clickFrom(ip);
    const b = await clickFrom(ip);
    expect(b.visitorId).not.toBe(a.visitorId);
    expect({ ...b, clickId: 0, visitorId: '', row: undefined }).toEqual({ ...a, clickId: 0, visitorId: '', row: undefined });
    expect([a.row.isRepeat, b.row.isRepeat]).toEqual([false, true]);
    // A repeat still counts for attribution: the sale is credited by its cookie.
    const sale = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: order(), total: '10.00', visitorId: b.visitorId });
    expect(sale).toMatchObject({ status: 'attributed', method: 'cookie', affiliate: 'demo-aff' });
    expect((await conversionRow(sale.conversionId)).clickId).toBe(b.clickId);
  });

  it('a click after the window is unique again; window 0 turns the rule off', async () => {
    const ip = nextIp();
    const first = await clickFrom(ip);
    await backdateClick(first.clickId, 61 * 60_000);
    const later = await clickFrom(ip);
    expect(later.row.isRepeat).toBe(false);
    await backdateClick(later.clickId, 59 * 60_000);
    expect((await clickFrom(ip)).row.isRepeat).toBe(true);

    await settings({ repeatClickWindowMinutes: 0 });
    const ip2 = nextIp();
    expect((await clickFrom(ip2)).row.isRepeat).toBe(false);
    expect((await clickFrom(ip2)).row.isRepeat).toBe(false);
  });

  it('marks later duplicates within one group-committed batch, keeping one transaction and the ids in order', async () => {
    const writer = new ClickWriter(async () => t.db);
    const ip = nextIp();
    const vid = newVisitorId();
    const base = { merchantId: 'demo', campaignId: 'cmp_demo' };
    const batch = [
      { ...base, affiliateId: aff.id, visitorId: vid, ip },
      { ...base, affiliateId: aff.id, visitorId: vid, ip: nextIp() }, // same visitor
      { ...base, affiliateId: aff.id, visitorId: newVisitorId(), ip }, // same IP
      { ...base, affiliateId: rival.id, visitorId: vid, ip }, // another affiliate: unique
      { ...base, affiliateId: aff.id, visitorId: newVisitorId(), ip: nextIp() }, // unrelated: unique
      { ...base, affiliateId: aff.id, visitorId: newVisitorId(), ip: 'unknown' }, // no address to compare
      { ...base, affiliateId: aff.id, visitorId: newVisitorId(), ip: 'unknown' },
    ];
    const ids = await Promise.all(batch.map((c, i) => writer.write(c, i !== 1 && i !== 3, 3600)));
    const rows = await t.db.select().from(s.clicks).where(inArray(s.clicks.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => byId.get(id)!.visitorId)).toEqual(batch.map((c) => c.visitorId));
    expect(ids.map((id) => byId.get(id)!.isRepeat)).toEqual([false, true, true, false, false, false, false]);
    expect(ids.map((id) => byId.get(id)!.flag)).toEqual([null, 'repeat', 'repeat', null, null, null, null]);
  });

  it('a failed batch retried row by row still marks repeats (each row sees the ones committed before it)', async () => {
    const writer = new ClickWriter(async () => t.db);
    const ip = nextIp();
    const base = { merchantId: 'demo', campaignId: 'cmp_demo', affiliateId: aff.id, ip };
    // The middle row breaks a NOT NULL, so the batch fails and each click is retried alone.
    const results = await Promise.allSettled([
      writer.write({ ...base, visitorId: newVisitorId() }, true, 3600),
      writer.write({ ...base, visitorId: null as unknown as string }, false, 3600),
      writer.write({ ...base, visitorId: newVisitorId() }, true, 3600),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const ids = results.filter((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled').map((r) => r.value);
    const rows = await t.db.select().from(s.clicks).where(inArray(s.clicks.id, ids));
    expect(ids.map((id) => rows.find((r) => r.id === id)!.isRepeat)).toEqual([false, true]);
  });
});

describe('blocklists', () => {
  it('a click from a blocked IP (single, CIDR, IPv6) is answered and stored, but never as a unique click', async () => {
    await settings({ blockedIps: '192.0.2.10\n198.51.100.0/24\n2001:db8::/32' });
    for (const ip of ['192.0.2.10', '198.51.100.200', '2001:db8::7', '::ffff:198.51.100.3']) {
      const c = await clickFrom(ip);
      expect(c).toMatchObject({ affiliate: 'demo-aff', campaign: 'cmp_demo', cookieDays: 30 });
      expect(c.row, ip).toMatchObject({ isRepeat: true, flag: 'blocked_ip', ip });
    }
    expect((await clickFrom('192.0.2.11')).row).toMatchObject({ isRepeat: false, flag: null });
  });

  it('a sale from a blocked IP, or credited by a click from one, is flagged and keeps its commissions at their normal status', async () => {
    await settings({ blockedIps: '192.0.2.0/28', fastConversionSeconds: 0 });
    const direct = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '50.00', explicitAffiliate: 'demo-aff', ip: '192.0.2.5' });
    expect(direct.flags).toEqual(['blocked_ip']);
    expect(direct.commissions).toEqual([{ affiliate: 'demo-aff', tier: 1, amount: 500, currency: 'USD', status: 'pending' }]);

    const c = await clickFrom('192.0.2.6');
    const viaClick = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '50.00', visitorId: c.visitorId, ip: '203.0.113.99' });
    expect(viaClick).toMatchObject({ status: 'attributed', method: 'cookie', flags: ['blocked_ip'] });
    expect((await conversionRow(viaClick.conversionId)).flags).toEqual(['blocked_ip']);

    const clean = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '50.00', explicitAffiliate: 'demo-aff', ip: '192.0.2.16' });
    expect(clean.flags).toBeUndefined();
  });

  it('a blocklisted affiliate stays tracked: its clicks never count as unique, its conversions are flagged; unblocking is audited too', async () => {
    expect(await trpcCode(merchant().merchant.affiliates.setBlocked({ id: rival.id, blocked: true }))).toBe('OK');
    const c = await clickFrom(nextIp(), { aff: 'rival' });
    expect(c.row).toMatchObject({ isRepeat: true, flag: 'blocked_affiliate' });
    const sale = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '20.00', visitorId: c.visitorId });
    expect(sale).toMatchObject({ affiliate: 'rival', method: 'cookie' });
    expect(sale.flags).toContain('blocked_affiliate');
    expect(sale.commissions[0]).toMatchObject({ affiliate: 'rival', status: 'pending', amount: 200 });

    await merchant().merchant.affiliates.setBlocked({ id: rival.id, blocked: false });
    expect((await clickFrom(nextIp(), { aff: 'rival' })).row).toMatchObject({ isRepeat: false, flag: null });
    const actions = (await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.merchantId, 'demo'), eq(s.auditLog.targetId, rival.id)))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['affiliate.block', 'affiliate.unblock']));
    expect(await trpcCode(merchant().merchant.affiliates.setBlocked({ id: crypto.randomUUID(), blocked: true }))).toBe('NOT_FOUND');
  });
});

describe('conversion checks', () => {
  it('flags a sale from an IP the credited affiliate signed in from (and only when the setting is on)', async () => {
    await settings({ fastConversionSeconds: 0 });
    await authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '::ffff:203.0.113.77' });
    const [seen] = await t.db.select().from(s.affiliateSignInIps).where(eq(s.affiliateSignInIps.affiliateId, aff.id));
    expect(seen).toMatchObject({ ip: '203.0.113.77', merchantId: 'demo' });
    // A merchant's sign-in records nothing.
    await authenticate(t.db, { email: 'merchant@example.com', password: 'demo-merchant', ip: '203.0.113.78' });
    expect(await t.db.select().from(s.affiliateSignInIps).where(eq(s.affiliateSignInIps.ip, '203.0.113.78'))).toHaveLength(0);

    const own = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '10.00', explicitAffiliate: 'demo-aff', ip: '203.0.113.77' });
    expect(own.flags).toEqual(['affiliate_ip']);
    const elsewhere = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '10.00', explicitAffiliate: 'demo-aff', ip: '203.0.113.79' });
    expect(elsewhere.flags).toBeUndefined();
    // Another affiliate's sale from that address is not this affiliate's.
    const others = await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '10.00', explicitAffiliate: 'rival', ip: '203.0.113.77' });
    expect(others.flags).toBeUndefined();
    // An address last seen long ago is forgotten.
    await t.db.update(s.affiliateSignInIps).set({ lastSeenAt: new Date(Date.now() - 91 * 86_400_000) }).where(eq(s.affiliateSignInIps.affiliateId, aff.id));
    expect((await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '10.00', explicitAffiliate: 'demo-aff', ip: '203.0.113.77' })).flags).toBeUndefined();
    await authenticate(t.db, { email: 'affiliate@example.com', password: 'demo-affiliate', ip: '203.0.113.77' });
    await settings({ fastConversionSeconds: 0, flagAffiliateIps: false });
    expect((await recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '10.00', explicitAffiliate: 'demo-aff', ip: '203.0.113.77' })).flags).toBeUndefined();
  });

  it('flags a conversion within N seconds of its click, not a later one, and not with the rule off', async () => {
    const quick = await clickFrom(nextIp());
    const fast = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '10.00', visitorId: quick.visitorId });
    expect(fast).toMatchObject({ method: 'cookie', flags: ['fast_conversion'] });
    expect(fast.commissions[0]!.status).toBe('pending');

    const slow = await clickFrom(nextIp());
    await backdateClick(slow.clickId, 11_000);
    expect((await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '10.00', visitorId: slow.visitorId })).flags).toBeUndefined();

    // IP + user-agent attribution counts too.
    const ip = nextIp();
    await clickFrom(ip, { ua: 'UA-fast' });
    const byFingerprint = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '10.00', ip, userAgent: 'UA-fast' });
    expect(byFingerprint).toMatchObject({ method: 'ip_ua', flags: ['fast_conversion'] });

    await settings({ fastConversionSeconds: 0 });
    const off = await clickFrom(nextIp());
    expect((await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '10.00', visitorId: off.visitorId })).flags).toBeUndefined();
  });

  it('refuses a self-referral: the affiliate’s own mailbox as the customer earns nothing and links no customer', async () => {
    await settings({ fastConversionSeconds: 0 });
    expect(mailboxOf(' Ann.Lee+shop@GoogleMail.com ')).toBe('annlee@gmail.com');
    expect(mailboxOf('ann.lee+x@example.com')).toBe('ann.lee@example.com');
    expect(isSelfReferral({ email: 'affiliate@example.com' }, 'AFFILIATE+promo@example.com')).toBe(true);
    expect(isSelfReferral({ email: 'affiliate@example.com' }, 'someone@example.com')).toBe(false);

    const c = await clickFrom(nextIp());
    const self = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '80.00', visitorId: c.visitorId, customerEmail: 'Affiliate+Shop@Example.com' });
    expect(self).toMatchObject({ status: 'attributed', affiliate: 'demo-aff', commissions: [], flags: ['self_referral'] });
    expect(await t.db.select().from(s.customers).where(eq(s.customers.firstConversionId, self.conversionId))).toHaveLength(0);
    // Sent again it is the same conversion, flags and all.
    const again = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: (await conversionRow(self.conversionId)).orderId!, total: '80.00', visitorId: c.visitorId });
    expect(again).toMatchObject({ status: 'duplicate', conversionId: self.conversionId, flags: ['self_referral'] });

    const fair = await recordConversion(t.db, { merchantId: 'demo', source: 'js', orderId: order(), total: '80.00', visitorId: c.visitorId, customerEmail: 'buyer@example.com' });
    expect(fair.flags).toBeUndefined();
    expect(fair.commissions).toHaveLength(1);
  });
});

describe('review of flagged commissions', () => {
  /** An approved commission of a conversion flagged from a blocked IP, and a clean one, both owed to `affiliate`. */
  async function approvedPair(affiliate: s.Affiliate) {
    await settings({ blockedIps: '192.0.2.99', fastConversionSeconds: 0 });
    const sale = (ip: string) =>
      recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '600.00', explicitAffiliate: affiliate.refId, ip, forcedStatus: 'approved' });
    const flagged = await sale('192.0.2.99');
    const clean = await sale('192.0.2.98');
    expect(flagged.flags).toEqual(['blocked_ip']);
    expect(flagged.commissions[0]!.status).toBe('approved');
    const [fc] = await commissionsOfConversion(flagged.conversionId);
    const [cc] = await commissionsOfConversion(clean.conversionId);
    return { flagged, clean, flaggedCommission: fc!, cleanCommission: cc! };
  }
  const owedTo = async (affiliateId: string) => (await owedBalances(t.db, 'demo')).find((r) => r.affiliateId === affiliateId);

  it('a flagged approved commission is not owed and not paid until reviewed; clearing the flags releases it, audited', async () => {
    const payee = (await t.db
      .insert(s.affiliates)
      .values({ merchantId: 'demo', refId: uniqRef(), name: 'Payee', email: `${uniqRef()}@example.com`, status: 'approved' })
      .returning())[0]!;
    const { flagged, flaggedCommission, cleanCommission } = await approvedPair(payee);
    expect(await owedTo(payee.id)).toMatchObject({ amount: 6000, commissions: 1 });
    const heldBefore = (await merchant().payouts.owed({ minimum: '0.01' })).held;
    expect(heldBefore).toBeGreaterThanOrEqual(1);

    const batch = await merchant().payouts.createBatch({ minimum: '0.01', items: [{ affiliateId: payee.id, currency: 'USD' }] });
    const inBatch = await t.db.select().from(s.commissions).where(inArray(s.commissions.id, [flaggedCommission.id, cleanCommission.id]));
    expect(inBatch.find((c) => c.id === cleanCommission.id)!.payoutId).toBe(batch.payouts[0]!.id);
    expect(inBatch.find((c) => c.id === flaggedCommission.id)!.payoutId).toBeNull();
    expect(batch.payouts[0]).toMatchObject({ amount: 6000, commissions: 1 });
    expect(await owedTo(payee.id)).toBeUndefined();

    const list = await merchant().reviews.list({ filter: { order: (await conversionRow(flagged.conversionId)).orderId! } });
    expect(list.rows[0]).toMatchObject({ flags: ['blocked_ip'], awaitingReview: true });

    expect(await merchant().reviews.clearFlags({ ids: [flaggedCommission.id] })).toEqual({ reviewed: 1 });
    expect((await merchant().payouts.owed({ minimum: '0.01' })).held).toBe(heldBefore - 1);
    expect(await merchant().reviews.clearFlags({ ids: [flaggedCommission.id] })).toEqual({ reviewed: 0 });
    const conv = await conversionRow(flagged.conversionId);
    expect(conv).toMatchObject({ reviewedBy: merchantUserId, flags: ['blocked_ip'] });
    expect(conv.reviewedAt).toBeInstanceOf(Date);
    const [audit] = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'conversion.review'), eq(s.auditLog.targetId, flagged.conversionId)));
    expect(audit).toMatchObject({ actorUserId: merchantUserId, ip: '203.0.113.50', details: { flags: ['blocked_ip'] } });
    expect((await merchant().reviews.list({ filter: { order: conv.orderId! } })).rows[0]).toMatchObject({ awaitingReview: false });

    expect(await owedTo(payee.id)).toMatchObject({ amount: 6000, commissions: 1 });
    const second = await merchant().payouts.createBatch({ minimum: '0.01', items: [{ affiliateId: payee.id, currency: 'USD' }] });
    expect(second.payouts[0]).toMatchObject({ amount: 6000, commissions: 1 });
  });

  it('flagged pending commissions are not auto-approved until reviewed; approving one is a review', async () => {
    await settings({ blockedIps: '192.0.2.99', fastConversionSeconds: 0 });
    await t.db.update(s.campaigns).set({ autoApproveAfterDays: 7 }).where(eq(s.campaigns.merchantId, 'demo'));
    try {
      const sale = (ip: string) => recordConversion(t.db, { merchantId: 'demo', source: 'api', orderId: order(), total: '10.00', explicitAffiliate: 'demo-aff', ip });
      const held = await sale('192.0.2.99');
      const reviewedLater = await sale('192.0.2.99');
      const approvedByHand = await sale('192.0.2.99');
      const ids = [held, reviewedLater, approvedByHand].map((r) => r.conversionId);
      await t.db.update(s.conversions).set({ createdAt: new Date(Date.now() - 8 * 86_400_000) }).where(inArray(s.conversions.id, ids));
      const commissionOf = async (conversionId: string) => (await commissionsOfConversion(conversionId))[0]!;

      await autoApproveDue(t.db, 'demo');
      for (const id of ids) expect((await commissionOf(id)).status).toBe('pending');

      await merchant().reviews.clearFlags({ ids: [(await commissionOf(reviewedLater.conversionId)).id] });
      await merchant().reviews.approve({ ids: [(await commissionOf(approvedByHand.conversionId)).id] });
      expect((await conversionRow(approvedByHand.conversionId)).reviewedAt).toBeInstanceOf(Date);
      await autoApproveDue(t.db, 'demo');
      expect((await commissionOf(held.conversionId)).status).toBe('pending');
      expect((await commissionOf(reviewedLater.conversionId)).status).toBe('approved');
      expect((await commissionOf(approvedByHand.conversionId)).status).toBe('approved');
      // Declining leaves the hold (a declined commission is never paid anyway).
      await merchant().reviews.decline({ ids: [(await commissionOf(held.conversionId)).id] });
      expect((await conversionRow(held.conversionId)).reviewedAt).toBeNull();
    } finally {
      await t.db.update(s.campaigns).set({ autoApproveAfterDays: null }).where(eq(s.campaigns.merchantId, 'demo'));
    }
  });

  it('clearing flags refuses another merchant’s or unknown commissions and changes nothing', async () => {
    expect(await trpcCode(merchant().reviews.clearFlags({ ids: [crypto.randomUUID()] }))).toBe('NOT_FOUND');
    expect(await trpcCode(merchant().reviews.clearFlags({ ids: ['nope'] }))).toBe('NOT_FOUND');
    expect(await trpcCode(merchant().reviews.clearFlags({ ids: [] }))).toBe('BAD_REQUEST');
  });
});

function uniqRef() {
  return `payee-${crypto.randomUUID().slice(0, 8)}`;
}
