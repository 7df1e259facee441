// POST /t/handoff — a short-lived hand-off token for the visitor the browser holds (aff.decorate()).
import { handle, methodNotAllowed, preflight } from '@/server/http/track';
import { trackHandoff } from '@/server/tracking';

export const dynamic = 'force-dynamic';

export const POST = (req: Request) => handle(req, () => trackHandoff(req));
export const OPTIONS = (req: Request) => preflight(req, 'POST, OPTIONS');

const notAllowed = methodNotAllowed('POST, OPTIONS');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
