// Prometheus metrics (GET /metrics, PLATFORM-API.md §5), with prom-client: requests per
// tracking and webhook endpoint and status, their latency, click batch sizes, and
// gauges read when scraped (registerGauge). One registry per process, on globalThis:
// Next bundles each route into its own chunk, and they must all count into one.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

interface Metrics {
  registry: Registry;
  requests: Counter<'route' | 'method' | 'status'>;
  latency: Histogram<'route'>;
  clickBatch: Histogram;
  saleBatch: Histogram;
}

const g = globalThis as typeof globalThis & { __affMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aff_' });
  return {
    registry,
    requests: new Counter({
      name: 'aff_http_requests_total',
      help: 'Requests to the tracking and webhook endpoints, by route, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'aff_http_request_duration_seconds',
      help: 'Time from a tracking or webhook request to its answer, by route.',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    clickBatch: new Histogram({
      name: 'aff_click_batch_size',
      help: 'Clicks committed together in one statement (group commit).',
      buckets: [1, 2, 5, 10, 25, 50, 100, 200, 400],
      registers: [registry],
    }),
    saleBatch: new Histogram({
      name: 'aff_sale_batch_size',
      help: 'Conversions committed together in one transaction (group commit).',
      buckets: [1, 2, 5, 10, 25, 50, 100],
      registers: [registry],
    }),
  };
}

export const metrics = (): Metrics => (g.__affMetrics ??= create());

/** The routes a label may name: a bounded set, so a scanner's paths cannot grow the series. */
const TRACK_ROUTES = new Set([
  '/t/click',
  '/t/sale',
  '/t/refund',
  '/t/handoff',
  '/t/imp',
  '/t/proxy-check',
  '/t.js',
  '/scripts/sale.php',
  '/scripts/click.php',
  '/scripts/imp.php',
  '/scripts/trackjs.js',
]);

/** A tracking path's label: itself when it is one of the tracker's routes, else `other`. */
export function trackRouteLabel(path: string): string {
  return TRACK_ROUTES.has(path) ? path : 'other';
}

/** Counts one answered request and its latency (`started` from performance.now()). */
export function observeRequest(route: string, method: string, status: number, started: number): void {
  const m = metrics();
  m.requests.inc({ route, method, status: String(status) });
  m.latency.observe({ route }, (performance.now() - started) / 1000);
}

/**
 * A gauge whose value is read when /metrics is scraped (the mail and webhook backlog):
 * `collect` returns one value per label set. Registering a name twice keeps the first.
 */
export function registerGauge(name: string, help: string, labelNames: string[], collect: () => Promise<Array<{ labels: Record<string, string>; value: number }>>): void {
  const { registry } = metrics();
  if (registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const { labels, value } of await collect()) this.set(labels, value);
      } catch {
        // An unreachable database must not break the scrape of everything else.
      }
    },
  });
}
