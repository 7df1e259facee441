// The batcher moved to server/batcher.ts (attribution batches too, and must not import tracking).
export * from '../batcher';
