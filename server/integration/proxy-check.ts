// "Check my proxy" (Tools › Integration): the tracker fetches the shop's proxied t.js as a
// browser would, then its diagnostic endpoint (/t/proxy-check) through the same proxy, and
// reports what it saw. A server-side fetch of a URL a user typed: private, loopback and
// link-local targets are refused unless PROXY_CHECK_ALLOW_PRIVATE=1 (tests).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Db } from '@/db';
import { audit, type Actor } from '../audit';
import { env } from '../env';
import { inRange, parseIp, parseIpRange, type IpRange } from '../fraud/ip';
import { TRACKING_SCRIPT } from '../tracking/script/t.min';
import type { ProxyCheckInput } from './schemas';

const PRIVATE: IpRange[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/3', '::/127', 'fc00::/7', 'fe80::/10', 'ff00::/8', '64:ff9b::/96',
].map((r) => parseIpRange(r)!);

/** Whether an address is one a public URL may not lead the server to. */
export function isPrivateAddress(ip: string): boolean {
  const bytes = parseIp(ip);
  return !bytes || PRIVATE.some((r) => inRange(bytes, r));
}

export interface ProxyCheckReport {
  url: string;
  /** Why nothing was fetched, or the fetch failed. */
  problem?: string;
  status?: number;
  contentType?: string;
  /** The body is this tracker's t.js. */
  isOurScript?: boolean;
  /** What the tracker saw of the proxied diagnostic request. */
  diagnostic?: { status: number; forwardedHost: string | null; forwardedProto: string | null; trusted: boolean; firstParty: boolean };
  /** One sentence on what to do next. */
  verdict: string;
  ok: boolean;
}

const TIMEOUT_MS = 5000;
const MAX_BODY = 64 * 1024;

async function refusal(url: URL): Promise<string | undefined> {
  if (env().PROXY_CHECK_ALLOW_PRIVATE === '1') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `${host} does not resolve.`;
  }
  if (addresses.length === 0) return `${host} does not resolve.`;
  if (addresses.some(isPrivateAddress)) return `${host} is a private, loopback or link-local address: only public shops can be checked.`;
  return undefined;
}

async function fetchText(url: string): Promise<{ status: number; contentType: string; body: string }> {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { 'user-agent': 'AffiliateTracker-ProxyCheck/1' } });
  const buf = Buffer.from(await res.arrayBuffer()).subarray(0, MAX_BODY);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: buf.toString('utf8') };
}

export async function checkProxy(db: Db, merchantId: string, actor: Actor, input: ProxyCheckInput): Promise<ProxyCheckReport> {
  const url = new URL(input.url);
  const report = await run(url);
  await audit(db, merchantId, actor, 'integration.proxy_check', { type: 'merchant', id: merchantId }, { url: url.toString(), ok: report.ok });
  return report;
}

async function run(url: URL): Promise<ProxyCheckReport> {
  const base = { url: url.toString() };
  const refused = await refusal(url);
  if (refused) return { ...base, problem: refused, ok: false, verdict: 'Enter the public address of your shop’s proxied t.js.' };
  let script;
  try {
    script = await fetchText(url.toString());
  } catch (e) {
    const why = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : 'the connection failed';
    return { ...base, problem: `Could not load ${url}: ${why}.`, ok: false, verdict: 'Check that the shop is reachable and the path forwards to the tracker.' };
  }
  const isOurScript = script.status === 200 && script.body.trim() === TRACKING_SCRIPT;
  const report: ProxyCheckReport = { ...base, status: script.status, contentType: script.contentType, isOurScript, ok: false, verdict: '' };
  if (!isOurScript) {
    report.verdict =
      script.status === 200
        ? 'The address answers, but not with this tracker’s t.js: the path does not forward to the tracker.'
        : `The address answered ${script.status}: the path does not forward to the tracker's /t.js.`;
    return report;
  }
  const diagUrl = new URL(url.toString().replace(/\/t\.js(?:[?#].*)?$/, '/t/proxy-check'));
  try {
    const d = await fetchText(diagUrl.toString());
    const json = JSON.parse(d.body) as { forwardedHost?: string | null; forwardedProto?: string | null; trusted?: boolean; firstParty?: boolean };
    report.diagnostic = {
      status: d.status,
      forwardedHost: json.forwardedHost ?? null,
      forwardedProto: json.forwardedProto ?? null,
      trusted: json.trusted === true,
      firstParty: json.firstParty === true,
    };
  } catch {
    report.verdict = 'The script loads, but the diagnostic call through the proxy failed: forward every path under the prefix, not only t.js.';
    return report;
  }
  const d = report.diagnostic;
  if (!d.forwardedHost) report.verdict = 'The proxy forwards, but sends no X-Forwarded-Host: add it (see the snippets), or the cookie cannot be your shop’s.';
  else if (!d.trusted)
    report.verdict = `The proxy sends X-Forwarded-Host (${d.forwardedHost}), but the tracker does not trust its address: add it to TRUST_PROXY.`;
  else if (d.forwardedHost.replace(/:\d+$/, '') !== url.hostname)
    report.verdict = `The proxy reports the host ${d.forwardedHost}, not ${url.hostname}: send the shop's own host as X-Forwarded-Host.`;
  else {
    report.ok = true;
    report.verdict = `First-party tracking works: the visitor cookie is set by the tracker as a cookie of ${url.hostname}.`;
  }
  return report;
}
