// Affiliate forms, shared by the browser (errors as you type) and the server (the rule).
import { z } from 'zod';
import { emailSchema, passwordSchema } from '../accounts/schemas';

export const affiliateJoinSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'At most 100 characters.'),
  email: emailSchema,
  password: passwordSchema,
  website: z.string().trim().max(255, 'At most 255 characters.').optional().default(''),
  promotionMethod: z.string().trim().min(3, 'Tell the merchant how you will promote.').max(2000, 'At most 2,000 characters.'),
  acceptTerms: z.literal(true, { error: 'Accept the program terms to join.' }),
  parent: z.string().trim().max(64).optional(),
});
export type AffiliateJoinInput = z.input<typeof affiliateJoinSchema>;

/** Where the money goes is changed only with the account's password (a stolen session cannot redirect it). */
const currentPassword = z.string().min(1, 'Enter your password to change where you are paid.').max(200);

export const payoutDetailsSchema = z.discriminatedUnion('payoutMethod', [
  z.object({ payoutMethod: z.literal('paypal'), paypalEmail: emailSchema, currentPassword }),
  z.object({
    payoutMethod: z.literal('bank_transfer'),
    currentPassword,
    accountHolder: z.string().trim().min(2, 'Enter the account holder.').max(100),
    iban: z
      .string()
      .trim()
      .transform((v) => v.replace(/\s+/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'Enter a valid IBAN.')),
    bic: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?)?$/, 'Enter a valid BIC (8 or 11 characters) or leave it empty.')
      .optional()
      .default(''),
    bankName: z.string().trim().max(100).optional().default(''),
  }),
]);
export type PayoutDetailsInput = z.input<typeof payoutDetailsSchema>;

export const profileSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'At most 100 characters.'),
  email: emailSchema,
});

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.'),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' });
