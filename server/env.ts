// The environment's reader lives in lib/ (db/ needs it too and must not import server/).
export * from '../lib/env';
