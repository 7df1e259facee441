// The client's address, unspoofable by default. `next start` keeps an X-Forwarded-For
// the client sent (it only fills the header in when it is missing), so the header alone
// proves nothing: the socket's own address is stamped on every request by
// installPeerAddress() (instrumentation.ts), and forwarded headers are believed only as
// far as TRUST_PROXY says — a number of proxy hops in front of the app, or a list of the
// proxies' addresses / CIDR ranges.
import { BlockList, isIP } from 'node:net';
import { env } from '../env';

/** Set on every request from the socket; a client-sent header of this name is overwritten. */
export const PEER_HEADER = 'x-aff-peer-address';

export type TrustProxy = { hops: number } | { list: BlockList };

/** Parses TRUST_PROXY: unset/`0` → trust nothing; `N` → N hops; `10.0.0.0/8, 192.168.1.7` → those proxies. */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  const v = value?.trim();
  if (!v || v === '0' || v === 'false') return undefined;
  if (/^\d+$/.test(v)) return { hops: Number(v) };
  const list = new BlockList();
  for (const item of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits] = item.split('/');
    const family = isIP(addr ?? '');
    if (!family) throw new Error(`TRUST_PROXY: "${item}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr!, type);
    else list.addSubnet(addr!, Number(bits), type);
  }
  return { list };
}

const g = globalThis as typeof globalThis & { __affTrustProxy?: { raw: string | undefined; parsed: TrustProxy | undefined } };

function trustProxy(): TrustProxy | undefined {
  const raw = env().TRUST_PROXY;
  let cached = g.__affTrustProxy;
  if (!cached || cached.raw !== raw) cached = g.__affTrustProxy = { raw, parsed: parseTrustProxy(raw) };
  return cached.parsed;
}

/** Whether forwarded headers (X-Forwarded-For/-Proto, X-Real-IP) are believed at all. */
export function proxyTrusted(): boolean {
  return trustProxy() !== undefined;
}

const normalise = (ip: string) => ip.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').replace(/^\[(.*)\]$/, '$1');

/**
 * The client address of a request. `trust` is for tests; the app reads TRUST_PROXY.
 * Without a peer header (a request that did not come through the app's HTTP server,
 * or the hook not installed) the last X-Forwarded-For entry stands in for the socket:
 * Next fills the header from the socket when the client sent none.
 */
export function clientIpOf(headers: { get(name: string): string | null }, trust: TrustProxy | undefined = trustProxy()): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean);
  const peerHeader = headers.get(PEER_HEADER);
  const peer = peerHeader ? normalise(peerHeader) : forwarded.pop();
  if (!peer) return 'unknown';
  if (!trust) return peer;
  // The chain as the app sees it, nearest hop last: what the proxies appended, then the socket.
  const chain = [...forwarded, peer];
  if (forwarded.length === 0) {
    const real = headers.get('x-real-ip');
    if (real && isTrusted(peer, 0, trust)) return normalise(real);
    return peer;
  }
  // Walk back from the socket over trusted proxies; the first untrusted address is the client.
  for (let i = chain.length - 1; i > 0; i--) {
    if (!isTrusted(chain[i]!, chain.length - 1 - i, trust)) return chain[i]!;
  }
  return chain[0]!;
}

/** Whether the hop `distance` steps from the app (0 = the socket) is a trusted proxy. */
function isTrusted(ip: string, distance: number, trust: TrustProxy): boolean {
  if ('hops' in trust) return distance < trust.hops;
  const family = isIP(ip);
  return family !== 0 && trust.list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Whether the socket's peer is one of the proxies TRUST_PROXY names (any peer when it counts
 * hops): only such a peer's X-Forwarded-Host/-Proto mean anything. An untrusted peer's are
 * ignored, as an untrusted X-Forwarded-For is. `trust` is for tests.
 */
export function peerIsTrustedProxy(headers: { get(name: string): string | null }, trust: TrustProxy | undefined = trustProxy()): boolean {
  if (!trust) return false;
  if ('hops' in trust) return trust.hops > 0;
  const peerHeader = headers.get(PEER_HEADER);
  const peer = peerHeader ? normalise(peerHeader) : (headers.get('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean).pop();
  return peer !== undefined && isTrusted(peer, 0, trust);
}

/**
 * Whether the browser reached us over TLS, as a trusted proxy says. `next start` serves
 * plain HTTP only, so TLS ends at a proxy; Next builds request URLs from X-Forwarded-Proto,
 * so neither the URL nor that header means anything unless the proxy is trusted.
 */
export function requestIsTls(headers: { get(name: string): string | null }): boolean {
  return forwardedProto(headers) === 'https';
}

/** The scheme a trusted proxy reports (X-Forwarded-Proto), else undefined: the same trust rule as addresses. */
export function forwardedProto(headers: { get(name: string): string | null }): 'http' | 'https' | undefined {
  if (!peerIsTrustedProxy(headers)) return undefined;
  const p = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return p === 'http' || p === 'https' ? p : undefined;
}

/** The host a trusted proxy reports (X-Forwarded-Host), else undefined: the same trust rule as addresses. */
export function forwardedHost(headers: { get(name: string): string | null }): string | undefined {
  if (!peerIsTrustedProxy(headers)) return undefined;
  const h = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  return h && /^[A-Za-z0-9.:[\]-]+$/.test(h) ? h : undefined;
}
