// Account settings: name, default currency, website, auto-approval of new affiliates,
// and the default campaign's attribution settings (cookie days, model, fingerprint window).
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { campaigns, merchants } from '@/db/schema';
import { AppError } from '../errors';
import { websiteHost } from '../integration/allowed-domains';
import { invalidateLookups } from '../tracking/lookups';
import { audit, type Actor } from '../audit';
import {
  accountSettingsSchema,
  defaultCampaignSchema,
  fraudSettingsSchema,
  programTermsSchema,
  type AccountSettingsInput,
  type ProgramTermsInput,
  type DefaultCampaignInput,
  type FraudSettingsInput,
} from './schemas';

/** The fields that differ, as `{field: {from, to}}` for the audit record. */
function changes<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after))
    if (Array.isArray(v) ? JSON.stringify(before[k]) !== JSON.stringify(v) : before[k] !== v) out[k] = { from: before[k], to: v };
  return out;
}

export async function updateAccountSettings(db: Db, merchantId: string, actor: Actor, raw: AccountSettingsInput) {
  const input = accountSettingsSchema.parse(raw);
  const next = {
    name: input.name,
    defaultCurrency: input.defaultCurrency,
    websiteUrl: input.websiteUrl === '' ? null : input.websiteUrl,
    autoApproveAffiliates: input.autoApproveAffiliates,
  };
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(merchants).where(eq(merchants.id, merchantId)).for('update');
    if (!before) throw new AppError('not_found', 'This account no longer exists.');
    const host = websiteHost(next.websiteUrl);
    if (host && !before.allowedDomains.includes(host))
      throw new AppError(
        'invalid_request',
        `websiteUrl: ${host} is not one of your allowed domains (${before.allowedDomains.join(', ') || 'none'}); add it under Tools › Integration first.`,
      );
    const [row] = await tx.update(merchants).set(next).where(eq(merchants.id, merchantId)).returning();
    await audit(tx, merchantId, actor, 'merchant.settings', { type: 'merchant', id: merchantId }, changes(before, next));
    return row!;
  });
  invalidateLookups();
  return updated;
}

export async function updateDefaultCampaign(db: Db, merchantId: string, actor: Actor, raw: DefaultCampaignInput) {
  const input = defaultCampaignSchema.parse(raw);
  const updated = await db.transaction(async (tx) => {
    const where = and(eq(campaigns.merchantId, merchantId), eq(campaigns.isDefault, true));
    const [before] = await tx.select().from(campaigns).where(where).for('update');
    if (!before) throw new AppError('not_found', 'This account has no default campaign.');
    const [row] = await tx.update(campaigns).set(input).where(and(where, eq(campaigns.id, before.id))).returning();
    await audit(tx, merchantId, actor, 'campaign.defaults', { type: 'campaign', id: before.id }, changes(before, input));
    return row!;
  });
  invalidateLookups();
  return updated;
}

/** Fraud protection: the repeat-click window, fast conversions, affiliate sign-in IPs, the IP and country blocklists. */
export async function updateFraudSettings(db: Db, merchantId: string, actor: Actor, raw: FraudSettingsInput) {
  const parsed = fraudSettingsSchema.parse(raw);
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(merchants).where(eq(merchants.id, merchantId)).for('update');
    if (!before) throw new AppError('not_found', 'This account no longer exists.');
    // A country list left out stays as it is; the two lists never share a country.
    const next = {
      ...parsed,
      blockedCountries: parsed.blockedCountries ?? before.blockedCountries,
      flaggedCountries: parsed.flaggedCountries ?? before.flaggedCountries,
    };
    const both = next.flaggedCountries.filter((c) => next.blockedCountries.includes(c));
    if (both.length)
      throw new AppError('invalid_request', `flaggedCountries: ${both.join(', ')} ${both.length === 1 ? 'is' : 'are'} blocked already: a country is either blocked or flagged.`);
    const [row] = await tx.update(merchants).set(next).where(eq(merchants.id, merchantId)).returning();
    await audit(tx, merchantId, actor, 'merchant.fraud_settings', { type: 'merchant', id: merchantId }, changes(before, next));
    return row!;
  });
  // The tracker reads these through its cache: drop it so /t/* applies them at once here.
  invalidateLookups();
  return {
    repeatClickWindowMinutes: updated.repeatClickWindowMinutes,
    fastConversionSeconds: updated.fastConversionSeconds,
    flagAffiliateIps: updated.flagAffiliateIps,
    blockedIps: updated.blockedIps,
    blockedCountries: updated.blockedCountries,
    flaggedCountries: updated.flaggedCountries,
  };
}

/** Settings › Program terms: the text affiliates read on their dashboard, links page and the sign-up page. */
export async function updateProgramTerms(db: Db, merchantId: string, actor: Actor, raw: ProgramTermsInput) {
  const next = programTermsSchema.parse(raw);
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ programTerms: merchants.programTerms }).from(merchants).where(eq(merchants.id, merchantId)).for('update');
    if (!before) throw new AppError('not_found', 'This account no longer exists.');
    const [row] = await tx.update(merchants).set(next).where(eq(merchants.id, merchantId)).returning({ programTerms: merchants.programTerms });
    const changed = changes(before, next);
    if (Object.keys(changed).length) await audit(tx, merchantId, actor, 'merchant.program_terms', { type: 'merchant', id: merchantId }, changed);
    return row!;
  });
}
