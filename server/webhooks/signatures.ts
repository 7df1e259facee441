// HMAC-SHA256 helpers the providers' verifiers share. Every comparison is in
// constant time, and every digest covers the exact bytes received.
import { createHmac } from 'node:crypto';
import { safeEqual } from '../ids';
import type { Verification } from './types';

export const ok: Verification = { ok: true };
export const fail = (reason: string): Verification => ({ ok: false, reason });

export function hmacSha256(secret: string, ...parts: (string | Buffer)[]): Buffer {
  const h = createHmac('sha256', secret);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Whether any of the received signatures equals the expected one, each compared in constant time. */
export function anyMatches(expected: string, received: string[]): boolean {
  // Every candidate is compared, so the time taken does not reveal which one matched.
  return received.reduce((found, sig) => safeEqual(sig, expected) || found, false);
}

/** A header sent once and not empty, trimmed. */
export function headerOf(headers: Headers, name: string): string | undefined {
  const v = headers.get(name)?.trim();
  return v ? v : undefined;
}

/**
 * `k=v` pairs of a signature header (`t=…,v1=…` for Stripe, `ts=…;h1=…` for
 * Paddle); a key may repeat while a secret is being rolled.
 */
export function signatureParts(header: string, separator: ',' | ';'): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  for (const item of header.split(separator)) {
    const i = item.indexOf('=');
    if (i <= 0) continue;
    const key = item.slice(0, i).trim();
    const value = item.slice(i + 1).trim();
    parts.set(key, [...(parts.get(key) ?? []), value]);
  }
  return parts;
}

/**
 * A signed timestamp (Unix seconds) within `toleranceS` of now, either way: an
 * older one is a replay, a much newer one a clock that cannot be trusted.
 */
export function checkTimestamp(value: string | undefined, now: Date, toleranceS: number): Verification {
  if (!value || !/^\d{1,12}$/.test(value)) return fail('the signature header has no valid timestamp');
  const age = Math.floor(now.getTime() / 1000) - Number(value);
  if (Math.abs(age) > toleranceS)
    return fail(`the signature timestamp is ${Math.abs(age)} s ${age > 0 ? 'old' : 'in the future'} (tolerance ${toleranceS} s)`);
  return ok;
}

/** The common scheme: an HMAC-SHA256 of the raw body in one header, hex or base64. */
export function verifyBodyHmac(
  rawBody: Buffer,
  headers: Headers,
  secret: string,
  header: string,
  encoding: 'hex' | 'base64',
  prefix = '',
): Verification {
  const received = headerOf(headers, header);
  if (!received) return fail(`the ${header} header is missing`);
  if (prefix && !received.toLowerCase().startsWith(prefix)) return fail(`the ${header} header must start with "${prefix}"`);
  let signature = received.slice(prefix.length);
  // Hex digits are case-insensitive; base64 is not.
  if (encoding === 'hex') signature = signature.toLowerCase();
  const expected = hmacSha256(secret, rawBody).toString(encoding);
  return safeEqual(signature, expected) ? ok : fail(`the ${header} header does not match this account's signing secret`);
}

