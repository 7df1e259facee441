// The node:http edge of the tracker: what `npm start` (server.mjs) serves for /t/*, /t.js
// and the PAP drop-in's /scripts/*, in front of Next's own request handler. A request is
// read where it lies (no undici Request, no AbortSignal, no URL parse: the path is a split)
// and answered with one writeHead and one end. The endpoints and every rule behind them are
// the route handlers' own (server/tracking/endpoints.ts): the two edges answer alike.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { dispatch, TRACK_ENDPOINTS } from '../tracking/endpoints';
import { PEER_HEADER } from './client-ip';
import { bodyTooLarge, errorAnswer } from './track';
import type { HeaderGetter, WireRequest, WireResponse } from './wire';

/** Node's headers (lower-case keys) read the Fetch way; the peer header is the socket's own address. */
class NodeHeaders implements HeaderGetter {
  constructor(
    private readonly raw: IncomingHttpHeaders,
    private readonly peer: string,
  ) {}

  get(name: string): string | null {
    if (name === PEER_HEADER) return this.peer;
    const v = this.raw[name];
    if (v === undefined) return null;
    return typeof v === 'string' ? v : v.join(', ');
  }
}

class NodeRequest implements WireRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: NodeHeaders;
  readonly tls: boolean;

  constructor(
    private readonly req: IncomingMessage,
    path: string,
    query: string,
  ) {
    this.method = req.method ?? 'GET';
    this.path = path;
    this.query = query;
    this.headers = new NodeHeaders(req.headers, req.socket.remoteAddress ?? 'unknown');
    this.tls = (req.socket as TLSSocket).encrypted === true;
  }

  body(max: number): Promise<Buffer> {
    const req = this.req;
    const declared = Number(req.headers['content-length'] ?? 0);
    // Far too large: refused unread (the connection closes under the sender).
    if (declared > max + LINGER_BYTES) return Promise.reject(bodyTooLarge(max));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= max) chunks.push(chunk);
        else if (size > max + LINGER_BYTES) {
          req.off('data', onData).off('end', onEnd).pause();
          reject(bodyTooLarge(max));
        }
      };
      // Past `max`, the rest is read and dropped (up to LINGER_BYTES) before the refusal, so that
      // a sender still writing reads the 413 instead of a reset connection.
      const onEnd = () => (size > max ? reject(bodyTooLarge(max)) : resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
      req.on('data', onData).once('end', onEnd).once('error', reject);
    });
  }
}

/**
 * How much of a refused body is still read and dropped before answering, so that a client
 * still sending it (fetch does) reads the 413 rather than a reset: bounded, unlike Next's
 * handler, which reads and drops all of it. Past this, the connection closes under the sender.
 */
const LINGER_BYTES = 4 * 1024 * 1024;

/**
 * Writes an answer with one writeHead and one end: the length is known, so never chunked.
 * A body that comes gzipped too is sent so to a client that takes gzip.
 */
function write(req: IncomingMessage, res: ServerResponse, answer: WireResponse): void {
  const { status, headers } = answer;
  let body = answer.body;
  if (answer.gzip) {
    headers.Vary = headers.Vary ? `${headers.Vary}, Accept-Encoding` : 'Accept-Encoding';
    if (acceptsGzip(req.headers['accept-encoding'])) {
      headers['Content-Encoding'] = 'gzip';
      body = answer.gzip;
    }
  }
  if (status !== 204 && status !== 304 && headers['Content-Length'] === undefined)
    headers['Content-Length'] = String(body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.writeHead(status, headers);
  res.end(body ?? undefined);
}

/** Whether an Accept-Encoding takes gzip (or `*`), not refused with `q=0`. */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    return !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/**
 * Serves `req` when it is one of the tracking endpoints, and says whether it did; any
 * other request is left untouched for Next. Never throws: a failure is the contract's 500.
 */
export function serveLean(req: IncomingMessage, res: ServerResponse): boolean {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (TRACK_ENDPOINTS[path] === undefined) return false;
  const wire = new NodeRequest(req, path, q < 0 ? '' : target.slice(q + 1));
  let answer: ReturnType<typeof dispatch>;
  try {
    answer = dispatch(wire);
  } catch (err) {
    write(req, res, errorAnswer(wire, err));
    return true;
  }
  if (answer instanceof Promise)
    answer.then(
      (a) => write(req, res, a),
      (err: unknown) => write(req, res, errorAnswer(wire, err)),
    );
  else if (answer) write(req, res, answer);
  return true;
}

const g = globalThis as typeof globalThis & { __affServeLean?: typeof serveLean };

/** Hands serveLean to server.mjs (plain JavaScript, outside Next's bundles), once the app has started. */
export function installLeanTracking(): void {
  g.__affServeLean = serveLean;
}
