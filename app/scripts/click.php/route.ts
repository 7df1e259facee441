// GET /scripts/click.php — a Post Affiliate Pro redirect link (TRACKING-API.md §2 redirect rules).
// Served by the endpoint table (server/tracking/endpoints.ts) — as `npm start`'s lean path serves it.
import { routeHandler } from '@/server/tracking/endpoints';

export const dynamic = 'force-dynamic';

const handler = routeHandler('/scripts/click.php');
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
