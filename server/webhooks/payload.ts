// Reading providers' JSON defensively: every value is checked before it reaches
// the tracker, and a missing or malformed field is `invalid_request` naming its path.
import { isSafeNumber, parse as parseLossless } from 'lossless-json';
import { AppError } from '../errors';
import { HANDOFF_RE, VISITOR_ID_RE } from '../ids';
import { MAX_MINOR } from '../money';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body as a JSON object, or `invalid_request` saying what is wrong. Integers beyond
 * 2^53 (Shopify's ids: its own test notification has 820982911946154508) are kept as
 * their exact digits, as strings: `JSON.parse` would round them to another id.
 */
export function parseJsonObject(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = parseLossless(body, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
  } catch (err) {
    const why = err instanceof RangeError ? 'nested too deeply' : err instanceof Error ? err.message : 'unreadable';
    throw new AppError('invalid_request', `body: not valid JSON (${why.slice(0, 120)}).`);
  }
  if (!isObject(parsed)) throw new AppError('invalid_request', 'body: must be a JSON object.');
  return parsed;
}

/** The value at a dotted path (`data.object.id`, `refunds.0.total`), or undefined. */
export function at(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(key)) cur = cur[Number(key)];
    else if (isObject(cur) && Object.hasOwn(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

export function objectAt(value: unknown, path: string): JsonObject {
  const v = at(value, path);
  if (!isObject(v)) throw new AppError('invalid_request', `${path}: must be an object.`);
  return v;
}

/**
 * A string or integer field as text, or undefined when absent, empty, too long or
 * holding a NUL (PostgreSQL text cannot store one). Ids arrive as numbers from
 * Shopify and WooCommerce (their exact digits as a string past 2^53: parseJsonObject),
 * as strings elsewhere.
 */
export function text(value: unknown, max = 255): string | undefined {
  let s: string;
  if (typeof value === 'string') s = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) s = String(value);
  else return undefined;
  if (s === '' || s.length > max || s.includes('\u0000')) return undefined;
  return s;
}

export function textAt(value: unknown, path: string, max = 255): string | undefined {
  return text(at(value, path), max);
}

export function requiredTextAt(value: unknown, path: string, max = 255): string {
  const s = textAt(value, path, max);
  if (s === undefined) throw new AppError('invalid_request', `${path}: required (text or id of at most ${max} characters).`);
  return s;
}

/** An id that may be given as a string or as an expanded object with an `id` (Stripe's expandable fields). */
export function idAt(value: unknown, path: string): string | undefined {
  const v = at(value, path);
  return isObject(v) ? text(v.id) : text(v);
}

/** Integer minor units, given as a number (Stripe, Lemon Squeezy) or a digit string (Paddle). */
export function minorUnitsAt(value: unknown, path: string): number {
  const v = at(value, path);
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v.trim()) ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new AppError('invalid_request', `${path}: must be a non-negative integer amount in minor units.`);
  if (n >= MAX_MINOR) throw new AppError('invalid_request', `${path}: amount too large.`);
  return n;
}

/**
 * A major-unit decimal string (Shopify, WooCommerce: `"120.50"`), with the zeros
 * after the last significant decimal removed, so `"1990.00"` is a valid JPY amount.
 */
export function decimalAt(value: unknown, path: string, opts: { absolute?: boolean } = {}): string {
  const v = at(value, path);
  let s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  // WooCommerce writes refunds as negative amounts; their size is what counts.
  if (opts.absolute && s?.startsWith('-')) s = s.slice(1);
  const m = s === undefined ? null : /^(\d{1,16})(?:\.(\d{1,12}))?$/.exec(s);
  if (!m) throw new AppError('invalid_request', `${path}: must be a decimal amount such as "120.50".`);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${BigInt(m[1]!)}.${frac}` : String(BigInt(m[1]!));
}

/** Decimal strings added exactly (no floats), normalised like `decimalAt`. */
export function sumDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((v) => v.split('.')[1]?.length ?? 0));
  const total = values.reduce((sum, v) => {
    const [whole, frac = ''] = v.split('.');
    return sum + BigInt(whole!) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0') || '0');
  }, 0n);
  if (scale === 0) return String(total);
  const digits = total.toString().padStart(scale + 1, '0');
  const frac = digits.slice(-scale).replace(/0+$/, '');
  const whole = digits.slice(0, -scale);
  return frac ? `${whole}.${frac}` : whole;
}

/** An ISO 4217 code, upper-cased (Stripe sends `usd`). */
export function currencyAt(value: unknown, path: string): string {
  const s = textAt(value, path, 3);
  if (!s || !/^[A-Za-z]{3}$/.test(s)) throw new AppError('invalid_request', `${path}: must be an ISO 4217 currency code.`);
  return s.toUpperCase();
}

/**
 * The first candidate shaped like a visitor id (32 hex characters) or a hand-off token
 * (which recordConversion resolves). Fields such as Stripe's `client_reference_id` often
 * hold the merchant's own ids: those are not ours.
 */
export function visitorIdOf(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    const s = text(c, 256);
    if (s && VISITOR_ID_RE.test(s.toLowerCase())) return s.toLowerCase();
    if (s && HANDOFF_RE.test(s)) return s;
  }
  return undefined;
}

/** An email-like text of at most 254 characters, for lifetime referrals. */
export function emailOf(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    const s = text(c, 254);
    if (s && s.includes('@')) return s;
  }
  return undefined;
}

/** The value of `name` in a list of `{name, value}` or `{key, value}` pairs (Shopify note attributes, WooCommerce meta). */
export function pairValue(list: unknown, names: string[], keyField: 'name' | 'key'): unknown {
  if (!Array.isArray(list)) return undefined;
  for (const name of names) {
    const hit = list.find((p) => isObject(p) && p[keyField] === name);
    if (isObject(hit)) return hit.value;
  }
  return undefined;
}
