// GET /api/v1/openapi.json — the REST API's OpenAPI 3.1 document (no key needed).
import { openApiDocument } from '@/server/api/openapi';
import { errorResponse, jsonResponse } from '@/server/http/track';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  try {
    return jsonResponse(req, openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
  } catch (err) {
    return errorResponse(req, err);
  }
}
