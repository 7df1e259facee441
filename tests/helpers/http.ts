// HTTP helpers for the integration tests against the running app.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

let baseOverride: string | undefined;
/** Points these helpers at an app the test file started itself (each file runs in its own process). */
export function useApp(baseURL: string | undefined) {
  baseOverride = baseURL;
}
export const base = () => baseOverride ?? inject('baseURL');
export const uniq = (p: string) => `${p}-${randomBytes(6).toString('hex')}`;
export const API_KEY = 'sk_demo_0000000000000000';

export interface Res<T = any> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export async function request<T = any>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Res<T>> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  if (!headers.has('user-agent')) headers.set('user-agent', 'Mozilla/5.0 (X11; Linux x86_64) TestAgent/' + uniq('ua'));
  const res = await fetch(base() + path, { ...init, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, text, json };
}

export const post = <T = any>(path: string, json: unknown, headers: Record<string, string> = {}) =>
  request<T>(path, { method: 'POST', json, headers });
export const s2s = { authorization: `Bearer ${API_KEY}` };
