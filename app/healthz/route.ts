// GET /healthz — 200 once the database is reachable, migrated and seeded; 503 before.
import { health } from '@/db';

export const dynamic = 'force-dynamic';

export async function GET() {
  const h = await health();
  if (h.ok) return Response.json({ ok: true });
  return Response.json(
    { ok: false, error: { code: 'unavailable', message: h.reason ?? 'not ready' } },
    { status: 503, headers: { 'Retry-After': '5' } },
  );
}
