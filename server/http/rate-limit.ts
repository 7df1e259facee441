// A fixed-window counter per key, in this process's memory: cheap enough for the
// hot path. With several app servers each enforces its own share.
// One table per process (on globalThis), shared by every route's chunk.
const g = globalThis as typeof globalThis & {
  __affRate?: { windows: Map<string, { start: number; count: number; windowMs: number }>; lastSweep: number };
};
const state = (g.__affRate ??= { windows: new Map(), lastSweep: Date.now() });
const windows = state.windows;
const SWEEP_MS = 60_000;

/** Counts one request for `key`; refused once more than `limit` fall in the current window (a minute by default). */
export function rateLimit(
  key: string,
  limit: number,
  now = Date.now(),
  windowMs = 60_000,
): { ok: boolean; retryAfterS: number; remaining: number; resetAt: number } {
  if (now - state.lastSweep > SWEEP_MS) {
    for (const [k, w] of windows) if (now - w.start >= w.windowMs) windows.delete(k);
    state.lastSweep = now;
  }
  let w = windows.get(key);
  if (!w || now - w.start >= w.windowMs) {
    w = { start: now, count: 0, windowMs };
    windows.set(key, w);
  }
  w.count++;
  // What the REST API's X-RateLimit-* headers say: requests left in this window, and when it ends.
  const resetAt = w.start + w.windowMs;
  const remaining = Math.max(0, limit - w.count);
  if (w.count <= limit) return { ok: true, retryAfterS: 0, remaining, resetAt };
  return { ok: false, retryAfterS: Math.max(1, Math.ceil((resetAt - now) / 1000)), remaining, resetAt };
}
