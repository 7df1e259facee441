// Server-to-server API keys: created with a name and shown once, stored only as a
// SHA-256 hash with a short prefix to recognise it by; revoked, never deleted.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiKeys } from '@/db/schema';
import { AppError } from '../errors';
import { newApiKey, sha256Hex } from '../ids';
import { isUuid } from '../queries/affiliates';
import { audit, type Actor } from '../audit';
import { invalidateLookups } from '../tracking/lookups';
import { apiKeyCreateSchema, type ApiKeyCreateInput } from './schemas';

/** How much of a key the list shows: `sk_live_` and four characters of the secret. */
export const API_KEY_PREFIX_LENGTH = 12;

export async function createApiKey(db: Db, merchantId: string, actor: Actor, raw: ApiKeyCreateInput) {
  const input = apiKeyCreateSchema.parse(raw);
  const key = newApiKey();
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiKeys)
      .values({ merchantId, name: input.name, scope: input.scope, prefix: key.slice(0, API_KEY_PREFIX_LENGTH), keyHash: sha256Hex(key) })
      .returning({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    await audit(tx, merchantId, actor, 'api_key.create', { type: 'api_key', id: inserted!.id }, { name: input.name, scope: input.scope, prefix: inserted!.prefix });
    return inserted!;
  });
  invalidateLookups();
  // The only time the key itself leaves the server.
  return { ...row, key };
}

export async function revokeApiKey(db: Db, merchantId: string, actor: Actor, id: string) {
  if (!isUuid(id)) throw new AppError('not_found', 'No such API key.');
  const row = await db.transaction(async (tx) => {
    const [key] = await tx
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.merchantId, merchantId), eq(apiKeys.id, id)));
    if (!key) throw new AppError('not_found', 'No such API key.');
    if (key.revokedAt) return key;
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.merchantId, merchantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt });
    await audit(tx, merchantId, actor, 'api_key.revoke', { type: 'api_key', id }, { name: key.name, prefix: key.prefix });
    return updated ?? key;
  });
  invalidateLookups();
  return row;
}
