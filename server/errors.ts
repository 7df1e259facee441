// One error type with a code. Route handlers turn it into the contract's JSON shape,
// tRPC into a TRPCError; nothing internal (stack, SQL, paths) ever leaves the server.
import { ZodError } from 'zod';

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

/** Whatever was thrown, as an AppError safe to show. Unknown errors are logged, not shown. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return fromZodError(err);
  if (isConnectionError(err)) {
    return new AppError('unavailable', 'The database is unavailable; try again shortly.', { 'Retry-After': '5' });
  }
  console.error(err);
  return new AppError('internal_error', 'Something went wrong on our side.');
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_ENDED' ||
    code === 'CONNECT_TIMEOUT' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' // cannot_connect_now
  );
}
