// Which commissions to approve or decline; shared by the list's buttons and the
// procedures (kept apart from the filters so the browser bundle needs no db schema).
import { z } from 'zod';

export const MAX_REVIEW_IDS = 500;

export const reviewSchema = z.object({
  ids: z
    .array(z.string().max(64))
    .min(1, 'Select at least one commission.')
    .max(MAX_REVIEW_IDS, `At most ${MAX_REVIEW_IDS} commissions at once.`),
});
export type ReviewInput = z.input<typeof reviewSchema>;
