// Every panel route handler and page goes through server/auth's database-checked guard:
// route handlers are wrapped in withMerchantRoute/withAffiliateRoute, pages call the
// guarded tRPC callers or requireMerchant/requireAffiliate, and nothing outside server/auth
// reads next-auth's token alone (getServerSession). A file added tomorrow is checked too.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', '.git', '.data', 'test-results'].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx|mjs)$/.test(e.name)) yield p;
  }
}
const rel = (p: string) => path.relative(root, p);
const panels = [
  { dir: 'app/(merchant)', route: /withMerchantRoute(<[^>]*>)?\(/, page: /\b(merchantApi|requireMerchant)\(/ },
  { dir: 'app/(affiliate)', route: /withAffiliateRoute(<[^>]*>)?\(/, page: /\b(affiliateApi|requireAffiliate)\(/ },
];

describe('session guards', () => {
  it('nothing outside server/auth calls getServerSession', () => {
    const offenders = [...walk(root)]
      .filter((f) => !rel(f).startsWith(`server${path.sep}auth${path.sep}`) && rel(f) !== rel(import.meta.filename))
      .filter((f) => /getServerSession\s*\(|\bimport\s*(type\s*)?\{[^}]*\bgetServerSession\b/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('every panel route handler is wrapped in the guard, every panel page calls it', () => {
    const missing: string[] = [];
    let routes = 0;
    for (const panel of panels) {
      for (const f of walk(path.join(root, panel.dir))) {
        const text = fs.readFileSync(f, 'utf8');
        if (f.endsWith('route.ts')) {
          routes++;
          // Each exported method is the wrapper's result.
          const methods = [...text.matchAll(/export\s+(?:async\s+function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b(.*)/g)];
          if (methods.length === 0 || methods.some((m) => !panel.route.test(m[2]!))) missing.push(rel(f));
        } else if (/(page|layout)\.tsx$/.test(f) && !panel.page.test(text)) missing.push(rel(f));
      }
    }
    expect(routes).toBeGreaterThanOrEqual(4);
    expect(missing).toEqual([]);
  });
});
