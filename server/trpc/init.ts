// tRPC: one context that resolves the session and tenant, and the three procedure
// kinds. Tenant scoping lives here: a merchant procedure always has ctx.merchantId,
// an affiliate procedure ctx.merchantId and ctx.affiliateId, taken from the session,
// never from input.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Db } from '@/db';
import type { Session } from 'next-auth';
import { AppError, toAppError, type ErrorCode } from '../errors';
import { nulCharacterPath } from '../input';

export interface Context {
  db: Db;
  session: Session | null;
  ip: string;
  /** A state-changing request another site made the browser send (CSRF); unset for in-process callers. */
  crossSite?: boolean;
}

const trpcCode: Record<ErrorCode, TRPCError['code']> = {
  invalid_request: 'BAD_REQUEST',
  invalid_redirect: 'BAD_REQUEST',
  invalid_signature: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  method_not_allowed: 'METHOD_NOT_SUPPORTED',
  unknown_account: 'NOT_FOUND',
  unknown_affiliate: 'NOT_FOUND',
  unknown_order: 'NOT_FOUND',
  unknown_provider: 'NOT_FOUND',
  conflict: 'CONFLICT',
  idempotency_conflict: 'CONFLICT',
  payload_too_large: 'PAYLOAD_TOO_LARGE',
  rate_limited: 'TOO_MANY_REQUESTS',
  internal_error: 'INTERNAL_SERVER_ERROR',
  unavailable: 'SERVICE_UNAVAILABLE',
};

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : undefined;
    return {
      ...shape,
      // Field errors let a form show each message next to its field.
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        fieldErrors: zod ? fieldErrorsOf(zod) : error.cause instanceof AppError ? fieldErrorOfMessage(error.message) : undefined,
      },
    };
  },
});

function fieldErrorsOf(err: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

/** AppErrors about one field are written `field: message`. */
function fieldErrorOfMessage(message: string): Record<string, string> | undefined {
  const m = /^([A-Za-z0-9_.]+): (.+)$/.exec(message);
  return m ? { [m[1]!]: m[2]! } : undefined;
}

/** AppErrors become TRPCErrors with the matching status; anything else is logged and hidden. */
const errors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError || (cause && !(cause instanceof ZodError) && result.error.code === 'INTERNAL_SERVER_ERROR')) {
      const app = toAppError(cause);
      throw new TRPCError({ code: trpcCode[app.code], message: app.message, cause: app });
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every mutation, signed in or not, refuses a cross-site request before it changes anything. */
const sameSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.crossSite)
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-site request refused: use the panel on this site.' });
  return next();
});

/**
 * Before any procedure's own schema: no NUL character anywhere in the input (PostgreSQL
 * refuses them in text, so one in an id or a name would otherwise end as a 500).
 */
const noNulCharacters = t.middleware(async ({ getRawInput, next }) => {
  const field = nulCharacterPath(await getRawInput());
  if (field) throw new AppError('invalid_request', `${field}: must not contain a NUL character.`);
  return next();
});

export const publicProcedure = t.procedure.use(errors).use(sameSiteMutations).use(noNulCharacters);

export const merchantProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user?.role) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (user.role !== 'merchant') throw new TRPCError({ code: 'FORBIDDEN', message: 'Merchant staff only.' });
  return next({ ctx: { ...ctx, userId: user.id, merchantId: user.merchantId } });
});

export const affiliateProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user?.role) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (user.role !== 'affiliate' || !user.affiliateId)
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Affiliates only.' });
  return next({ ctx: { ...ctx, userId: user.id, merchantId: user.merchantId, affiliateId: user.affiliateId } });
});
