// Settings forms, shared by the browser (errors as you type) and the server (the rule).
// No server-only imports.
import { z } from 'zod';
import { emailSchema } from '../accounts/schemas';
import { isCurrency } from '../money';

/** The website: an absolute http(s) URL (its host must be an allowed domain — checked on the server) or a path of this app. */
export function websiteUrlProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (/[\s\\]/.test(value)) return 'An address has no spaces or backslashes.';
  if (value.startsWith('/')) return value.startsWith('//') ? 'Enter a full address (https://…) or a path such as /shop.' : undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address starting with https:// (or a path such as /shop).';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http and https addresses.';
  if (url.username || url.password) return 'An address without a user name or password.';
  return undefined;
}

export const accountSettingsSchema = z.object({
  name: z.string().trim().min(2, 'At least 2 characters.').max(100, 'At most 100 characters.'),
  defaultCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCurrency, 'A three-letter ISO 4217 code, e.g. USD.'),
  websiteUrl: z
    .string()
    .trim()
    .max(2048, 'At most 2,048 characters.')
    .superRefine((v, ctx) => {
      const problem = websiteUrlProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  autoApproveAffiliates: z.boolean(),
});
export type AccountSettingsInput = z.input<typeof accountSettingsSchema>;

const wholeNumber = (min: number, max: number, what: string) =>
  z.coerce
    .number({ error: `Enter a whole number of ${what}.` })
    .int(`Enter a whole number of ${what}.`)
    .min(min, `At least ${min}.`)
    .max(max, `At most ${max.toLocaleString('en-US')}.`);

// The same values as db/schema's attributionModels (not imported: this file runs in the browser).
export const ATTRIBUTION_MODELS = ['last_click', 'first_click'] as const;

export const defaultCampaignSchema = z.object({
  cookieDays: wholeNumber(1, 3650, 'days'),
  attributionModel: z.enum(ATTRIBUTION_MODELS, { error: 'Choose first or last click.' }),
  fingerprintWindowHours: wholeNumber(0, 720, 'hours'),
});
export type DefaultCampaignInput = z.input<typeof defaultCampaignSchema>;

export const teamInviteSchema = z.object({
  name: z.string().trim().min(1, 'Enter their name.').max(100, 'At most 100 characters.'),
  email: emailSchema,
});
export type TeamInviteInput = z.input<typeof teamInviteSchema>;

export const teamRemoveSchema = z.object({ userId: z.string().max(64) });
