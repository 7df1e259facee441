// Integration forms (API keys, allowed domains, the test panel), shared by the
// browser (errors as you type) and the server (the rule). No server-only imports.
import { z } from 'zod';
import { apiKeyScopes } from '@/db/enums';

export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1, 'Name the key (where it is used, e.g. "Checkout server").').max(60, 'At most 60 characters.'),
  /** `read`: the REST API's GETs only; `write` (default): everything, /t/sale and /t/refund included. */
  scope: z.enum(apiKeyScopes, { error: 'Choose read or write.' }).default('write'),
});
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateSchema>;

export const idSchema = z.object({ id: z.string().max(64) });

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A bare hostname: `shop.example.com`, `localhost`, `127.0.0.1` — no scheme, port, path or wildcard. */
export function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  return value.split('.').every((label) => LABEL.test(label));
}

/** Why an entry is not a hostname, in words a merchant can act on. */
function hostnameProblem(d: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(d)) return `${d}: leave out the scheme (https://) — enter the hostname only.`;
  if (d.includes('/')) return `${d}: enter the hostname only, without a path.`;
  if (/:\d+$/.test(d)) return `${d}: leave out the port — every port of an allowed host is allowed.`;
  if (d.includes('*')) return `${d}: wildcards are not supported — list each hostname.`;
  return `${d} is not a valid hostname.`;
}

export const MAX_ALLOWED_DOMAINS = 50;

export const allowedDomainsSchema = z.object({
  domains: z
    .array(z.string().max(300, 'A hostname has at most 253 characters.'))
    .max(MAX_ALLOWED_DOMAINS, `At most ${MAX_ALLOWED_DOMAINS} domains.`)
    .transform((list) => [...new Set(list.map((d) => d.trim().toLowerCase()).filter(Boolean))])
    .superRefine((list, ctx) => {
      if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'Keep at least one domain: redirect links need one.' });
      const bad = list.find((d) => !isHostname(d));
      if (bad !== undefined) ctx.addIssue({ code: 'custom', message: hostnameProblem(bad) });
    }),
});
export type AllowedDomainsInput = z.input<typeof allowedDomainsSchema>;

/** The domains text area: one per line (commas and spaces separate too). */
export function splitDomainList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export const testClickSchema = z.object({
  affiliateId: z.uuid({ error: 'Choose an affiliate.' }),
});
export type TestClickInput = z.input<typeof testClickSchema>;

export const testSaleSchema = z.object({
  total: z
    .string()
    .trim()
    .regex(/^\d{1,10}(\.\d{1,3})?$/, 'Enter an amount in major units, e.g. 100.00.'),
  /** The visitor of the test click; the latest test click when absent. */
  visitorId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
});
export type TestSaleInput = z.input<typeof testSaleSchema>;

/** Check my proxy: the shop's proxied t.js, as a browser loads it. */
export const proxyCheckSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2048, 'At most 2,048 characters.')
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
      } catch {
        return false;
      }
    }, 'Enter the full address of the proxied script, e.g. https://shop.example/_aff/t.js.'),
});
export type ProxyCheckInput = z.input<typeof proxyCheckSchema>;
