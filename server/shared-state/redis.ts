// The Redis connection that app instances share state through (REDIS_URL, PLATFORM-API.md §5):
// rate limits and cache invalidation. Unset, each process keeps its own, as one process needs.
// Redis is never in the way of tracking: commands fail fast (no offline queue, a short
// command timeout) and every caller fails open, with one log line per outage, not per request.
import { Redis } from 'ioredis';
import { env } from '../env';
import { log } from '@/lib/log';

interface Shared {
  client?: Redis;
  subscriber?: Redis;
  handlers: Map<string, Set<(message: string) => void>>;
  lastWarning: number;
  everReady?: boolean;
}

const g = globalThis as typeof globalThis & { __affRedis?: Shared };
const state: Shared = (g.__affRedis ??= { handlers: new Map(), lastWarning: 0 });

/** A command waits this long at most; a click must not wait longer for its limit. */
const COMMAND_TIMEOUT_MS = 250;

const options = {
  // Fail at once while disconnected instead of queueing every request behind a reconnect.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: COMMAND_TIMEOUT_MS,
  connectTimeout: 2_000,
  // Reconnect for as long as it takes, at most every two seconds.
  retryStrategy: (times: number) => Math.min(100 * 2 ** times, 2_000),
  lazyConnect: false,
};

/** The shared client, or undefined without REDIS_URL. */
export function redis(): Redis | undefined {
  const url = env().REDIS_URL;
  if (!url) return undefined;
  if (!state.client) {
    state.client = new Redis(url, options);
    state.client.on('error', (err: Error) => warnRedis('connection', err));
    state.client.on('ready', () => (state.everReady = true));
  }
  return state.client;
}

/**
 * The shared client once it is connected: right after start it waits for the first
 * connection (half a second at most), so a new instance's first requests are counted too;
 * later, while Redis is away, it answers undefined at once and the caller fails open.
 */
export async function readyRedis(): Promise<Redis | undefined> {
  const client = redis();
  if (!client || client.status === 'ready') return client;
  if (state.everReady) return undefined;
  await Promise.race([new Promise((r) => client.once('ready', r)), new Promise((r) => setTimeout(r, 500))]);
  return (client.status as string) === 'ready' ? client : undefined;
}

/** One line per outage (at most one a minute), not one per request. */
export function warnRedis(what: string, err: unknown): void {
  const now = Date.now();
  if (now - state.lastWarning < 60_000) return;
  state.lastWarning = now;
  log().warn({ component: 'redis', err }, `${what} failed; going on without shared state until it is back`);
}

/** Publishes to every instance (this one included) listening on `channel`; a failure is logged, not thrown. */
export async function publish(channel: string, message: string): Promise<void> {
  const client = redis();
  if (!client) return;
  try {
    await client.publish(channel, message);
  } catch (err) {
    warnRedis('publish', err);
  }
}

/** Calls `handler` with every message of `channel` from any instance. */
export function subscribe(channel: string, handler: (message: string) => void): void {
  const url = env().REDIS_URL;
  if (!url) return;
  let set = state.handlers.get(channel);
  if (!set) state.handlers.set(channel, (set = new Set()));
  set.add(handler);
  if (!state.subscriber) {
    // A connection in subscriber mode serves nothing else; ioredis subscribes again after a reconnect.
    const sub = new Redis(url, { ...options, enableOfflineQueue: true, commandTimeout: undefined });
    sub.on('error', (err: Error) => warnRedis('subscription', err));
    sub.on('message', (ch: string, message: string) => {
      for (const h of state.handlers.get(ch) ?? []) h(message);
    });
    state.subscriber = sub;
  }
  state.subscriber.subscribe(channel).catch((err: unknown) => warnRedis('subscribe', err));
}
