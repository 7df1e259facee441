// GET /metrics — Prometheus text format (PLATFORM-API.md §5). With METRICS_TOKEN set, only
// `Authorization: Bearer <METRICS_TOKEN>` may read it; without, anyone who reaches the port may.
import { metricsResponse } from '@/server/metrics-endpoint';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => metricsResponse(req);
