// POST /t/refund — a full or partial refund of an order (server-to-server, API key).
import { handle } from '@/server/http/track';
import { trackRefund } from '@/server/tracking';

export const dynamic = 'force-dynamic';

export const POST = (req: Request) => handle(req, () => trackRefund(req));
