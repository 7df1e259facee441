// The contract's request fields (TRACKING-API.md §2–4), with Post Affiliate Pro's
// aliases, length limits and the server-only fields of /t/sale.
import { z } from 'zod';
import { AppError, fromZodError } from '../errors';

/** The user-agent (header, or the server-only `userAgent` field) is free text up to this length. */
export const MAX_USER_AGENT = 1024;

const text = (max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .pipe(z.string().max(max, `at most ${max} characters`))
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const subIds = {
  data1: text(255),
  data2: text(255),
  data3: text(255),
  data4: text(255),
  data5: text(255),
};

/** Field aliases: the second name is Post Affiliate Pro's, so old links keep working. */
const ALIASES: Record<string, string> = { a_aid: 'aff', a_cid: 'campaign', a_bid: 'banner', chan: 'channel' };

export function applyAliases(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [alias, name] of Object.entries(ALIASES)) {
    if (out[name] === undefined || out[name] === '') {
      if (out[alias] !== undefined) out[name] = out[alias];
    }
    delete out[alias];
  }
  return out;
}

export const clickInput = z.object({
  account: z.string({ error: 'required' }).min(1, 'required').max(64),
  aff: z.string({ error: 'required' }).min(1, 'required').max(64),
  campaign: text(64),
  banner: text(64),
  channel: text(64),
  ...subIds,
  url: text(2048),
  referrer: text(2048),
  vid: text(64),
  to: text(2048),
});
export type ClickInput = z.infer<typeof clickInput>;

/** GET /t/imp: a banner impression. */
export const impressionInput = z.object({
  account: z.string({ error: 'required' }).min(1, 'required').max(64),
  aff: z.string({ error: 'required' }).min(1, 'required').max(64),
  banner: text(64),
});

/** POST /t/click with `handoff`: a browser trades in a hand-off token (`?aff_vid=` of its landing page). */
export const exchangeInput = z.object({
  account: z.string({ error: 'required' }).min(1, 'required').max(64),
  handoff: z.string({ error: 'required' }).min(1, 'required').max(256),
  vid: text(64),
});

/** POST /t/handoff: a token for the visitor the browser holds (`aff.decorate()`). */
export const mintInput = z.object({
  account: z.string({ error: 'required' }).min(1, 'required').max(64),
  vid: text(64),
});

const SERVER_ONLY = ['affiliate', 'status', 'commission', 'ip', 'userAgent'] as const;

const money = z.union([z.string(), z.number()]).optional();

export const saleInput = z.object({
  account: text(64),
  orderId: text(255),
  total: money,
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code')
    .transform((c) => c.toUpperCase())
    .optional(),
  actionCode: z
    .string()
    .min(1)
    .max(64, 'at most 64 characters')
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
    .optional(),
  // A raw visitor id or a hand-off token (server/tracking/handoff.ts) carried through a checkout.
  visitorId: text(256),
  coupon: text(64),
  customerId: text(255),
  customerEmail: text(254),
  productId: text(255),
  ...subIds,
  // Server-to-server only:
  affiliate: text(64),
  ip: text(64),
  userAgent: text(MAX_USER_AGENT),
  status: z.enum(['pending', 'approved']).optional(),
  commission: money,
});
export type SaleInput = z.infer<typeof saleInput>;

export const refundInput = z.object({
  orderId: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1, 'required').max(255)),
  amount: money,
  actionCode: z.string().min(1).max(64).optional(),
  refundId: text(255),
});
export type RefundInput = z.infer<typeof refundInput>;

export function userAgentOf(headers: { get(name: string): string | null }): string | undefined {
  const ua = headers.get('user-agent') ?? undefined;
  if (ua !== undefined && ua.length > MAX_USER_AGENT)
    throw new AppError('invalid_request', `user-agent: at most ${MAX_USER_AGENT} characters.`);
  return ua || undefined;
}

export function parseOrThrow<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  rejectNulCharacters(raw);
  const r = schema.safeParse(raw);
  if (!r.success) throw fromZodError(r.error);
  return r.data;
}

/** A browser call may not send what only the merchant's server may decide. */
export function assertNoServerOnlyFields(raw: Record<string, unknown>): void {
  const sent = SERVER_ONLY.filter((f) => raw[f] !== undefined);
  if (sent.length)
    throw new AppError('forbidden', `${sent.join(', ')}: only a server-to-server call with an API key may send ${sent.length > 1 ? 'these' : 'this'}.`);
}

/**
 * PostgreSQL text cannot hold U+0000, so a field carrying one could not be stored
 * verbatim: it is refused up front, naming the field, instead of failing the write.
 * Walked with a stack of its own, not by recursion: a body may nest 60,000 levels deep
 * in 64 KB, which would overflow the call stack (a 500) before any field is read.
 */
export function rejectNulCharacters(raw: unknown): void {
  const stack: [unknown, string][] = [[raw, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw new AppError('invalid_request', `${path || 'body'}: contains a NUL character.`);
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.some(([k]) => k.includes('\u0000'))) throw new AppError('invalid_request', 'body: a field name contains a NUL character.');
      // Pushed last to first, so fields are checked in the order they came (and the first offender is named).
      // Past a few levels the path is not worth showing: the contract's fields are flat.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push([v, path.length > 200 ? path : path ? `${path}.${k}` : k]);
      }
    }
  }
}
