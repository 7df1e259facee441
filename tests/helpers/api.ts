// The REST API in tests: a program of the test file's own (signed up over HTTP), its API
// keys of either scope made through Tools › Integration's procedure, and calls to /api/v1.
import { expect } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { signInCookie } from '../../scripts/test-server.mjs';
import { base, request, uniq, type Res } from './http';

export const PASSWORD = 'Correct-Horse-Battery-41';

export const trpcMutation = (path: string, input: unknown, cookie: string) =>
  request(`/api/trpc/${path}`, { method: 'POST', json: { json: input }, headers: { cookie, origin: base() } });

export interface Program {
  account: string;
  email: string;
  cookie: string;
  writeKey: string;
  readKey: string;
}

/** A new merchant program with a write key and a read key. */
export async function newProgram(label = 'api'): Promise<Program> {
  const account = uniq(label).toLowerCase();
  const email = `${account}@example.com`;
  const res = await trpcMutation('auth.signUpMerchant', { programName: `Program ${account}`, accountId: account, name: 'Owner', email, password: PASSWORD, currency: 'USD' }, '');
  expect(res.status, res.text).toBe(200);
  const cookie = (await signInCookie(base(), email, PASSWORD)) as string;
  expect(cookie).toBeTruthy();
  return { account, email, cookie, writeKey: await newKey(cookie, 'write'), readKey: await newKey(cookie, 'read') };
}

export async function newKey(cookie: string, scope: 'read' | 'write'): Promise<string> {
  const res = await trpcMutation('integration.apiKeys.create', { name: `${scope} key`, scope }, cookie);
  expect(res.status, res.text).toBe(200);
  return res.json.result.data.json.key as string;
}

type Init = { key?: string | null; json?: unknown; headers?: Record<string, string> };

/** A call to /api/v1 with a key (default: none when `key` is null). */
export function api(method: string, path: string, init: Init = {}): Promise<Res> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  return request(`/api/v1${path}`, { method, headers, ...(init.json !== undefined ? { json: init.json } : {}) });
}

export function expectApiError(res: Res, status: number, code: string, field?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.json?.error?.code, res.text).toBe(code);
  expect(typeof res.json.error.message).toBe('string');
  if (field) expect(res.json.error.message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}\\b`));
}
