// The affiliate's postback form, shared by the affiliate panel (errors as you type), its tRPC
// procedures and the server's save: an absolute http(s) URL template whose `{macros}` are all
// known ones, none of them in the scheme or the host (the host is checked like a webhook's).
// Client-safe: no server imports.
import { z } from 'zod';

/** Every macro a template may use, with what it is replaced by (URL-encoded). */
export const POSTBACK_MACROS = {
  click_id: 'The id of the click that referred the conversion (empty without one)',
  visitor_id: 'The visitor id of that click (32 hex characters)',
  conversion_id: 'Our id of the conversion',
  order_id: 'The merchant’s order id',
  action: 'The action code (`sale` for a sale)',
  commission: 'Your commission in major units, e.g. `12.50`',
  commission_minor: 'Your commission in minor units (cents), e.g. `1250`',
  currency: 'The commission’s ISO 4217 currency, e.g. `USD`',
  total: 'The order total in major units, e.g. `120.00`',
  total_minor: 'The order total in minor units',
  order_currency: 'The order’s currency',
  status: 'The commission’s status when credited: `pending` or `approved`',
  tier: 'The commission tier (always 1: postbacks fire on your own conversions)',
  campaign: 'The campaign id',
  banner: 'The banner id of the click (empty without one)',
  channel: 'The channel of the click',
  data1: 'Sub-id 1 of the click (your own click id, for most trackers)',
  data2: 'Sub-id 2 of the click',
  data3: 'Sub-id 3 of the click',
  data4: 'Sub-id 4 of the click',
  data5: 'Sub-id 5 of the click',
  timestamp: 'When the conversion happened, Unix seconds',
  datetime: 'When the conversion happened, ISO 8601 UTC',
  test: '`1` for a test postback, `0` otherwise',
} as const;

export type PostbackMacro = keyof typeof POSTBACK_MACROS;
export const postbackMacroNames = Object.keys(POSTBACK_MACROS) as PostbackMacro[];

/** `{name}` in a template. */
export const MACRO_PATTERN = /\{([A-Za-z0-9_]+)\}/g;

export const POSTBACK_TEMPLATE_MAX = 2048;

const isMacro = (name: string): name is PostbackMacro => Object.prototype.hasOwnProperty.call(POSTBACK_MACROS, name);

/** What is wrong with a template, in words for its field; undefined when it is fine. */
export function templateProblem(template: string): string | undefined {
  const unknown = [...template.matchAll(MACRO_PATTERN)].map((m) => m[1]!).filter((n) => !isMacro(n));
  if (unknown.length) return `unknown macro {${unknown[0]}}; use one of the macros listed.`;
  if (/[{}]/.test(template.replace(MACRO_PATTERN, ''))) return 'a { or } that is not part of a macro such as {click_id}.';
  const m = /^(https?):\/\/([^/?#]*)/i.exec(template);
  if (!m) return 'must be an absolute http:// or https:// URL.';
  if (m[2]!.includes('{')) return 'macros may appear in the path and the query, not in the host.';
  if (m[2]!.includes('@')) return 'must not carry a user name or password.';
  // With every macro filled in, it must be a URL.
  try {
    const u = new URL(template.replace(MACRO_PATTERN, 'x'));
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an absolute http:// or https:// URL.';
    if (!u.hostname) return 'must name a host.';
  } catch {
    return 'is not a valid URL.';
  }
  return undefined;
}

export const postbackTemplate = z
  .string()
  .trim()
  .min(1, 'Enter the postback URL.')
  .max(POSTBACK_TEMPLATE_MAX, 'At most 2,048 characters.')
  .superRefine((v, ctx) => {
    const problem = templateProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `Postback URL: ${problem}` });
  });

export const postbackSaveSchema = z.object({
  urlTemplate: postbackTemplate,
  method: z.enum(['GET', 'POST']).default('GET'),
  enabled: z.boolean().default(true),
});
export type PostbackSaveInput = z.input<typeof postbackSaveSchema>;
