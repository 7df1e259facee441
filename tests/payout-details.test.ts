// Where an affiliate is paid: a payout batch keeps the details it was made with (a change
// afterwards does not redirect its money); changing them takes the affiliate's password, is
// audited, and shows on the affiliate's page in the merchant panel.
import { and, eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import { batchCsv, paypalFile } from '@/server/payouts';
import { getPayoutBatch } from '@/server/queries/payouts';
import { recordConversion } from '@/server/tracking/record-conversion';
import { createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';

let t: TestDb;
let aff: s.Affiliate;
let affUser: s.User;
let merchantUser: s.User;
const ctx = (u: s.User) => ({
  db: t.db,
  ip: '192.0.2.81',
  session: { user: { id: u.id, email: u.email, role: u.role, merchantId: u.merchantId, affiliateId: u.affiliateId, teamRole: u.teamRole }, expires: '2099-01-01' } as Session,
});
const asAffiliate = () => createCaller(ctx(affUser));
const asMerchant = () => createCaller(ctx(merchantUser));

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  aff = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.refId, 'demo-aff')))[0]!;
  affUser = (await t.db.select().from(s.users).where(eq(s.users.affiliateId, aff.id)))[0]!;
  merchantUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!;
});
afterAll(async () => {
  await t?.close();
});

describe('payout details', () => {
  it('a change needs the current password; a wrong one changes nothing and writes no audit row', async () => {
    const before = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, aff.id)))[0]!;
    await expect(
      asAffiliate().affiliate.updatePayoutDetails({ payoutMethod: 'paypal', paypalEmail: 'thief@pay.example', currentPassword: 'not-my-password' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'currentPassword: this is not your password.' });
    await expect(asAffiliate().affiliate.updatePayoutDetails({ payoutMethod: 'paypal', paypalEmail: 'thief@pay.example' } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const after = (await t.db.select().from(s.affiliates).where(eq(s.affiliates.id, aff.id)))[0]!;
    expect(after.payoutDetails).toEqual(before.payoutDetails);
    expect(await t.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'affiliate.payout_details'))).toEqual([]);
  });

  it('a batch pays the details it was made with; the change is audited and shown to the merchant', async () => {
    const saved = await asAffiliate().affiliate.updatePayoutDetails({
      payoutMethod: 'bank_transfer', accountHolder: 'Demo Affiliate', iban: 'DE89 3704 0044 0532 0130 00', currentPassword: 'demo-affiliate',
    });
    expect(saved.changedAt).toBeInstanceOf(Date);
    const r = await recordConversion(t.db, { merchantId: 'demo', source: 'test', orderId: 'snap-1', total: '300.00', explicitAffiliate: 'demo-aff' });
    const [c] = await t.db.select().from(s.commissions).where(and(eq(s.commissions.conversionId, r.conversionId), eq(s.commissions.tier, 1)));
    await asMerchant().reviews.approve({ ids: [c!.id] });
    const batch = await asMerchant().payouts.createBatch({ minimum: '0', items: [{ affiliateId: aff.id, currency: 'USD' }] });

    // Afterwards the affiliate (or whoever holds its session and password) points the money elsewhere.
    await asAffiliate().affiliate.updatePayoutDetails({ payoutMethod: 'paypal', paypalEmail: 'elsewhere@pay.example', currentPassword: 'demo-affiliate' });

    const rows = await getPayoutBatch(t.db, 'demo', batch.batchId);
    const csv = batchCsv(rows);
    expect(csv).toContain('DE89370400440532013000');
    expect(csv).not.toContain('elsewhere@pay.example');
    // Nor does a PayPal file of that batch pay the new PayPal address.
    expect(() => paypalFile(rows, { currency: 'USD', programName: 'Demo' })).toThrow();

    const audit = await t.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'affiliate.payout_details'));
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorUserId === affUser.id && a.targetId === aff.id && a.ip === '192.0.2.81')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('DE89');
    const stats = await asMerchant().merchant.affiliates.stats({ id: aff.id, days: 30 });
    expect(stats.affiliate.payoutDetailsChangedAt?.getTime()).toBe(Math.max(...audit.map((a) => a.createdAt.getTime())));
  });
});
