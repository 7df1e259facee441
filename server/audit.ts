// The audit record every merchant mutation leaves (who, what, from where), and the
// translation of a unique-index race into the same field error the pre-check gives.
import type { Tx } from '@/db';
import { auditLog } from '@/db/schema';
import { AppError } from './errors';

export interface Actor {
  userId: string;
  ip: string;
}

/** Who made a change: a signed-in user (Actor), or an API key of the REST API (userId null, its address and key id). */
export interface AuditActor {
  userId: string | null;
  ip: string;
  apiKeyId?: string;
}

export async function audit(
  tx: Tx,
  merchantId: string,
  actor: AuditActor,
  action: string,
  target: { type: string; id: string },
  details: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(auditLog).values({
    merchantId,
    actorUserId: actor.userId,
    action,
    targetType: target.type,
    targetId: target.id,
    details: actor.apiKeyId ? { ...details, apiKeyId: actor.apiKeyId } : details,
    ip: actor.ip,
  });
}

/** PostgreSQL's unique_violation, on the driver's error or the one Drizzle wraps it in. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++)
    if (e.code === '23505') return true;
  return false;
}

/** Runs `work`; a unique violation (a concurrent twin got there first) becomes `conflict` with this message. */
export async function onUnique<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', message);
    throw err;
  }
}
