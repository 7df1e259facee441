// The one logger: JSON lines (pino) on stdout, one object per event, with `reqId` on
// everything said while answering a request. Secrets never reach the log: the paths
// below are redacted wherever an object carries them, and any API key, bearer token
// or URL password in a message or an error is cut to its prefix (scrub()).
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { env } from './env';

export type { Logger } from 'pino';

/** Keys that hold credentials, redacted at the top level and one or two levels down. */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'api_key',
  'key',
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'recoveryCode',
  'totpSecret',
  'smtpUrl',
  'SMTP_URL',
  'AUTH_SECRET',
  'NEXTAUTH_SECRET',
  'METRICS_TOKEN',
];

const prop = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `["${k}"]`);

export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k.includes('-') ? `["${k}"]` : k, `*${prop(k)}`, `*.*${prop(k)}`]);

/**
 * Secrets that may hide inside free text (an error's message, a URL): API keys
 * (`sk_live_…`), webhook secrets (`whsec_…`), bearer tokens and the password of a URL
 * (`smtp://user:pass@host`). Each keeps only a recognisable prefix.
 */
export function scrub(text: string): string {
  return text
    .replace(/\b(sk_[a-z]+_)[A-Za-z0-9_-]+/g, '$1…')
    .replace(/\b(whsec_)[A-Za-z0-9+/=_-]+/g, '$1…')
    .replace(/\b(Bearer\s+)[^\s"',;]+/gi, '$1[Redacted]')
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"']*):[^\s@/"']*@/gi, '$1:[Redacted]@');
}

function level(): string {
  try {
    return env().LOG_LEVEL;
  } catch {
    // An invalid configuration is reported by whoever reads it; the logger still logs.
    return 'info';
  }
}

/** A logger writing to `destination` (stdout by default): the app's one, and tests' with their own stream. */
export function createLogger(destination?: DestinationStream, opts: { level?: string } = {}): Logger {
  return pino(
    {
      level: opts.level ?? level(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      serializers: { err: serializeError },
      hooks: {
        // Free text is scrubbed too: a message may quote an error that quotes a URL.
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrub(args[i] as string);
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** An error as {type, message, code, stack}, its text scrubbed; never its other properties (a driver's query parameters). */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: scrub(String(err)) };
  const out: Record<string, unknown> = { type: err.name, message: scrub(err.message) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (err.stack) out.stack = scrub(err.stack);
  if (err.cause) out.cause = serializeError(err.cause);
  return out;
}

// One per process, on globalThis: Next bundles each route into its own chunk.
const g = globalThis as typeof globalThis & { __affLog?: Logger };

/** The process's logger. */
export const log = (): Logger => (g.__affLog ??= createLogger());

/** For tests: route the process's logger to another destination (undefined: back to stdout). */
export function setLogger(logger: Logger | undefined): void {
  g.__affLog = logger;
}

/** A request id a client or proxy may hand us: short, printable, no spaces or quotes. */
const SANE_ID = /^[A-Za-z0-9._:@/+=-]{8,128}$/;

/** The request's id: its `X-Request-Id` when sane (set by a proxy in front), else a new UUID. */
export function requestId(headers: { get(name: string): string | null }): string {
  const given = headers.get('x-request-id');
  return given && SANE_ID.test(given) ? given : randomUUID();
}

/** A child logger carrying the request's id (made only when something is logged: pino children cost). */
export function requestLog(reqId: string): Logger {
  return log().child({ reqId });
}

/**
 * Echoes the id as `X-Request-Id` on an answer. Responses made by Response.redirect() and
 * a few others have immutable headers; those go without it rather than being copied.
 */
export function withRequestId<R extends Response>(res: R, reqId: string): R {
  try {
    res.headers.set('x-request-id', reqId);
  } catch {}
  return res;
}
