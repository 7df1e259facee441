// One error type with a code. Route handlers turn it into the contract's JSON shape,
// tRPC into a TRPCError; nothing internal (stack, SQL, paths) ever leaves the server.
import { ZodError } from 'zod';
import { log, type Logger } from './log';

export const errorStatus = {
  invalid_request: 400,
  invalid_redirect: 400,
  invalid_signature: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  unknown_account: 404,
  unknown_affiliate: 404,
  unknown_order: 404,
  unknown_provider: 404,
  conflict: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

/** A zod error as `invalid_request`, naming the first offending field. */
export function fromZodError(err: ZodError): AppError {
  const issue = err.issues[0];
  const field = issue?.path.join('.') || 'body';
  return new AppError('invalid_request', `${field}: ${issue?.message ?? 'invalid value'}`);
}

/**
 * Whatever was thrown, as an AppError safe to show. Unknown errors are logged (on the
 * request's logger when given, so the line carries its id), never shown.
 */
export function toAppError(err: unknown, logger?: Logger): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return fromZodError(err);
  if (isConnectionError(err)) {
    return new AppError('unavailable', 'The database is unavailable; try again shortly.', { 'Retry-After': '5' });
  }
  (logger ?? log()).error({ err }, 'unexpected error');
  return new AppError('internal_error', 'Something went wrong on our side.');
}

/**
 * Whether the database could not be reached or went away mid-request (stopped,
 * restarting, network cut): the request may be retried, so it is `503`, never `500`.
 * Drivers and Drizzle wrap errors (`DrizzleQueryError` keeps the driver's in `cause`),
 * so the whole cause chain is looked at.
 */
export function isConnectionError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  }
  return false;
}

const CONNECTION_CODES = new Set([
  // The socket (Node):
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // postgres.js:
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // PostgreSQL (class 08, connection exceptions, is matched by prefix):
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
  '57014', // query_canceled: the statement timeout below
]);
