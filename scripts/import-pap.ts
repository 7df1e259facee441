// npm run import:pap -- --account <id> --dir <folder> [--dry-run]
// Imports Post Affiliate Pro's CSV exports (every *.csv in the folder) into the account, on the
// database DATABASE_URL names, as Settings › Import does; prints what was (or would be) created
// and every row that could not be taken and why. Idempotent: a second run creates nothing.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '../db/client';
import { importPap } from '../server/imports';

const { values } = parseArgs({ options: { account: { type: 'string' }, dir: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
if (!values.account || !values.dir) {
  console.error('usage: npm run import:pap -- --account <account id> --dir <folder of CSV files> [--dry-run]');
  process.exit(2);
}
const files = fs
  .readdirSync(values.dir)
  .filter((f) => f.toLowerCase().endsWith('.csv'))
  .sort()
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(values.dir!, f), 'utf8') }));
if (files.length === 0) {
  console.error(`No .csv files in ${values.dir}.`);
  process.exit(2);
}

const handle = createDb(undefined, { max: 1 });
try {
  const report = await importPap(handle.db, values.account, null, files, { dryRun: values['dry-run'] });
  const verb = report.dryRun ? 'would create' : 'created';
  for (const [kind, items] of Object.entries(report.created)) {
    console.log(`${verb} ${items.length} ${kind}`);
    for (const i of items) console.log(`  ${i.label} (PAP id ${i.externalId})`);
  }
  console.log(`already imported: ${report.alreadyImported.length}`);
  console.log(`rows not taken: ${report.problems.length}`);
  for (const p of report.problems) console.log(`  ${p.file}:${p.line} ${[p.kind, p.externalId].filter(Boolean).join(' ')}: ${p.reason}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await handle.close();
}
