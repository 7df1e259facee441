// Read models of Settings: the account, its default campaign, its blocked affiliates, its team.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, campaigns, merchants, users } from '@/db/schema';
import { pendingInvitations } from '../auth/account-tokens';

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

/** The team, each with their role, two-factor state and — until they set a password — their invitation. */
export async function listTeam(db: Db, merchantId: string) {
  const [rows, invitations] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        teamRole: users.teamRole,
        createdAt: users.createdAt,
        lastSignInAt: users.lastSignInAt,
        pending: sql<boolean>`${users.passwordHash} = ''`,
        twoFactor: sql<boolean>`${users.totpEnabledAt} is not null`,
      })
      .from(users)
      .where(and(eq(users.merchantId, merchantId), eq(users.role, 'merchant')))
      .orderBy(asc(users.createdAt), asc(users.email)),
    pendingInvitations(db, merchantId),
  ]);
  // Pending with no live link: the invitation expired (send it again) — never a password to hand over.
  return rows.map((r) => ({ ...r, pending: !!r.pending, twoFactor: !!r.twoFactor, invitationExpiresAt: r.pending ? (invitations.get(r.id) ?? null) : null }));
}
