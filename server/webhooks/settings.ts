// The merchant's webhook settings: one signing secret per provider, on or off.
// Tenant first; the secret itself never leaves the server once saved.
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { auditLog, webhookSecrets } from '@/db/schema';
import { AppError } from '../errors';
import { isWebhookProvider, webhookRegistry, type WebhookProvider } from './registry';
import { webhookEnabledSchema, webhookSecretSchema, type WebhookSecretInput } from './schemas';
import type { ProviderGuide } from './types';

export interface WebhookSetting {
  provider: WebhookProvider;
  label: string;
  configured: boolean;
  enabled: boolean;
  /** Enough of the secret to recognise it, never enough to use it. */
  secretHint: string | null;
}

export interface ProviderInfo {
  provider: WebhookProvider;
  label: string;
  /** The event types to enable in the provider's dashboard. */
  events: string[];
  guide: ProviderGuide;
}

/** Every provider with what the panel shows about setting it up. */
export function webhookProviderInfo(): ProviderInfo[] {
  return (Object.keys(webhookRegistry) as WebhookProvider[]).map((provider) => {
    const m = webhookRegistry[provider];
    return { provider, label: m.label, events: Object.keys(m.handlers), guide: m.guide };
  });
}

export async function listWebhookSettings(db: Db, merchantId: string): Promise<WebhookSetting[]> {
  const rows = await db
    .select({ provider: webhookSecrets.provider, secret: webhookSecrets.secret, enabled: webhookSecrets.enabled })
    .from(webhookSecrets)
    .where(eq(webhookSecrets.merchantId, merchantId));
  return (Object.keys(webhookRegistry) as WebhookProvider[]).map((provider) => {
    const row = rows.find((r) => r.provider === provider);
    return {
      provider,
      label: webhookRegistry[provider].label,
      configured: !!row,
      enabled: row?.enabled ?? false,
      secretHint: row ? secretHint(row.secret) : null,
    };
  });
}

/** Sets or rotates a provider's secret; a first secret also turns the provider on. */
export async function setWebhookSecret(db: Db, merchantId: string, actor: Actor, raw: WebhookSecretInput): Promise<WebhookSetting> {
  const input = webhookSecretSchema.parse(raw);
  const provider = providerOf(input.provider);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: webhookSecrets.id })
      .from(webhookSecrets)
      .where(and(eq(webhookSecrets.merchantId, merchantId), eq(webhookSecrets.provider, provider)));
    await tx
      .insert(webhookSecrets)
      .values({ merchantId, provider, secret: input.secret, enabled: true })
      .onConflictDoUpdate({ target: [webhookSecrets.merchantId, webhookSecrets.provider], set: { secret: input.secret } });
    await audit(tx, merchantId, actor, before ? 'webhook.secret_rotated' : 'webhook.secret_set', provider);
  });
  return settingOf(db, merchantId, provider);
}

export async function setWebhookEnabled(
  db: Db,
  merchantId: string,
  actor: Actor,
  raw: { provider: string; enabled: boolean },
): Promise<WebhookSetting> {
  const input = webhookEnabledSchema.parse(raw);
  const provider = providerOf(input.provider);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(webhookSecrets)
      .set({ enabled: input.enabled })
      .where(and(eq(webhookSecrets.merchantId, merchantId), eq(webhookSecrets.provider, provider)))
      .returning({ id: webhookSecrets.id });
    if (updated.length === 0) throw new AppError('invalid_request', 'secret: set a signing secret first.');
    await audit(tx, merchantId, actor, input.enabled ? 'webhook.enabled' : 'webhook.disabled', provider);
  });
  return settingOf(db, merchantId, provider);
}

interface Actor {
  userId: string;
  ip: string;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function audit(tx: Tx, merchantId: string, actor: Actor, action: string, provider: WebhookProvider) {
  // The secret itself is never written to the audit log.
  return tx.insert(auditLog).values({
    merchantId,
    actorUserId: actor.userId,
    action,
    targetType: 'webhook_provider',
    targetId: provider,
    ip: actor.ip,
  });
}

async function settingOf(db: Db, merchantId: string, provider: WebhookProvider): Promise<WebhookSetting> {
  return (await listWebhookSettings(db, merchantId)).find((s) => s.provider === provider)!;
}

function providerOf(name: string): WebhookProvider {
  if (!isWebhookProvider(name)) throw new AppError('unknown_provider', `provider: no webhook provider "${name}".`);
  return name;
}

/** The last four characters of a long secret; nothing of a short one. */
export function secretHint(secret: string): string {
  return secret.length >= 16 ? `…${secret.slice(-4)}` : `${secret.length} characters`;
}
