// The durable outbox: messages written in the transaction of the change that causes them,
// delivered after commit by a worker in each app process. See worker.ts for the guarantees.
export { enqueueOutbox, afterCommit, OUTBOX_CHANNEL, type OutboxEnqueue } from './enqueue';
export {
  registerOutboxHandler,
  nudgeOutbox,
  exponentialBackoff,
  PermanentError,
  isPermanentError,
  type OutboxHandler,
  type DeliveryOutcome,
} from './registry';
export { drainOutbox, startOutboxWorker, LEASE_MS, type DrainOptions, type DrainResult } from './worker';
