// Minifies the tracking script (server/tracking/script/t.src.js) into t.min.ts, the
// string GET /t.js serves. Run after editing the source: `node scripts/build-tracking-script.mjs`.
// tests/tracking-script.test.ts fails when the committed output and the source drift apart.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = path.join(root, 'server/tracking/script/t.src.js');
export const OUTPUT = path.join(root, 'server/tracking/script/t.min.ts');
/** The Post Affiliate Pro drop-in served at GET /scripts/trackjs.js. */
export const PAP_SOURCE = path.join(root, 'server/tracking/script/trackjs.src.js');
export const PAP_OUTPUT = path.join(root, 'server/tracking/script/trackjs.min.ts');

/** The minified script. ES2017 is what every browser still in use runs natively. */
export async function minifyTrackingScript(source = fs.readFileSync(SOURCE, 'utf8')) {
  const { code } = await transform(source, { loader: 'js', minify: true, target: 'es2017', legalComments: 'none' });
  return code.trim();
}

export const PAP_MODULE = {
  source: 'trackjs.src.js',
  name: 'PAP_TRACKING_SCRIPT',
  doc: 'The minified Post Affiliate Pro drop-in served at GET /scripts/trackjs.js (PLATFORM-API.md §4).',
};

/** The TypeScript module that carries the minified script as a string constant. */
export function renderModule(code, { source = 't.src.js', name = 'TRACKING_SCRIPT', doc = 'The minified tracking script served at GET /t.js (TRACKING-API.md §1).' } = {}) {
  return [
    `// Generated from ${source} by \`node scripts/build-tracking-script.mjs\`: do not edit by hand.`,
    `/** ${doc} */`,
    `export const ${name} = ${JSON.stringify(code)};`,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { gzipSync } = await import('node:zlib');
  const code = await minifyTrackingScript();
  fs.writeFileSync(OUTPUT, renderModule(code));
  const pap = await minifyTrackingScript(fs.readFileSync(PAP_SOURCE, 'utf8'));
  fs.writeFileSync(PAP_OUTPUT, renderModule(pap, PAP_MODULE));
  for (const [out, js] of [[OUTPUT, code], [PAP_OUTPUT, pap]])
    console.log(`${path.relative(root, out)}: ${js.length} bytes, ${gzipSync(js, { level: 9 }).length} bytes gzipped (limit 2048).`);
}
