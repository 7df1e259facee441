// A fixed-window counter per key, in this process's memory: cheap enough for the
// hot path. With several app servers each enforces its own share.
const windows = new Map<string, { start: number; count: number }>();
const WINDOW_MS = 60_000;
let lastSweep = Date.now();

export function rateLimit(key: string, perMinute: number, now = Date.now()): { ok: boolean; retryAfterS: number } {
  if (now - lastSweep > WINDOW_MS) {
    for (const [k, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(k);
    lastSweep = now;
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
