// Read models of Settings: the account, its default campaign, its team.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { campaigns, merchants, users } from '@/db/schema';

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
  return { merchant, defaultCampaign: defaultCampaign ?? null };
}

export async function listTeam(db: Db, merchantId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, createdAt: users.createdAt, lastSignInAt: users.lastSignInAt })
    .from(users)
    .where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant')))
    .orderBy(asc(users.createdAt), asc(users.email));
}
