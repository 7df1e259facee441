// What ships to browsers: the built client chunks must not carry the database schema
// (table names, drizzle) — client components take value lists from db/enums instead.
// Needs `next build` first (as every test here does).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const chunks = path.resolve(import.meta.dirname, '../.next/static/chunks');

function* files(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith('.js')) yield p;
  }
}

describe('client bundle', () => {
  it('has no table of db/schema in any browser chunk', () => {
    const all = [...files(chunks)];
    expect(all.length).toBeGreaterThan(10);
    // Tables only the server reads: their SQL names appear in a chunk only if db/schema was bundled.
    const markers = ['sign_in_throttle', 'spent_tokens', 'password_hash', 'webhook_secrets'];
    const leaks = all.flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return markers.filter((m) => text.includes(`"${m}"`) || text.includes(`'${m}'`)).map((m) => `${path.relative(chunks, f)}: ${m}`);
    });
    expect(leaks).toEqual([]);
  });
});
