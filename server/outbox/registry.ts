// The outbox's handlers, one per message kind, and the in-process nudge. On globalThis:
// Next bundles this module into several chunks (route handlers, pages, instrumentation),
// and a handler registered by one must be seen by the worker started from another.
import type { OutboxMessage } from '@/db/schema';

/** What a handler may report of a delivery that did not send over the wire (a mail kept in the log). */
export interface DeliveryOutcome {
  status?: 'sent' | 'logged';
  /** Kept in `last_error`'s place for a success: the receiving server's answer, or why it was only logged. */
  info?: string;
}

export interface OutboxHandler {
  /** Sends one message. Throw to retry later (per `backoff`), throw a PermanentError to fail it now. */
  deliver(row: OutboxMessage): Promise<void | DeliveryOutcome>;
  /** Milliseconds before attempt `attempt + 1` after `attempt` attempts failed; null gives up (status `failed`). */
  backoff(attempt: number): number | null;
}

/** A failure that no retry can mend (an SMTP 5xx answer, a malformed payload): the message fails at once. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export const isPermanentError = (err: unknown): boolean => err instanceof Error && err.name === 'PermanentError';

interface OutboxGlobals {
  handlers: Map<string, OutboxHandler>;
  /** Wakes the running worker of this process, if any. */
  nudge?: () => void;
}

const g = globalThis as typeof globalThis & { __affOutbox?: OutboxGlobals };

export function outboxGlobals(): OutboxGlobals {
  return (g.__affOutbox ??= { handlers: new Map() });
}

export function registerOutboxHandler(kind: string, handler: OutboxHandler): void {
  outboxGlobals().handlers.set(kind, handler);
}

/** Wakes this process's worker now (a message was committed). Without a worker: nothing. */
export function nudgeOutbox(): void {
  outboxGlobals().nudge?.();
}

/**
 * Exponential backoff with jitter: `baseMs`, twice that, four times… capped at `maxMs`,
 * giving up after `maxAttempts` attempts.
 */
export function exponentialBackoff(opts: { baseMs: number; maxMs: number; maxAttempts: number }): (attempt: number) => number | null {
  return (attempt) => {
    if (attempt >= opts.maxAttempts) return null;
    const ms = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
    // ±20 %: instances retrying after one outage do not all come back in the same second.
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  };
}
