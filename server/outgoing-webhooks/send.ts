// One outgoing HTTP request to a URL someone outside the program chose (a webhook endpoint, an
// affiliate's postback): connecting only to a checked public address unless
// WEBHOOK_ALLOW_PRIVATE=1 (server/outgoing-webhooks/target.ts, also against DNS rebinding),
// within a timeout, reading at most RESPONSE_CAP of the answer and keeping its first
// RESPONSE_EXCERPT for the delivery log. Never throws: the outcome is the result.
import http from 'node:http';
import https from 'node:https';
import { env } from '../env';
import { parseIp } from '../fraud/ip';
import { isInternalAddress, lookupChecked, privateTargetsAllowed } from './target';

/** The answer's first bytes kept in a delivery log. */
export const RESPONSE_EXCERPT = 1024;
/** More than this of an answer is not read. */
export const RESPONSE_CAP = 64 * 1024;

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  body: string | null;
  error: string | null;
  durationMs: number;
}

export interface SendOptions {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  userAgent: string;
  timeoutMs?: number;
  allowPrivate?: boolean;
}

export function sendChecked(url: string, opts: SendOptions): Promise<AttemptResult> {
  const timeoutMs = opts.timeoutMs ?? env().WEBHOOK_TIMEOUT_MS;
  const allowPrivate = opts.allowPrivate ?? privateTargetsAllowed();
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    // Set once the request exists; an invalid URL finishes before it.
    const pending: { timer?: NodeJS.Timeout } = {};
    const finish = (r: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(pending.timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish({ ok: false, status: null, body: null, error: 'not a URL' });
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return finish({ ok: false, status: null, body: null, error: 'not an http(s) URL' });
    // An address in the URL itself is never looked up: it is checked here; a name, by the lookup as it connects.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && parseIp(literal) && isInternalAddress(literal))
      return finish({ ok: false, status: null, body: null, error: `refused: ${literal} is a private, loopback or link-local address` });
    const lib = target.protocol === 'https:' ? https : http;
    const body = opts.body;
    const req = lib.request(
      target,
      {
        method: opts.method,
        lookup: lookupChecked(() => allowPrivate),
        headers: {
          'user-agent': opts.userAgent,
          ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < RESPONSE_CAP) chunks.push(c);
          size += c.length;
          if (size >= RESPONSE_CAP) res.destroy();
        });
        const done = () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT);
          finish({ ok: status >= 200 && status < 300, status, body: text, error: status >= 200 && status < 300 ? null : `answered ${status}` });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    pending.timer = setTimeout(() => {
      req.destroy();
      finish({ ok: false, status: null, body: null, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ ok: false, status: null, body: null, error: err.code === 'EPRIVATE' ? err.message : `could not connect: ${err.code ?? err.message}` }),
    );
    req.end(body);
  });
}
