// Layering (issue #20): dependencies run one way — app → server → db → lib. Nothing in
// db/ imports server/ (the environment, errors, ids and password hashing db/ needs live in
// lib/), lib/ imports neither, and server/attribution never reaches server/tracking, which
// calls it (the lookups and the batcher both use live in server/lookups and server/batcher).
// Read from the source: every import, export-from and import() of every .ts file, resolved.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'migrations') out.push(...filesUnder(rel));
    } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The repository file an import names, or undefined for a package. */
function resolve(from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('.')) base = path.join(path.dirname(from), spec);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return path.normalize(candidate);
  }
  return path.normalize(base);
}

const graph = new Map<string, string[]>();
function importsOf(file: string): string[] {
  let deps = graph.get(file);
  if (!deps) {
    const src = fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '';
    // Comments may mention paths; strip them before matching.
    const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    deps = [...code.matchAll(IMPORT)].map((m) => resolve(file, m[1] ?? m[2] ?? m[3]!)).filter((x): x is string => !!x);
    graph.set(file, deps);
  }
  return deps;
}

/** A chain of imports from `start` to a file for which `target` holds, if any. */
function pathTo(start: string, target: (f: string) => boolean): string[] | undefined {
  const seen = new Set<string>([start]);
  const queue: string[][] = [[start]];
  while (queue.length) {
    const chain = queue.shift()!;
    for (const dep of importsOf(chain.at(-1)!)) {
      if (target(dep)) return [...chain, dep];
      if (!seen.has(dep) && /^(server|db|lib)\//.test(dep)) {
        seen.add(dep);
        queue.push([...chain, dep]);
      }
    }
  }
  return undefined;
}

const under = (dir: string) => (f: string) => f.startsWith(`${dir}/`);

describe('layering', () => {
  it('finds the imports it checks (the parser works on this code base)', () => {
    expect(importsOf('server/tracking/record-conversion.ts')).toContain('server/attribution/index.ts');
    expect(importsOf('db/index.ts')).toContain('lib/env.ts');
    expect(resolve('db/x.ts', '../server/env')).toBe('server/env.ts');
  });

  it('nothing in db/ imports server/ (or app/, components/), directly or through lib/', () => {
    const bad = filesUnder('db')
      .map((f) => pathTo(f, (d) => under('server')(d) || under('app')(d) || under('components')(d)))
      .filter(Boolean)
      .map((chain) => chain!.join(' → '));
    expect(bad).toEqual([]);
  });

  it('nothing in lib/ imports db/, server/ or app/', () => {
    const bad = filesUnder('lib').flatMap((f) => importsOf(f).filter((d) => /^(db|server|app|components)\//.test(d)).map((d) => `${f} → ${d}`));
    expect(bad).toEqual([]);
  });

  it('server/attribution never reaches server/tracking (which imports it): no cycle between the two', () => {
    expect(filesUnder('server/tracking').some((f) => importsOf(f).some(under('server/attribution')))).toBe(true);
    const bad = filesUnder('server/attribution')
      .map((f) => pathTo(f, under('server/tracking')))
      .filter(Boolean)
      .map((chain) => chain!.join(' → '));
    expect(bad).toEqual([]);
  });
});
