// GET /scripts/trackjs.js — the Post Affiliate Pro drop-in: PostAffTracker (PLATFORM-API.md §4).
// Served by the endpoint table (server/tracking/endpoints.ts) — as `npm start`'s lean path serves it.
import { routeHandler } from '@/server/tracking/endpoints';

export const dynamic = 'force-dynamic';

const handler = routeHandler('/scripts/trackjs.js');
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
