// Settings › Audit log: the audit rows every merchant mutation wrote (server/audit.ts), newest
// first, filtered by who (the acting user) and what (the action), a page at a time.
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { auditLog, users } from '@/db/schema';
import { isUuid } from './affiliates';

export const AUDIT_PAGE_SIZE = 50;

export const auditListSchema = z.object({
  actor: z.string().max(64).optional(),
  action: z.string().trim().max(100).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
});
export type AuditListInput = z.input<typeof auditListSchema>;

export async function listAuditLog(db: Db, merchantId: string, raw: AuditListInput) {
  const input = auditListSchema.parse(raw);
  const where: SQL[] = [eq(auditLog.merchantId, merchantId)];
  if (input.actor) {
    // An id that is no user's matches nothing (and never reaches a uuid cast).
    if (!isUuid(input.actor)) return { rows: [], hasNext: false, page: input.page };
    where.push(eq(auditLog.actorUserId, input.actor));
  }
  if (input.action) where.push(eq(auditLog.action, input.action));
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      ip: auditLog.ip,
      actorUserId: auditLog.actorUserId,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((input.page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE, page: input.page };
}

/** The choices of the two filters: the users and the actions that appear in this program's log. */
export async function auditFilters(db: Db, merchantId: string) {
  const [actors, actions] = await Promise.all([
    db
      .selectDistinct({ id: users.id, name: users.name, email: users.email })
      .from(auditLog)
      .innerJoin(users, eq(users.id, auditLog.actorUserId))
      .where(eq(auditLog.merchantId, merchantId))
      .orderBy(asc(users.name), asc(users.email)),
    db
      .selectDistinct({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.merchantId, merchantId))
      .orderBy(asc(auditLog.action)),
  ]);
  return { actors, actions: actions.map((a) => a.action) };
}

/** The details object in one short line: `status: approved → suspended`, `name: "Shop"`. */
export function auditDetailsLine(details: Record<string, unknown> | null): string {
  if (!details) return '';
  const text = JSON.stringify(details);
  return text === '{}' ? '' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
