// The hostnames redirect-mode links may send visitors to and affiliate links may
// deep-link into. The website's own host must stay in the list.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants } from '@/db/schema';
import { AppError } from '../errors';
import { audit, type Actor } from '../audit';
import { invalidateLookups } from '../tracking/lookups';
import { allowedDomainsSchema, type AllowedDomainsInput } from './schemas';

/** The hostname of an absolute website URL, or undefined for a path of this app (`/demo/shop`). */
export function websiteHost(websiteUrl: string | null): string | undefined {
  if (!websiteUrl || websiteUrl.startsWith('/')) return undefined;
  try {
    return new URL(websiteUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export async function setAllowedDomains(db: Db, merchantId: string, actor: Actor, raw: AllowedDomainsInput) {
  const { domains } = allowedDomainsSchema.parse(raw);
  const result = await db.transaction(async (tx) => {
    const [merchant] = await tx
      .select({ allowedDomains: merchants.allowedDomains, websiteUrl: merchants.websiteUrl })
      .from(merchants)
      .where(eq(merchants.id, merchantId))
      .for('update');
    if (!merchant) throw new AppError('not_found', 'This account no longer exists.');
    const host = websiteHost(merchant.websiteUrl);
    if (host && !domains.includes(host))
      throw new AppError('invalid_request', `domains: your website (${host}) must stay allowed; change the website in Settings first.`);
    await tx.update(merchants).set({ allowedDomains: domains }).where(eq(merchants.id, merchantId));
    await audit(tx, merchantId, actor, 'merchant.allowed_domains', { type: 'merchant', id: merchantId }, {
      from: merchant.allowedDomains,
      to: domains,
    });
    return { domains };
  });
  invalidateLookups();
  return result;
}
