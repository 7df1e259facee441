// Stamps the socket's address on every request the app's HTTP server receives, before
// Next sees it, so that clientIpOf() knows who is really on the other end even when the
// client sends its own X-Forwarded-For (which `next start` passes through untouched).
// Node publishes `http.server.request.start` before emitting the server's 'request' event.
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { PEER_HEADER } from './client-ip';

const g = globalThis as typeof globalThis & { __affPeerAddress?: boolean };

export function installPeerAddress(): void {
  if (g.__affPeerAddress) return;
  g.__affPeerAddress = true;
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? 'unknown';
  });
}
