// Builds the tRPC context from a request: the database, the session, the client address,
// and whether it is a cross-site state-changing request (refused for every mutation).
import { getDb } from '@/db';
import { currentSession } from '../auth/session';
import { clientIpOf } from '../http/client-ip';
import { isCrossSiteRequest } from '../http/same-origin';
import type { Context } from './init';

export async function createContext(req: { headers: Headers; method?: string }): Promise<Context> {
  const [db, session] = await Promise.all([getDb(), currentSession()]);
  return {
    db,
    session,
    ip: clientIpOf(req.headers),
    crossSite: isCrossSiteRequest(req.method ?? 'GET', req.headers),
  };
}
