// Rate limits with rate-limiter-flexible: in Redis when REDIS_URL is set, so that every app
// instance counts against one budget, else in this process's memory (each process its own
// share). A Redis that is down or slow never stops tracking: the limit fails open, with a
// log line (server/shared-state/redis.ts). One set of limiters per process, on globalThis.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { readyRedis, redis, warnRedis } from '../shared-state/redis';

export interface RateLimitResult {
  ok: boolean;
  /** Seconds until the window resets (≥ 1 when refused). */
  retryAfterS: number;
  limit: number;
  remaining: number;
  /** When the current window ends, in ms since the epoch. */
  resetAt: number;
}

const g = globalThis as typeof globalThis & { __affLimiters?: Map<string, RateLimiterAbstract> };
const limiters = (g.__affLimiters ??= new Map());

function limiterFor(limit: number, windowMs: number): RateLimiterAbstract {
  const client = redis();
  const id = `${client ? 'r' : 'm'}:${limit}:${windowMs}`;
  let l = limiters.get(id);
  if (!l) {
    const duration = Math.max(1, Math.round(windowMs / 1000));
    l = client
      ? new RateLimiterRedis({ storeClient: client, points: limit, duration, keyPrefix: `aff:rl:${limit}:${duration}` })
      : new RateLimiterMemory({ points: limit, duration, keyPrefix: `rl:${limit}:${duration}` });
    limiters.set(id, l);
  }
  return l;
}

/** Counts one request for `key`; refused once more than `limit` fall in the current window (a minute by default). */
export async function consume(key: string, limit: number, windowMs = 60_000): Promise<RateLimitResult> {
  const now = Date.now();
  try {
    if (redis() && !(await readyRedis())) throw new Error('not connected');
    const r = await limiterFor(limit, windowMs).consume(key);
    return { ok: true, retryAfterS: 0, limit, remaining: r.remainingPoints, resetAt: now + r.msBeforeNext };
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      return { ok: false, retryAfterS: Math.max(1, Math.ceil(err.msBeforeNext / 1000)), limit, remaining: 0, resetAt: now + err.msBeforeNext };
    }
    // The store failed (Redis down or slow): allowed, and said once.
    warnRedis('a rate limit', err);
    return { ok: true, retryAfterS: 0, limit, remaining: limit, resetAt: now + windowMs };
  }
}
