// POST /t/refund — a full or partial refund of an order (server-to-server, API key).
import { handle, methodNotAllowed } from '@/server/http/track';
import { trackRefund } from '@/server/tracking';

export const dynamic = 'force-dynamic';

export const POST = (req: Request) => handle(req, () => trackRefund(req));

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
