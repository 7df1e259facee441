// Read models of Settings: the account, its default campaign, its blocked affiliates, its team.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, campaigns, merchants, users } from '@/db/schema';

export async function accountSettings(db: Db, merchantId: string) {
  const [merchant] = await db.select().from(merchants).where(eq(merchants.id, merchantId));
  if (!merchant) return undefined;
  const [defaultCampaign] = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      currency: campaigns.currency,
      cookieDays: campaigns.cookieDays,
      attributionModel: campaigns.attributionModel,
      fingerprintWindowHours: campaigns.fingerprintWindowHours,
    })
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, merchantId), eq(campaigns.isDefault, true)));
  const blockedAffiliates = await db
    .select({ id: affiliates.id, name: affiliates.name, refId: affiliates.refId })
    .from(affiliates)
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.blocked, true)))
    .orderBy(asc(affiliates.name));
  return { merchant, defaultCampaign: defaultCampaign ?? null, blockedAffiliates };
}

export async function listTeam(db: Db, merchantId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, createdAt: users.createdAt, lastSignInAt: users.lastSignInAt })
    .from(users)
    .where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant')))
    .orderBy(asc(users.createdAt), asc(users.email));
}
