// The lookups moved to server/lookups (attribution reads them too, and must not import tracking).
export * from '../lookups';
