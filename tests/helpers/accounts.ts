// Accounts over HTTP: next-auth sign-in that reports why it was refused, tRPC calls with a
// session cookie, links read from the mail a real SMTP server received, and TOTP codes.
import * as OTPAuth from 'otpauth';
import { expect } from 'vitest';
import { base, request } from './http';
import type { TestSmtp } from './smtp';

export interface SignInResult {
  cookie?: string;
  /** next-auth's refusal (the readable message thrown by authorize), when there is no session. */
  error?: string;
}

export async function signInWith(fields: Record<string, string>): Promise<SignInResult> {
  const csrf = await fetch(`${base()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, ...fields }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  if (session) return { cookie: session.split(';')[0]! };
  const location = res.headers.get('location') ?? '';
  return { error: new URL(location, base()).searchParams.get('error') ?? `status ${res.status}` };
}

export const mutate = (path: string, input: unknown, cookie = '') =>
  request(`/api/trpc/${path}`, { method: 'POST', json: { json: input }, headers: { cookie, origin: base() } });
export const query = (path: string, cookie: string, input?: unknown) =>
  request(`/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`, { headers: { cookie } });

/** The data of a tRPC answer (superjson's `json`). */
export const dataOf = <T = any>(res: { json: any }): T => res.json?.result?.data?.json as T;

/** Waits for the n-th mail to `address` (the outbox delivers after commit, a moment later). */
export async function mailTo(smtp: TestSmtp, address: string, count = 1, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = smtp.to(address);
    if (got.length >= count) return got[count - 1]!;
    if (Date.now() > until) throw new Error(`no mail #${count} to ${address} (got ${got.length})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The one-time link in a mail's text, and its token. */
export function linkIn(text: string | undefined, path: '/reset-password' | '/accept-invitation') {
  const m = new RegExp(`(https?://[^\\s"<>]+${path}\\?token=([A-Za-z0-9_%-]+))`).exec(text ?? '');
  expect(m, `a ${path} link in:\n${text}`).toBeTruthy();
  return { link: m![1]!, token: decodeURIComponent(m![2]!) };
}

/** The TOTP code of a base32 secret at a moment (RFC 6238, SHA-1, 6 digits, 30 s). */
export const totpAt = (secret: string, at = Date.now()) =>
  new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });
