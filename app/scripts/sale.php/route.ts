// GET /scripts/sale.php — a sale or action from Post Affiliate Pro's pixel parameters; a 1×1 GIF.
// Served by the endpoint table (server/tracking/endpoints.ts) — as `npm start`'s lean path serves it.
import { routeHandler } from '@/server/tracking/endpoints';

export const dynamic = 'force-dynamic';

const handler = routeHandler('/scripts/sale.php');
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
