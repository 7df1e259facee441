// /api/v1/* — the REST API (PLATFORM-API.md §2): every operation of server/api/operations.ts,
// through the one wrapper that authenticates the key, limits, validates and answers.
import { handleApi } from '@/server/api/handle';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ path: string[] }> };
const serve = async (req: Request, { params }: Ctx) => handleApi(req, (await params).path);

export { serve as GET, serve as POST, serve as PATCH, serve as DELETE, serve as PUT };
