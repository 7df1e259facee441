// Identifiers made by the server: visitor ids, public ids and secrets.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes for visitor ids, drawn from the CSPRNG 4 KB at a time and each used once:
 * one randomBytes() call per click was 5.6 % of a click's CPU (bench/PROFILE.md), as
 * crypto.randomUUID() avoids with its own cache.
 */
const VISITOR_POOL_BYTES = 4096;
let visitorPool = Buffer.alloc(0);
let visitorPoolAt = 0;

/** 128 random bits as 32 lowercase hex characters (the contract's visitor id). */
export function newVisitorId(): string {
  if (visitorPoolAt + 16 > visitorPool.length) {
    visitorPool = randomBytes(VISITOR_POOL_BYTES);
    visitorPoolAt = 0;
  }
  const id = visitorPool.toString('hex', visitorPoolAt, visitorPoolAt + 16);
  visitorPoolAt += 16;
  return id;
}

export const VISITOR_ID_RE = /^[0-9a-f]{32}$/;

/** A hand-off token's shape (server/tracking/handoff.ts): what a URL carries instead of a visitor id. */
export const HANDOFF_RE = /^ah1_[A-Za-z0-9_-]{75}$/;

/** A public id such as `cmp_4k2x9q0m7w1z`: prefix + 12 base-36 characters (62 bits). */
export function publicId(prefix: string, length = 12): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 36];
  return `${prefix}_${out}`;
}

/** A new API key: shown once to the merchant, stored only as its hash. */
export function newApiKey(): string {
  return `sk_live_${randomBytes(24).toString('base64url')}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time string comparison (for signatures and tokens). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
