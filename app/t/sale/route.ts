// POST /t/sale — record a sale or an action, attribute it and credit commissions.
import { handle, methodNotAllowed, preflight } from '@/server/http/track';
import { trackSale } from '@/server/tracking';

export const dynamic = 'force-dynamic';

export const POST = (req: Request) => handle(req, () => trackSale(req));
export const OPTIONS = (req: Request) => preflight(req, 'POST, OPTIONS');

const notAllowed = methodNotAllowed('POST, OPTIONS');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
