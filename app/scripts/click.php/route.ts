// GET /scripts/click.php — a Post Affiliate Pro redirect link (TRACKING-API.md §2 redirect rules).
import { handle, methodNotAllowed } from '@/server/http/track';
import { papClick } from '@/server/pap';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => handle(req, () => papClick(req));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
