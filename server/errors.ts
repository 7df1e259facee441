// The error type lives in lib/ (db/ needs it too and must not import server/).
export * from '../lib/errors';
