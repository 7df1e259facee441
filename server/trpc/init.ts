// tRPC: one context that resolves the session and tenant, and the procedure kinds
// (public, merchant read / write / owner / self, affiliate, own account). Team roles are
// enforced here, not at call sites. Tenant scoping lives here: a merchant procedure always has ctx.merchantId,
// an affiliate procedure ctx.merchantId and ctx.affiliateId, taken from the session,
// never from input.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Db } from '@/db';
import type { Session } from 'next-auth';
import { AppError, toAppError, type ErrorCode } from '../errors';
import { nulCharacterPath } from '../input';
import { canChangeProgram, type TeamRole } from '@/db/enums';
import { TWO_FACTOR_ENROLMENT_REQUIRED } from '../auth/two-factor-messages';

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

/** Merchant staff, scoped to their merchant; with "require two-factor" on, only once they have it. */
const merchantStaff = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user?.role) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (user.role !== 'merchant') throw new TRPCError({ code: 'FORBIDDEN', message: 'Merchant staff only.' });
  if (user.twoFactorRequired && !user.twoFactor)
    throw new TRPCError({ code: 'FORBIDDEN', message: TWO_FACTOR_ENROLMENT_REQUIRED });
  const teamRole: TeamRole = user.teamRole ?? 'viewer';
  return next({ ctx: { ...ctx, userId: user.id, merchantId: user.merchantId, teamRole } });
});

const requireRole = (allowed: readonly TeamRole[], message: string) =>
  t.middleware(({ ctx, next }) => {
    const role = (ctx as { teamRole?: TeamRole }).teamRole;
    if (!role || !allowed.includes(role)) throw new TRPCError({ code: 'FORBIDDEN', message });
    return next();
  });

const READ_ONLY = 'Your role on this team is viewer: you can look at everything but not change it.';

/**
 * Reads of the merchant panel, for every team role. A mutation declared with this kind is
 * still refused to a viewer: changes belong to merchantWriteProcedure / ownerProcedure, and
 * nothing slips through by being declared with the wrong kind.
 */
export const merchantProcedure = merchantStaff.use(({ ctx, type, next }) => {
  if (type === 'mutation' && !canChangeProgram(ctx.teamRole)) throw new TRPCError({ code: 'FORBIDDEN', message: READ_ONLY });
  return next();
});

/** Changes to the program (affiliates, campaigns, commissions, payouts, integration…): owners and admins. */
export const merchantWriteProcedure = merchantStaff.use(requireRole(['owner', 'admin'], READ_ONLY));

/** The team and the security settings: owners only. */
export const ownerProcedure = merchantStaff.use(requireRole(['owner'], 'Only an owner of this program can change the team and its security settings.'));

/** A merchant user's own sign-in (their password, their sessions), whatever their role. */
export const merchantSelfProcedure = merchantStaff;

/**
 * A signed-in user's own account, either role: two-factor sign-in. Not while a merchant looks
 * through an affiliate's eyes: the affiliate's own security is theirs alone. Open to merchant
 * staff who are still to turn two-factor on (it is how they do).
 */
export const ownAccountProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user?.role) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (user.impersonatedBy) throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the affiliate can change their own sign-in.' });
  return next({ ctx: { ...ctx, userId: user.id, merchantId: user.merchantId, role: user.role } });
});

export const affiliateProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user?.role) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (user.role !== 'affiliate' || !user.affiliateId)
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Affiliates only.' });
  return next({ ctx: { ...ctx, userId: user.id, merchantId: user.merchantId, affiliateId: user.affiliateId } });
});
