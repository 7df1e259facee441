// npm run backfill:countries — on the database DATABASE_URL names: gives every click that has
// a stored IP address but no country its country (server/geo/backfill.ts), with the report
// rollup, as the app's daily background work does a bounded part of, and prints the figures.
import { createDb } from '../db/client';
import { backfillClickCountries } from '../server/geo/backfill';

const handle = createDb(undefined, { max: 1, statementTimeoutMs: 0 });
try {
  const started = Date.now();
  const r = await backfillClickCountries(handle.db);
  if (!r.ran) {
    console.error('[backfill] the country database (@ip-location-db/geo-whois-asn-country) could not be loaded: nothing done');
    process.exitCode = 1;
  } else
    console.log(
      `[backfill] ${r.scanned} clicks without a country looked at, ${r.filled} given one (${r.scanned - r.filled} have no known country), ` +
        `${r.batches} batches, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
} finally {
  await handle.close();
}
