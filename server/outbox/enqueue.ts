// Writing a message into the outbox, in the caller's transaction: it exists if and only if
// the change that caused it committed, and the worker is woken after that commit.
import { eq, sql } from 'drizzle-orm';
import { isTransaction, type Tx } from '@/db';
import { outboxMessages } from '@/db/schema';
import { nudgeOutbox } from './registry';

/** The channel a committed enqueue notifies, so the workers of every app instance wake at once. */
export const OUTBOX_CHANNEL = 'outbox_messages';

export interface OutboxEnqueue {
  merchantId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  /** Idempotency: a second enqueue with the same key writes nothing and answers the first one's id. */
  dedupeKey?: string;
  /** Deliver no earlier than this. */
  notBefore?: Date;
}

/** Writes the message with the caller's transaction (or alone on the database); its id. */
export async function enqueueOutbox(tx: Tx, msg: OutboxEnqueue): Promise<string> {
  const values = {
    merchantId: msg.merchantId,
    kind: msg.kind,
    payload: msg.payload,
    dedupeKey: msg.dedupeKey ?? null,
    ...(msg.notBefore ? { nextAttemptAt: msg.notBefore } : {}),
  };
  const [row] = await tx.insert(outboxMessages).values(values).onConflictDoNothing({ target: outboxMessages.dedupeKey }).returning({ id: outboxMessages.id });
  if (!row) {
    const [existing] = await tx.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.dedupeKey, msg.dedupeKey!));
    if (!existing) throw new Error('outbox: the dedupe key conflicted with a row that is gone');
    return existing.id;
  }
  await afterCommit(tx);
  return row.id;
}

/**
 * Wakes the workers once the caller's write is committed. Inside a transaction, NOTIFY is
 * delivered by PostgreSQL at COMMIT (and never on rollback), to every instance listening;
 * outside one, the row is committed already and this process's worker is nudged directly.
 */
export async function afterCommit(tx: Tx): Promise<void> {
  if (!isTransaction(tx)) {
    nudgeOutbox();
    return;
  }
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}
