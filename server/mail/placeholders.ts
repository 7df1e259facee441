// `{affiliate.name}`-style placeholders in a template's subject and text: found, checked
// against the kind's list (an unknown one is a clear error, never sent as is), filled in.
import { AppError } from '../errors';

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)*)\}/g;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Refuses a placeholder the kind does not know, naming the field, the placeholder and the allowed ones. */
export function checkPlaceholders(field: string, template: string, allowed: readonly string[]): void {
  const unknown = placeholdersIn(template).filter((p) => !allowed.includes(p));
  if (unknown.length)
    throw new AppError(
      'invalid_request',
      `${field}: unknown placeholder ${unknown.map((p) => `{${p}}`).join(', ')}; use ${allowed.map((p) => `{${p}}`).join(', ')}.`,
    );
}

/** The template with each placeholder replaced by `fill(name)`, the text between by `literal(text)`. */
export function fillPlaceholders(template: string, fill: (name: string) => string, literal: (text: string) => string = (t) => t): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out += literal(template.slice(last, m.index)) + fill(m[1]!);
    last = m.index + m[0].length;
  }
  return out + literal(template.slice(last));
}
