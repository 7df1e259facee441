// Reads a V8 .cpuprofile (node --cpu-prof) and lists where the CPU went: the top
// functions by self time, and self time by origin (our code, Next.js, React, Node, …).
// node bench/cpuprofile-top.mjs <file.cpuprofile> [top N]
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export function summariseProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const fns = new Map();
  const origins = new Map();
  for (const [id, us] of self) {
    const f = byId.get(id).callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules|\.next)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const origin = originOf(f);
    origins.set(origin, (origins.get(origin) ?? 0) + us);
  }
  const pct = (us) => ((us / total) * 100).toFixed(1).padStart(5) + ' %';
  const lines = [`total sampled ${(total / 1e6).toFixed(1)} s`, '', 'self time by origin:'];
  for (const [o, us] of [...origins].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${o}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join('\n');
}

function originOf(f) {
  const u = f.url;
  if (!u) return f.functionName.startsWith('(') ? f.functionName : 'V8 / native';
  if (u.startsWith('node:')) return 'Node.js core';
  if (/node_modules\/next\//.test(u) || /\.next\/server\/.*(next|node_modules)/.test(u)) return 'Next.js';
  if (/react/.test(u)) return 'React';
  if (/postgres/.test(u)) return 'postgres.js';
  if (/drizzle/.test(u)) return 'drizzle-orm';
  if (/zod/.test(u)) return 'zod';
  if (/\.next\/server\//.test(u)) return 'app bundle (our code + bundled libraries)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  return m ? m[1] : u;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, n] = process.argv.slice(2);
  console.log(summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')), Number(n ?? 25)));
}
