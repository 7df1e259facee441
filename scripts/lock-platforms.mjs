#!/usr/bin/env node
// Adds the lock entries npm here leaves out: other platforms' optional binaries,
// which this registry does not serve. With os/cpu set, npm skips them without fetching.
import fs from 'node:fs';
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pk = lock.packages;
const platform = (name) => {
  const n = name.split('/').pop();
  const os = ['android', 'darwin', 'freebsd', 'linux', 'win32', 'openharmony', 'wasm32'].find((o) => n.includes(`-${o}-`) || n.endsWith(`-${o}`));
  const cpu = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'].find((c) => n.includes(`-${c}`));
  const libc = n.includes('musl') ? ['musl'] : n.includes('gnu') ? ['glibc'] : undefined;
  if (os === 'wasm32' || n.includes('wasm32')) return { cpu: ['wasm32'] };
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
};
let added = 0;
for (const [path, entry] of Object.entries(pk)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const at = `node_modules/${dep}`;
    const nested = `${path}/node_modules/${dep}`;
    if (pk[at] || pk[nested]) continue;
    pk[at] = { version, ...platform(dep), dev: entry.dev, optional: true };
    if (!entry.dev) delete pk[at].dev;
    added++;
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform entries`);
