// GET|POST /t/click — record an affiliate click (GET with `to` redirects).
import { handle, methodNotAllowed, preflight } from '@/server/http/track';
import { trackClick } from '@/server/tracking';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => handle(req, () => trackClick(req));
export const POST = (req: Request) => handle(req, () => trackClick(req));
export const OPTIONS = (req: Request) => preflight(req, 'GET, POST, OPTIONS');

const notAllowed = methodNotAllowed('GET, POST, OPTIONS');
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
