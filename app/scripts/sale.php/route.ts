// GET /scripts/sale.php — a sale or action from Post Affiliate Pro's pixel parameters; a 1×1 GIF.
import { handle, methodNotAllowed } from '@/server/http/track';
import { papSale } from '@/server/pap';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => handle(req, () => papSale(req));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
