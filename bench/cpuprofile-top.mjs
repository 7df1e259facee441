// Reads a V8 .cpuprofile (node --cpu-prof) of the production server and says where
// the CPU went. The server bundle is minified, so frames are mapped back through the
// build's source maps (.next/**/*.js.map) to their source module: self time by origin
// (our code, Next.js, React, drizzle, zod, Node…), self time by module and by source
// line, and the inclusive time of each of our modules (time with it on the stack).
// node bench/cpuprofile-top.mjs <file.cpuprofile> [top N]
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map();
function sourceMapOf(url) {
  if (!maps.has(url)) {
    let map = null;
    try {
      const file = fileURLToPath(url) + '.map';
      if (fs.existsSync(file)) map = new SourceMap(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {}
    maps.set(url, map);
  }
  return maps.get(url);
}

/** Where a frame comes from: a source path relative to the project (or a Node/V8 label), and a line. */
function locate(f) {
  if (!f.url) return { module: f.functionName.startsWith('(') ? f.functionName : '(V8 / native)', line: 0 };
  if (f.url.startsWith('node:')) return { module: f.url, line: f.lineNumber + 1 };
  const map = f.url.includes('/.next/') ? sourceMapOf(f.url) : null;
  const e = map?.findEntry(f.lineNumber, f.columnNumber);
  if (e?.originalSource) {
    const source = e.originalSource.replace(/^(\.\.\/)+/, '').replace(/^.*?\/node_modules\//, 'node_modules/');
    return { module: source, line: e.originalLine + 1 };
  }
  return { module: f.url.replace(/^.*?\/(node_modules|\.next)\//, '$1/'), line: f.lineNumber + 1 };
}

function originOf(module) {
  if (module.startsWith('(')) return module === '(V8 / native)' ? 'V8 / native' : module;
  if (module.startsWith('node:')) return 'Node.js core';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (m) return m[1] === 'next' ? 'Next.js' : m[1];
  if (module.startsWith('.next/')) return 'Next.js (runtime chunks)';
  return 'ours';
}

export function summariseProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const loc = new Map(profile.nodes.map((n) => [n.id, locate(n.callFrame)]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const idle = [...self].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busy = total - idle || 1;

  const add = (m, k, us) => m.set(k, (m.get(k) ?? 0) + us);
  const origins = new Map();
  const modules = new Map();
  const lines = new Map();
  const inclusive = new Map();
  for (const [id, us] of self) {
    const l = loc.get(id);
    if (byId.get(id).callFrame.functionName === '(idle)') continue;
    add(origins, originOf(l.module), us);
    add(modules, l.module, us);
    add(lines, `${byId.get(id).callFrame.functionName || '(anonymous)'} ${l.module}:${l.line}`, us);
    // Inclusive: each of our modules once per sample, whatever it called.
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const m = loc.get(n).module;
      if (originOf(m) === 'ours' && !seen.has(m)) {
        seen.add(m);
        add(inclusive, m, us);
      }
    }
  }
  const pct = (us) => ((us / busy) * 100).toFixed(1).padStart(5) + ' %';
  const list = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `  ${pct(us)}  ${k}`);
  return [
    `sampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (percentages are of busy time)`,
    '',
    'self time by origin:',
    ...list(origins, 20),
    '',
    `self time by source module (top ${top}):`,
    ...list(modules, top),
    '',
    `self time by function and source line (top ${top}):`,
    ...list(lines, top),
    '',
    'inclusive time of our modules (on the stack):',
    ...list(inclusive, top),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, n] = process.argv.slice(2);
  console.log(summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')), Number(n ?? 25)));
}
