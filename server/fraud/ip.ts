// IP addresses and CIDR ranges, IPv4 and IPv6, without node:net: the settings form
// validates the blocklist in the browser with the same code the tracker matches with.
// Every address is held as 16 bytes; IPv4 lives in the IPv4-mapped range
// (::ffff:0:0/96), so 198.51.100.7 and ::ffff:198.51.100.7 are one address and an
// IPv4 range matches both spellings.

export interface IpRange {
  bytes: Uint8Array;
  /** Prefix length over the 128 bits. */
  bits: number;
}

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseV4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // Decimal only, no leading zeros (0x7f and 010 are ambiguous, so refused).
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6(s: string): number[] | undefined {
  if (!/^[0-9a-f:.]+$/i.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseV4(item);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(item)) return undefined;
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** 16 bytes, or undefined when `s` is not an IPv4 or IPv6 address. A zone (`%eth0`) is ignored. */
export function parseIp(s: string): Uint8Array | undefined {
  const text = s.trim().replace(/%[\w.-]+$/, '');
  const v4 = parseV4(text);
  if (v4) return Uint8Array.from([...V4_PREFIX, ...v4]);
  const v6 = parseV6(text);
  return v6 ? Uint8Array.from(v6) : undefined;
}

const isMappedV4 = (b: Uint8Array) => V4_PREFIX.every((v, i) => b[i] === v);

/** An address or a range (`203.0.113.7`, `198.51.100.0/24`, `2001:db8::/32`); host bits past the prefix are cleared. */
export function parseIpRange(s: string): IpRange | undefined {
  const [addr, prefix, extra] = s.trim().split('/');
  if (extra !== undefined || !addr) return undefined;
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const v4 = parseV4(addr.trim()) !== undefined;
  const max = v4 ? 32 : 128;
  let len = max;
  if (prefix !== undefined) {
    if (!/^\d{1,3}$/.test(prefix)) return undefined;
    len = Number(prefix);
    if (len > max) return undefined;
  }
  const bits = v4 ? 96 + len : len;
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return { bytes, bits };
}

/** The canonical text of an address: dotted IPv4 for IPv4 (mapped or not), RFC 5952 for IPv6. */
export function formatIp(b: Uint8Array): string {
  if (isMappedV4(b)) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const groups = Array.from({ length: 8 }, (_, i) => (b[i * 2]! << 8) | b[i * 2 + 1]!);
  // The longest run of two or more zero groups becomes '::' (the first such run on a tie).
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at === -1) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

export function formatIpRange(r: IpRange): string {
  const v4 = isMappedV4(r.bytes) && r.bits >= 96;
  const len = v4 ? r.bits - 96 : r.bits;
  const full = v4 ? 32 : 128;
  return len === full ? formatIp(r.bytes) : `${formatIp(r.bytes)}/${len}`;
}

/** The canonical text of an address, or the input unchanged when it is not one (e.g. `unknown`). */
export function canonicalIp(s: string): string {
  const b = parseIp(s);
  return b ? formatIp(b) : s;
}

export function inRange(ip: Uint8Array, r: IpRange): boolean {
  const whole = r.bits >> 3;
  for (let i = 0; i < whole; i++) if (ip[i] !== r.bytes[i]) return false;
  const rest = r.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip[whole]! & mask) === r.bytes[whole];
}

/** A compiled blocklist: `has(ip)` for an address in any of its ranges. */
export class IpBlocklist {
  private readonly ranges: IpRange[];
  constructor(entries: readonly string[]) {
    this.ranges = entries.map(parseIpRange).filter((r): r is IpRange => !!r);
  }
  get size(): number {
    return this.ranges.length;
  }
  has(ip: string | null | undefined): boolean {
    if (!ip || this.ranges.length === 0) return false;
    const b = parseIp(ip);
    return !!b && this.ranges.some((r) => inRange(b, r));
  }
}
