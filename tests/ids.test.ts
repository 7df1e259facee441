// Visitor ids (lib/ids.ts): 128 random bits, 32 lowercase hex characters, drawn from a pool
// of CSPRNG bytes that is refilled when used up — never a byte twice, never a repeated id.
import { describe, expect, it } from 'vitest';
import { newVisitorId, VISITOR_ID_RE } from '@/lib/ids';

describe('visitor ids', () => {
  it('are 32 hex characters, all different, across several refills of the pool', () => {
    // 4 KB pool = 256 ids: 2,000 ids cross seven refills.
    const ids = Array.from({ length: 2000 }, newVisitorId);
    for (const id of ids) expect(id).toMatch(VISITOR_ID_RE);
    expect(new Set(ids).size).toBe(ids.length);
    // No two ids share a half either (a pool slice reused at an offset would).
    const halves = ids.flatMap((id) => [id.slice(0, 16), id.slice(16)]);
    expect(new Set(halves).size).toBe(halves.length);
  });

  it('look random: every hex digit turns up about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const ch of newVisitorId()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(16);
    // 128,000 digits, 8,000 expected each; a fixed or patterned pool would be far off.
    for (const n of counts.values()) expect(Math.abs(n - 8000)).toBeLessThan(600);
  });
});
