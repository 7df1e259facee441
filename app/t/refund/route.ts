// POST /t/refund — a full or partial refund of an order (server-to-server, API key).
// Served by the endpoint table (server/tracking/endpoints.ts) — as `npm start`'s lean path serves it.
import { routeHandler } from '@/server/tracking/endpoints';

export const dynamic = 'force-dynamic';

const handler = routeHandler('/t/refund');
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
