// Shared rules for untrusted input, client-safe (zod only). PostgreSQL refuses a NUL
// character in text and has no year 0, so such input must be refused as a bad request
// naming its field before it reaches a query, never surface as a database error (500).
import { z } from 'zod';

/** The path of the first string (or key) holding a NUL character in `value`, e.g. `form.name`; undefined if none. */
export function nulCharacterPath(value: unknown, path: string[] = [], depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'input' : undefined;
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return [...path, k.replaceAll('\u0000', '\\0')].join('.');
    const found = nulCharacterPath(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return undefined;
}

const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

/** A calendar day `YYYY-MM-DD` (UTC) between 1970 and 9999. */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2025-01-31.')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Not a calendar date.')
  .refine((v) => Number(v.slice(0, 4)) >= MIN_YEAR && Number(v.slice(0, 4)) <= MAX_YEAR, `Use a date between ${MIN_YEAR} and ${MAX_YEAR}.`);
