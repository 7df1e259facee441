// The public origin of this app as the browser sees it, for the links the panels show.
// X-Forwarded-Host/-Proto are believed by the same rule as X-Forwarded-For (TRUST_PROXY,
// server/http/client-ip.ts): anyone can send them, so without a trusted proxy they could make
// the panel hand out sign-up and tracking links to another host.
import { forwardedHost, forwardedProto } from './client-ip';

export function requestOrigin(headers: Headers): string {
  const host = forwardedHost(headers) ?? headers.get('host') ?? 'localhost:3000';
  const proto = forwardedProto(headers) ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  return `${proto}://${host}`;
}

/** The affiliate's general link: the merchant's website with `?aff=<refId>`. */
export function generalAffiliateLink(websiteUrl: string | null, refId: string, origin: string): string | null {
  if (!websiteUrl) return null;
  try {
    const url = new URL(websiteUrl, origin);
    url.searchParams.set('aff', refId);
    return url.toString();
  } catch {
    return null;
  }
}
