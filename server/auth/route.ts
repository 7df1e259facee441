// The one guard for panel route handlers (CSV exports, files): the database-checked
// session (./session.ts), the role, and the contract's error shape, in one place, so
// no handler can read tenant data on next-auth's signed token alone. Pages use
// requireMerchant()/requireAffiliate() (./index.ts), built on the same session.
import 'server-only';
import type { Session } from 'next-auth';
import { getDb, type Db } from '@/db';
import { toAppError } from '../errors';
import { currentSession } from './session';

type User = Session['user'];
export type MerchantUser = User & { role: 'merchant' };
export type AffiliateUser = User & { role: 'affiliate'; affiliateId: string };

interface RouteContext<P> {
  params: Promise<P>;
}

type Handler<U, P> = (req: Request, ctx: { user: U; db: Db; params: P }) => Promise<Response>;

const refusal = (message: string) =>
  Response.json({ error: { code: 'unauthorized', message } }, { status: 401, headers: { 'cache-control': 'no-store' } });

function guarded<U extends User, P>(accepts: (u: User) => u is U, message: string, handler: Handler<U, P>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const user = (await currentSession())?.user;
      if (!user || !accepts(user)) return refusal(message);
      const [db, params] = await Promise.all([getDb(), ctx?.params ?? Promise.resolve({} as P)]);
      return await handler(req, { user, db, params });
    } catch (err) {
      const e = toAppError(err);
      return Response.json({ error: { code: e.code, message: e.message } }, { status: e.status, headers: e.headers });
    }
  };
}

const isMerchant = (u: User): u is MerchantUser => u.role === 'merchant';
const isAffiliate = (u: User): u is AffiliateUser => u.role === 'affiliate' && !!u.affiliateId;

/** A route handler for signed-in merchant staff only (401 otherwise). */
export const withMerchantRoute = <P = Record<string, never>>(handler: Handler<MerchantUser, P>) =>
  guarded(isMerchant, 'Sign in as a merchant.', handler);

/** A route handler for signed-in affiliates only (401 otherwise). */
export const withAffiliateRoute = <P = Record<string, never>>(handler: Handler<AffiliateUser, P>) =>
  guarded(isAffiliate, 'Sign in as an affiliate.', handler);
