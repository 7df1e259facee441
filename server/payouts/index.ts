// Payouts: what is owed, batches, marking paid, and the files a batch exports.
export { owedBalances, owedOverMinimum, type OwedRow } from './owed';
export { createPayoutBatch, type BatchResult } from './create-batch';
export { markPaid } from './mark-paid';
export { batchCsv, paypalFile, paypalPayouts, PAYPAL_MAX_ROWS } from './files';
export { createBatchSchema, markPaidSchema, minimumIn, minimumSchema, owedSchema } from './schemas';
export { payoutDetailsLine, payoutMethodLabel } from './details';
