// Pages and the panels' API: a fresh CSP nonce and the security headers on every response
// (server/http/security-headers.ts). Next reads the nonce from the request's CSP header and
// puts it on its own scripts. Never the security boundary for access: guards live in the
// layouts and tRPC procedures. The tracker (/t/*, /t.js, the PAP drop-in's /scripts/*), webhooks and /healthz stay off
// this path: they are the hot path and set their own headers.
import { NextResponse, type NextRequest } from 'next/server';
import { peerIsTrustedProxy } from '@/server/http/client-ip';
import { newNonce, pageSecurityHeaders, servedOverTls } from '@/server/http/security-headers';

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = pageSecurityHeaders(nonce, servedOverTls(request.headers));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // One trust rule for forwarded headers (TRUST_PROXY): without a trusted proxy, a client's own
  // X-Forwarded-Host/-Proto would steer next-auth (its URLs, which cookie name it reads) and
  // anything else downstream; `next start` itself serves plain HTTP on the Host it was sent.
  if (!peerIsTrustedProxy(request.headers)) {
    requestHeaders.set('x-forwarded-proto', 'http');
    requestHeaders.set('x-forwarded-host', request.headers.get('host') ?? 'localhost');
  }
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

// Prefetches are not skipped (Next's guide suggests it): a prefetched document served without
// its CSP could later be shown as is.
export const config = {
  matcher: ['/((?!t/|t\\.js|scripts/|webhooks/|healthz|metrics|_next/static|_next/image|favicon\\.ico).*)'],
};
