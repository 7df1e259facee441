// Form schemas shared by the client (field errors as you type) and the server (the rule).
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/password-length';
import { isHostname } from '../integration/schemas';

export const accountIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'At least 3 characters.')
  .max(40, 'At most 40 characters.')
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'Lowercase letters, digits and dashes; no dash at either end.');

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('Enter a valid email address.'));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(200, 'At most 200 characters.')
  .refine((p) => new Set(p).size >= 4, 'Too simple: use more different characters.');

/**
 * The shop's domain as a merchant types it (`shop.example.com`, `https://shop.example.com/`),
 * reduced to its hostname; empty when left out (it can be set later under Integration).
 */
export const shopDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(300, 'At most 253 characters.')
  .transform((v, ctx) => {
    if (v === '') return undefined;
    let host = v;
    try {
      host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(v) ? v : `https://${v}`).hostname;
    } catch {
      host = '';
    }
    if (!isHostname(host)) {
      ctx.addIssue({ code: 'custom', message: 'Enter your shop’s domain, e.g. shop.example.com.' });
      return z.NEVER;
    }
    return host;
  });

export const merchantSignUpSchema = z.object({
  programName: z.string().trim().min(2, 'At least 2 characters.').max(100, 'At most 100 characters.'),
  accountId: accountIdSchema,
  name: z.string().trim().min(1, 'Enter your name.').max(100),
  email: emailSchema,
  password: passwordSchema,
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. USD.'),
  shopDomain: shopDomainSchema.optional(),
});

export type MerchantSignUpInput = z.input<typeof merchantSignUpSchema>;

/** /sign-in: nothing is sent with an empty field (the credentials are checked by next-auth). */
export const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email.').pipe(emailSchema),
  password: z.string().min(1, 'Enter your password.').max(200, 'At most 200 characters.'),
  code: z.string().trim().max(40, 'At most 40 characters.').optional(),
});

/** /forgot-password: the address to send a reset link to. */
export const forgotPasswordSchema = z.object({ email: emailSchema });

/** /reset-password and /accept-invitation: the link's token and the new password, twice. */
export const setPasswordSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: passwordSchema,
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' });
export type SetPasswordInput = z.input<typeof setPasswordSchema>;

/** What a dead one-time link says (expired, used, revoked — never which). */
export const DEAD_LINK_MESSAGES = {
  password_reset: 'This reset link has expired or was used already. Ask for a new one.',
  invitation: 'This invitation has expired, was revoked or was used already. Ask the program for a new one.',
} as const;
