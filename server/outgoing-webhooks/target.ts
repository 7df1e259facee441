// Where an outgoing webhook may go: never to a private, loopback, link-local or otherwise
// internal address (SSRF), unless WEBHOOK_ALLOW_PRIVATE=1. Checked on every address the
// host name resolves to, when the endpoint is saved AND when each delivery connects: the
// sender connects to the very address checked here (its `lookup`), so a DNS answer that
// changes between the check and the connection (rebinding) cannot reach an internal host.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { env } from '../env';
import { AppError } from '../errors';
import { IpBlocklist, parseIp } from '../fraud/ip';

/** Not on the public internet (RFC 6890 special-purpose ranges, multicast, IPv4-mapped forms of them included). */
const INTERNAL = new IpBlocklist([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  '64:ff9b::/96',
  '100::/64',
  '2001:db8::/32',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
]);

export const privateTargetsAllowed = () => env().WEBHOOK_ALLOW_PRIVATE === '1';

export function isInternalAddress(ip: string): boolean {
  return !parseIp(ip) || INTERNAL.has(ip);
}

const refused = (why: string) => new AppError('invalid_request', `url: ${why}`);

/** The addresses a webhook URL's host resolves to, refused when any of them is internal. */
export async function checkTarget(url: string): Promise<string[]> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused('not a URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw refused('must be an http(s) URL.');
  if (parsed.username || parsed.password) throw refused('must not carry a user name or password.');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (parseIp(host)) addresses = [host];
  else {
    try {
      addresses = (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw refused(`the host ${host} does not resolve.`);
    }
  }
  if (addresses.length === 0) throw refused(`the host ${host} does not resolve.`);
  if (!privateTargetsAllowed() && addresses.some(isInternalAddress))
    throw refused('points at a private, loopback or link-local address; webhooks go to public hosts only.');
  return addresses;
}

/**
 * A `lookup` for node:http(s) that resolves like checkTarget and connects only to a checked
 * address; `privateTargetsAllowed` is the WEBHOOK_ALLOW_PRIVATE rule (given, so tests can try both).
 */
export const lookupChecked = (privateTargetsAllowed: () => boolean): LookupFunction => (hostname, options, callback) => {
  const host = hostname.replace(/^\[|\]$/g, '');
  const done = (err: Error | null, address?: string) => {
    const family = address?.includes(':') ? 6 : 4;
    if (options.all) callback(err, err ? [] : [{ address: address!, family }]);
    else callback(err, address ?? '', family);
  };
  const resolve = parseIp(host)
    ? Promise.resolve([host])
    : dnsLookup(host, { all: true, verbatim: true }).then((all) => all.map((a) => a.address));
  resolve.then(
    (addresses) => {
      const usable = privateTargetsAllowed() ? addresses : addresses.filter((a) => !isInternalAddress(a));
      if (usable.length === 0 || (!privateTargetsAllowed() && usable.length !== addresses.length))
        return done(Object.assign(new Error(`refused: ${host} resolves to a private, loopback or link-local address`), { code: 'EPRIVATE' }));
      done(null, usable[0]!);
    },
    (err: Error) => done(err),
  );
};
