// Validate a form with its shared zod schema (the same one the server applies): the data, or field errors by field name.
import type { z } from 'zod';

export function check<S extends z.ZodType>(schema: S, raw: unknown): { data?: z.infer<S>; errors: Record<string, string> } {
  const r = schema.safeParse(raw);
  if (r.success) return { data: r.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const i of r.error.issues) errors[String(i.path[0] ?? 'form')] ??= i.message;
  return { errors };
}

/** A time as `2025-01-31 14:05:09 UTC` (the panels show UTC). */
export function utc(d: Date | string): string {
  return new Date(d).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}
