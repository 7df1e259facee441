// GET /t/proxy-check — what the tracker sees of a request through the shop's proxy ("check my proxy").
import { handle, methodNotAllowed } from '@/server/http/track';
import { proxyDiagnostic } from '@/server/tracking';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => handle(req, async () => proxyDiagnostic(req));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
