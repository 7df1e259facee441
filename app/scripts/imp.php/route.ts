// GET /scripts/imp.php — a banner impression in Post Affiliate Pro's form; a 1×1 GIF.
import { handle, methodNotAllowed } from '@/server/http/track';
import { papImp } from '@/server/pap';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => handle(req, () => papImp(req));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
