// A real reverse proxy for the first-party tests: a node:http server standing in for the shop
// (`/_aff/*` forwarded to the tracker, with X-Forwarded-Host/-Proto as the Integration page's
// snippets send them), connecting to the tracker from `localAddress` so the tracker can tell a
// trusted proxy (TRUST_PROXY) from any other peer. Other paths serve `pages`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ShopProxy {
  origin: string;
  /** The host:port the shop answers on (what X-Forwarded-Host carries). */
  host: string;
  close(): Promise<void>;
}

export async function startShopProxy(opts: {
  tracker: string;
  localAddress?: string;
  proto?: 'http' | 'https';
  pages?: Record<string, string>;
  /** Leave X-Forwarded-Host out (a misconfigured proxy). */
  noForwardedHost?: boolean;
}): Promise<ShopProxy> {
  const tracker = new URL(opts.tracker);
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (!path.startsWith('/_aff/')) {
      const page = opts.pages?.[path.split('?')[0]!];
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page ?? 'not found');
      return;
    }
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: tracker.host };
    if (!opts.noForwardedHost) headers['x-forwarded-host'] = req.headers.host;
    headers['x-forwarded-proto'] = opts.proto ?? 'http';
    headers['x-forwarded-for'] = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      { hostname: tracker.hostname, port: tracker.port, path: path.slice('/_aff'.length), method: req.method, headers, localAddress: opts.localAddress },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end('bad gateway');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
