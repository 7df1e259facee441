// POST /t/sale — record a sale or an action, attribute it and credit commissions.
// Served by the endpoint table (server/tracking/endpoints.ts) — as `npm start`'s lean path serves it.
import { routeHandler } from '@/server/tracking/endpoints';

export const dynamic = 'force-dynamic';

const handler = routeHandler('/t/sale');
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
