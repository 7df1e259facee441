// A fixed-window counter per key, in this process's memory: cheap enough for the
// hot path. With several app servers each enforces its own share.
// One table per process (on globalThis), shared by every /t/* route's chunk.
const g = globalThis as typeof globalThis & {
  __affRate?: { windows: Map<string, { start: number; count: number }>; lastSweep: number };
};
const state = (g.__affRate ??= { windows: new Map(), lastSweep: Date.now() });
const windows = state.windows;
const WINDOW_MS = 60_000;

export function rateLimit(key: string, perMinute: number, now = Date.now()): { ok: boolean; retryAfterS: number } {
  if (now - state.lastSweep > WINDOW_MS) {
    for (const [k, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(k);
    state.lastSweep = now;
  }
  let w = windows.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  w.count++;
  if (w.count <= perMinute) return { ok: true, retryAfterS: 0 };
  return { ok: false, retryAfterS: Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)) };
}
