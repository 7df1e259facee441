// The Affiliates manager's forms, shared by browser and server.
import { z } from 'zod';
import { emailSchema } from '../accounts/schemas';

export const refIdSchema = z
  .string()
  .trim()
  .min(2, 'At least 2 characters.')
  .max(64, 'At most 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'Letters, digits, - and _ only.');

const base = {
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.'),
  email: emailSchema,
  refId: refIdSchema,
  parentRefId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
  website: z.string().trim().max(255, 'At most 255 characters.').optional().default(''),
};

export const affiliateCreateSchema = z.object(base);
export const affiliateEditSchema = z.object(base);
export type AffiliateCreateInput = z.input<typeof affiliateCreateSchema>;
export type AffiliateEditInput = z.input<typeof affiliateEditSchema>;
