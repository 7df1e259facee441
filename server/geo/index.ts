// Country of an IP address, from the database the npm package
// @ip-location-db/geo-whois-asn-country ships (CSV of number ranges; data CC BY 4.0 by the
// NRO, see README): read once per process from node_modules — never downloaded — into typed
// arrays and searched by bisection, so a lookup is a few dozen comparisons and no I/O.
// Loading takes a few hundred milliseconds; it starts at boot (startGeo) and the tracker
// waits for it only on the first clicks of a fresh process.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface V4 {
  start: Uint32Array;
  end: Uint32Array;
  cc: Uint16Array;
}
interface V6 {
  /** The upper 64 bits of each range: allocations are /64 or wider, so they decide the country. */
  start: BigUint64Array;
  end: BigUint64Array;
  cc: Uint16Array;
}

const DIR = () => process.env.GEOIP_DIR ?? join(process.cwd(), 'node_modules', '@ip-location-db', 'geo-whois-asn-country');

const g = globalThis as typeof globalThis & { __affGeo?: { v4?: V4; v6?: V6; loading?: Promise<void> } };
const state = (g.__affGeo ??= {});

const code = (a: number, b: number) => (a << 8) | b;
const decode = (c: number) => String.fromCharCode(c >> 8, c & 0xff);
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

async function loadV4(): Promise<V4> {
  const text = await readFile(join(DIR(), 'geo-whois-asn-country-ipv4-num.csv'), 'latin1');
  const lines = text.split('\n');
  const v: V4 = { start: new Uint32Array(lines.length), end: new Uint32Array(lines.length), cc: new Uint16Array(lines.length) };
  let n = 0;
  for (const line of lines) {
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a < 0 || b < 0 || line.length < b + 3) continue;
    v.start[n] = Number(line.slice(0, a));
    v.end[n] = Number(line.slice(a + 1, b));
    v.cc[n] = code(line.charCodeAt(b + 1), line.charCodeAt(b + 2));
    n++;
  }
  return { start: v.start.subarray(0, n), end: v.end.subarray(0, n), cc: v.cc.subarray(0, n) };
}

async function loadV6(): Promise<V6> {
  const text = await readFile(join(DIR(), 'geo-whois-asn-country-ipv6-num.csv'), 'latin1');
  const lines = text.split('\n');
  const v: V6 = { start: new BigUint64Array(lines.length), end: new BigUint64Array(lines.length), cc: new Uint16Array(lines.length) };
  let n = 0;
  const hi = (s: string) => BigInt(s) >> 64n;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a < 0 || b < 0 || line.length < b + 3) continue;
    v.start[n] = hi(line.slice(0, a));
    v.end[n] = hi(line.slice(a + 1, b));
    v.cc[n] = code(line.charCodeAt(b + 1), line.charCodeAt(b + 2));
    n++;
    if (i % 50_000 === 0) await yieldToLoop(); // BigInt parsing is the slow part: let requests through
  }
  return { start: v.start.subarray(0, n), end: v.end.subarray(0, n), cc: v.cc.subarray(0, n) };
}

/** Starts loading the database (once per process); resolves when lookups answer. Never rejects. */
export function startGeo(): Promise<void> {
  return (state.loading ??= (async () => {
    try {
      state.v4 = await loadV4();
      await yieldToLoop();
      state.v6 = await loadV6();
    } catch (err) {
      // Without the package's files clicks are still tracked, with no country.
      console.error('[geo] country database not loaded:', (err as Error)?.message ?? err);
    }
  })());
}

/** Whether lookups answer: the database is loaded (false before startGeo resolves, or when its files are missing). */
export function geoReady(): boolean {
  return !!state.v4 && !!state.v6;
}

/** Index of the last range starting at or before `x`, or -1. */
function bisect<T extends number | bigint>(starts: { length: number; [i: number]: T }, x: T): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function ipv4Number(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const x = Number(p);
    if (x > 255) return null;
    n = n * 256 + x;
  }
  return n;
}

/** The upper 64 bits of an IPv6 address, or null when it is not one. */
function ipv6High(ip: string): bigint | null {
  if (!ip.includes(':') || ip.length > 45) return null;
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s ? s.split(':') : []);
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (halves.length === 1 && head.length !== 8) return null;
  const all = [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail];
  let hi = 0n;
  for (let i = 0; i < 4; i++) {
    const gr = all[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(gr)) return null;
    hi = (hi << 16n) | BigInt(parseInt(gr, 16));
  }
  return hi;
}

/** ISO 3166-1 alpha-2 of `ip` (upper-case), or null: unknown, private, malformed, or the database not loaded yet. */
export function countryOf(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = ipv4Number(mapped ? mapped[1]! : ip);
  if (v4 !== null) {
    const t = state.v4;
    if (!t) return null;
    const i = bisect(t.start, v4);
    return i >= 0 && v4 <= t.end[i]! ? decode(t.cc[i]!) : null;
  }
  const v6 = ipv6High(ip);
  const t = state.v6;
  if (v6 === null || !t) return null;
  const i = bisect(t.start, v6);
  return i >= 0 && v6 <= t.end[i]! ? decode(t.cc[i]!) : null;
}
