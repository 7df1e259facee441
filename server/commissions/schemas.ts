// Commission list filters and review requests, shared by the page (the GET form
// shows errors next to its fields), the tRPC procedures and the CSV export.
import { z } from 'zod';
import { attributionMethods, commissionStatuses } from '@/db/enums';
import { calendarDay } from '../input';

/** An optional select or text box of a GET form: '' means "any". */
const blankable = <T extends z.ZodType<string>>(s: T) =>
  z.union([z.literal(''), s]).optional().transform((v) => (v === '' ? undefined : (v as z.output<T> | undefined)));

/** A calendar day between 1970 and 9999: PostgreSQL has no year 0, so `0000-01-01` is a 400, not a 500. */
const day = z.string().trim().pipe(calendarDay);

export const commissionFilterSchema = z
  .object({
    status: blankable(z.enum(commissionStatuses)),
    /** The affiliate's referral id, as in links (`demo-aff`). */
    affiliate: blankable(z.string().trim().max(64, 'At most 64 characters.')),
    method: blankable(z.enum(attributionMethods)),
    /** Part of an order id. */
    order: blankable(z.string().trim().max(100, 'At most 100 characters.')),
    /** First and last day (UTC), both included. */
    from: blankable(day),
    to: blankable(day),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'The end date is before the start date.' });

export type CommissionFilterInput = z.input<typeof commissionFilterSchema>;
export type CommissionFilter = Partial<z.output<typeof commissionFilterSchema>>;

/** The filter as URL search params (for links to the next page and the CSV export). */
export function filterToSearch(f: CommissionFilter): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, String(v));
  return q;
}

export { MAX_REVIEW_IDS, reviewSchema, type ReviewInput } from './review-schema';
