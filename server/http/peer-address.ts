// Stamps the socket's address on every request the app's HTTP server receives, before
// Next sees it, so that clientIpOf() knows who is really on the other end even when the
// client sends its own X-Forwarded-For (which `next start` passes through untouched).
// Node publishes `http.server.request.start` before emitting the server's 'request' event.
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { PEER_HEADER, proxyTrusted } from './client-ip';
import { log } from '@/lib/log';

const g = globalThis as typeof globalThis & { __affPeerAddress?: boolean; __affUntrustedForwardWarned?: boolean };

/**
 * Once per process: forwarded headers arrive (the app is probably behind a proxy) but
 * TRUST_PROXY trusts none, so every client looks like the proxy's address — one client's
 * sign-in attempts then slow down everyone, and limits and recorded addresses are the proxy's.
 */
export function warnUntrustedForwarding(headers: IncomingMessage['headers'], trusted = proxyTrusted()): boolean {
  if (g.__affUntrustedForwardWarned || trusted || !headers['x-forwarded-for']) return false;
  g.__affUntrustedForwardWarned = true;
  log().warn(
    { component: 'security' },
    'Requests carry X-Forwarded-For but TRUST_PROXY is not set, so it is ignored and every client is taken to be ' +
      'the address of the socket (your proxy?). Behind a reverse proxy, set TRUST_PROXY (e.g. TRUST_PROXY=1 for one nginx).',
  );
  return true;
}

export function installPeerAddress(): void {
  if (g.__affPeerAddress) return;
  g.__affPeerAddress = true;
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    // Before Next sees the request: an X-Forwarded-For here was sent by the client or a proxy.
    warnUntrustedForwarding(request.headers);
    request.headers[PEER_HEADER] = socket.remoteAddress ?? 'unknown';
  });
}
