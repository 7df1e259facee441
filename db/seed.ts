// The demo program of TRACKING-API.md §6, fixed so tests and tutorials can rely on it.
import { eq } from 'drizzle-orm';
import { sha256Hex } from '../lib/ids';
import { hashPassword } from '../lib/password-hash';
import { webhookProviderNames } from './enums';
import type { Db } from './client';
import * as s from './schema';

export const DEMO = {
  account: 'demo',
  merchantEmail: 'merchant@example.com',
  merchantPassword: 'demo-merchant',
  affiliateEmail: 'affiliate@example.com',
  affiliatePassword: 'demo-affiliate',
  affiliateRefId: 'demo-aff',
  subAffiliateRefId: 'demo-sub',
  campaignId: 'cmp_demo',
  coupon: 'DEMO10',
  apiKey: 'sk_demo_0000000000000000',
  webhookSecret: 'whsec_demo',
  shopPath: '/demo/shop',
} as const;

/** Seeds the demo program unless the account exists already. Returns whether it seeded. */
export async function seedDemo(db: Db): Promise<boolean> {
  const existing = await db.select({ id: s.merchants.id }).from(s.merchants).where(eq(s.merchants.id, DEMO.account));
  if (existing.length > 0) return false;
  const [merchantHash, affiliateHash] = await Promise.all([
    hashPassword(DEMO.merchantPassword),
    hashPassword(DEMO.affiliatePassword),
  ]);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(s.merchants)
      .values({
        id: DEMO.account,
        name: 'Demo Shop',
        defaultCurrency: 'USD',
        allowedDomains: ['localhost', '127.0.0.1'],
        websiteUrl: DEMO.shopPath,
      })
      .onConflictDoNothing()
      .returning({ id: s.merchants.id });
    if (inserted.length === 0) return false; // another start seeded it first
    const merchantId = DEMO.account;
    const [aff] = await tx
      .insert(s.affiliates)
      .values({
        merchantId,
        refId: DEMO.affiliateRefId,
        name: 'Demo Affiliate',
        email: DEMO.affiliateEmail,
        status: 'approved',
        website: 'https://affiliate.example.com',
      })
      .returning();
    await tx.insert(s.affiliates).values({
      merchantId,
      refId: DEMO.subAffiliateRefId,
      name: 'Demo Sub-affiliate',
      email: 'sub-affiliate@example.com',
      status: 'approved',
      parentId: aff!.id,
    });
    await tx.insert(s.users).values([
      { merchantId, role: 'merchant', email: DEMO.merchantEmail, name: 'Demo Merchant', passwordHash: merchantHash },
      {
        merchantId,
        role: 'affiliate',
        email: DEMO.affiliateEmail,
        name: 'Demo Affiliate',
        passwordHash: affiliateHash,
        affiliateId: aff!.id,
      },
    ]);
    await tx.insert(s.campaigns).values({
      id: DEMO.campaignId,
      merchantId,
      name: 'Default campaign',
      isDefault: true,
      currency: 'USD',
      cookieDays: 30,
      attributionModel: 'last_click',
      lifetimeCommissions: true,
      recurringCommissions: true,
      autoApprove: false,
      fingerprintWindowHours: 24,
    });
    await tx.insert(s.commissionRules).values([
      { merchantId, campaignId: DEMO.campaignId, actionCode: '', tier: 1, kind: 'percent', percentBp: 1000 },
      { merchantId, campaignId: DEMO.campaignId, actionCode: '', tier: 2, kind: 'percent', percentBp: 200 },
      { merchantId, campaignId: DEMO.campaignId, actionCode: 'signup', tier: 1, kind: 'fixed', fixedAmount: 200 },
    ]);
    await tx
      .insert(s.coupons)
      .values({ merchantId, code: DEMO.coupon, affiliateId: aff!.id, campaignId: DEMO.campaignId });
    await tx.insert(s.apiKeys).values({
      merchantId,
      name: 'Demo key',
      prefix: DEMO.apiKey.slice(0, 12),
      keyHash: sha256Hex(DEMO.apiKey),
    });
    await tx
      .insert(s.webhookSecrets)
      .values(webhookProviderNames.map((provider) => ({ merchantId, provider, secret: DEMO.webhookSecret })));
    return true;
  });
}
