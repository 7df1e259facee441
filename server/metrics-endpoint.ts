// The answer of GET /metrics: the process's registry, behind METRICS_TOKEN when set.
import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from './env';
import { metrics } from './metrics';
import { registerOutboxGauges } from './outbox/backlog';

const digest = (s: string) => createHash('sha256').update(s).digest();

export async function metricsResponse(req: Request): Promise<Response> {
  const token = env().METRICS_TOKEN;
  if (token) {
    const given = /^Bearer (.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? '';
    // Compared as digests: equal length, constant time.
    if (!timingSafeEqual(digest(given), digest(token))) {
      return Response.json(
        { error: { code: 'unauthorized', message: 'A valid bearer token (METRICS_TOKEN) is required.' } },
        { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' } },
      );
    }
  }
  registerOutboxGauges();
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
