// CSRF protection for the panels' state-changing requests, by the browser's own word:
// Sec-Fetch-Site, else Origin compared with the host the request was sent to. This is
// the algorithm of Go's http.CrossOriginProtection: safe methods pass; a request with
// neither header does not come from a browser (so cannot be a forged browser request).
// next-auth's endpoints keep their own CSRF token on top.
import { forwardedHost } from './client-ip';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteRequest(method: string, headers: { get(name: string): string | null }): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.get('origin');
  if (origin === null) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true; // `null` (sandboxed frames, privacy-sensitive contexts) or garbage.
  }
  // A browser cannot forge Host; X-Forwarded-Host counts only from a trusted proxy (TRUST_PROXY).
  const own = [headers.get('host'), forwardedHost(headers), pinnedHost()];
  return !own.some((h) => h && h.toLowerCase() === host.toLowerCase());
}

/** The host of NEXTAUTH_URL, when the app's public URL is pinned. */
export function pinnedHost(): string | undefined {
  try {
    return process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).host : undefined;
  } catch {
    return undefined;
  }
}
