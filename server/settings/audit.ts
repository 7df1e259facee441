// The audit record every settings and integration change leaves (who, what, from where).
import type { Tx } from '@/db';
import { auditLog } from '@/db/schema';

export interface Actor {
  userId: string;
  ip: string;
}

export async function audit(
  tx: Tx,
  merchantId: string,
  actor: Actor,
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
    details,
    ip: actor.ip,
  });
}

/** PostgreSQL's unique_violation, on the driver's error or the one Drizzle wraps it in. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++)
    if (e.code === '23505') return true;
  return false;
}
