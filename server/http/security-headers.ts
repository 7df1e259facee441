// The security headers of every page (set by proxy.ts): a strict, nonce-based CSP, no
// framing, no MIME sniffing, a referrer that stops at our origin, no powerful features,
// and HSTS once the app is reached over TLS. The tracking endpoints and webhooks are not
// pages: they set what they need themselves and stay off the proxy (the hot path).
import { env } from '../env';
import { requestIsTls } from './client-ip';

/** 128 random bits, base64: a fresh one per response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

export function contentSecurityPolicy(nonce: string, opts: { tls: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    // Only scripts carrying this response's nonce run (Next puts it on its own), and what they load.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    // Style elements need the nonce; style attributes (React's `style`, the charts' SVG) cannot carry one.
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    // Banner images live on the merchants' own servers; QR codes are data: URLs.
    "img-src 'self' data: blob: https: http:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.tls ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Whether browsers should be told to use HTTPS only: a trusted proxy says TLS, or the app's URL is https. */
export function servedOverTls(headers: { get(name: string): string | null }): boolean {
  return requestIsTls(headers) || (env().NEXTAUTH_URL ?? '').startsWith('https:');
}

export function pageSecurityHeaders(nonce: string, tls: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce, { tls, dev: env().NODE_ENV === 'development' }),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(tls ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
