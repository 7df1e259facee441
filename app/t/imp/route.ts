// GET /t/imp — count a banner impression (raw and unique per visitor and day); a 1×1 GIF.
import { handle, methodNotAllowed } from '@/server/http/track';
import { trackImpression } from '@/server/tracking';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => handle(req, () => trackImpression(req, Object.fromEntries(new URL(req.url).searchParams)));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
