// The ids and hashes live in lib/ (db/ needs them too and must not import server/).
export * from '../lib/ids';
