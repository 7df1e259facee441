// Settings forms, shared by the browser (errors as you type) and the server (the rule).
// No server-only imports.
import { z } from 'zod';
import { attributionModels, payoutMethods, payoutSchedules, teamRoles, type PayoutMethod, type PayoutSchedule } from '@/db/enums';
import { emailSchema } from '../accounts/schemas';
import { isCountryCode } from '../fraud/countries';
import { formatIpRange, parseIpRange } from '../fraud/ip';
import { isCurrency } from '../money';
import { isHostname } from '../integration/schemas';

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

// db/enums is client-safe (no drizzle), unlike db/schema.
export const ATTRIBUTION_MODELS = attributionModels;

export const defaultCampaignSchema = z.object({
  cookieDays: wholeNumber(1, 3650, 'days'),
  attributionModel: z.enum(ATTRIBUTION_MODELS, { error: 'Choose first or last click.' }),
  fingerprintWindowHours: wholeNumber(0, 720, 'hours'),
});
export type DefaultCampaignInput = z.input<typeof defaultCampaignSchema>;

const teamRoleField = z.enum(teamRoles, { error: 'Choose owner, admin or viewer.' });

export const teamInviteSchema = z.object({
  name: z.string().trim().min(1, 'Enter their name.').max(100, 'At most 100 characters.'),
  email: emailSchema,
  role: teamRoleField.default('admin'),
});
export type TeamInviteInput = z.input<typeof teamInviteSchema>;

export const teamRemoveSchema = z.object({ userId: z.string().max(64) });
/** One team member (resend or revoke an invitation). */
export const teamMemberSchema = teamRemoveSchema;
export const teamRoleSchema = z.object({ userId: z.string().max(64), role: teamRoleField });
/** "Require two-factor sign-in for the team" (owner only). */
export const requireTwoFactorSchema = z.object({ required: z.boolean() });

export const MAX_BLOCKED_IPS = 1000;

/**
 * The IP blocklist as typed: one address or CIDR range per line (commas and spaces
 * separate too; `#` starts a comment). Parsed to canonical entries, each bad line named.
 */
/**
 * A list as typed in a textarea, or as a parsed list sent again: entries separated by commas,
 * spaces or lines, `#` starting a comment. Each entry goes through `parse` (undefined: refused);
 * the refused ones are named with their line, the first three in the message.
 */
function typedListSchema(o: { maxChars: number; maxEntries: number; parse: (entry: string) => string | undefined; what: string; example: string }) {
  return z
    .union([z.string().max(o.maxChars, 'The list is too long.'), z.array(z.string().max(100)).max(o.maxEntries * 2, 'The list is too long.')])
    .transform((v) => (Array.isArray(v) ? v.join('\n') : v))
    .transform((text, ctx) => {
      const out = new Set<string>();
      const bad: string[] = [];
      text.split(/\r?\n/).forEach((line, i) => {
        for (const entry of line.replace(/#.*/, '').split(/[\s,;]+/).filter(Boolean)) {
          const value = o.parse(entry);
          if (value) out.add(value);
          else bad.push(`line ${i + 1}: “${entry.length > 60 ? `${entry.slice(0, 60)}…` : entry}”`);
        }
      });
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `Not ${o.what} — ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}. ${o.example}`,
        });
      if (out.size > o.maxEntries) ctx.addIssue({ code: 'custom', message: `At most ${o.maxEntries.toLocaleString('en-US')} entries.` });
      return [...out];
    });
}

export const blockedIpsSchema = typedListSchema({
  maxChars: 100_000,
  maxEntries: MAX_BLOCKED_IPS,
  parse: (entry) => {
    const range = parseIpRange(entry);
    return range ? formatIpRange(range) : undefined;
  },
  what: 'an IP address or CIDR range',
  example: 'Use e.g. 203.0.113.7, 198.51.100.0/24 or 2001:db8::/32.',
});

/** ISO 3166-1 alpha-2 codes, any case; parsed to upper-case codes, sorted. */
export const countryListSchema = typedListSchema({
  maxChars: 10_000,
  maxEntries: 250,
  parse: (entry) => (isCountryCode(entry.toUpperCase()) ? entry.toUpperCase() : undefined),
  what: 'an ISO 3166-1 alpha-2 country code',
  example: 'Use two letters, e.g. RU, CN or BR.',
}).transform((codes) => codes.sort());

export const fraudSettingsSchema = z
  .object({
    repeatClickWindowMinutes: wholeNumber(0, 10_080, 'minutes'),
    fastConversionSeconds: wholeNumber(0, 86_400, 'seconds'),
    flagAffiliateIps: z.boolean(),
    blockedIps: blockedIpsSchema,
    /** Countries whose clicks and sales are treated as from a blocked IP; left as they are when absent. */
    blockedCountries: countryListSchema.optional(),
    /** Countries whose sales are flagged for review; left as they are when absent. */
    flaggedCountries: countryListSchema.optional(),
  })
  .superRefine((v, ctx) => {
    const both = (v.flaggedCountries ?? []).filter((c) => v.blockedCountries?.includes(c));
    if (both.length)
      ctx.addIssue({
        code: 'custom',
        path: ['flaggedCountries'],
        message: `${both.join(', ')} ${both.length === 1 ? 'is' : 'are'} blocked already: a country is either blocked or flagged.`,
      });
  });
export type FraudSettingsInput = z.input<typeof fraudSettingsSchema>;

export const affiliateBlockSchema = z.object({ id: z.string().max(64), blocked: z.boolean() });

export const MAX_PROGRAM_TERMS = 20_000;

/**
 * The program's terms (Settings › Program terms): plain text, shown to affiliates with its
 * line breaks. Line ends become \n, trailing spaces and runs of more than one blank line go;
 * '' means none (the section is left out). Control characters other than tabs and line breaks are refused.
 */
export const programTermsSchema = z.object({
  programTerms: z
    .string()
    .max(MAX_PROGRAM_TERMS * 2, `At most ${MAX_PROGRAM_TERMS.toLocaleString('en-US')} characters.`)
    .transform((v) =>
      v
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    )
    .refine((v) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(v), 'Plain text only: remove the control characters (pasted from a binary file?).')
    .refine((v) => v.length <= MAX_PROGRAM_TERMS, `At most ${MAX_PROGRAM_TERMS.toLocaleString('en-US')} characters.`),
});
export type ProgramTermsInput = z.input<typeof programTermsSchema>;

/** How long the tracking log keeps its entries (Transactions › Tracking log). */
export const trackingLogSettingsSchema = z.object({ trackingLogDays: wholeNumber(1, 365, 'days') });
export type TrackingLogSettingsInput = z.input<typeof trackingLogSettingsSchema>;

/**
 * The merchant's own tracking hostname (Settings › Tracking domain): a bare hostname, or ''
 * for none. Requests to it belong to this account (PAP's `default1`).
 */
export const trackingDomainSchema = z.object({
  trackingDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, 'A hostname has at most 253 characters.')
    .transform((v) => v.replace(/\.$/, ''))
    .refine((v) => v === '' || isHostname(v), 'Enter a hostname only, e.g. track.shop.example (no https://, path or port).'),
});
export type TrackingDomainInput = z.input<typeof trackingDomainSchema>;
// Payout settings: the program's minimum, schedule and the methods it offers.
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const PAYOUT_METHOD_LABELS: Record<PayoutMethod, string> = { paypal: 'PayPal', bank_transfer: 'Bank transfer' };

export const payoutSettingsSchema = z
  .object({
    minimum: z
      .string()
      .trim()
      .regex(/^\d{1,9}(\.\d{1,4})?$/, 'Enter an amount such as 50.00.'),
    schedule: z.enum(payoutSchedules, { error: 'Choose manual, weekly or monthly.' }),
    day: z
      .union([z.literal('').transform(() => undefined), z.coerce.number({ error: 'Choose a day.' }).int('Choose a day.')])
      .optional(),
    methods: z.array(z.enum(payoutMethods, { error: 'Unknown payout method.' })).min(1, 'Offer at least one payout method.').max(payoutMethods.length),
  })
  .superRefine((v, ctx) => {
    if (v.schedule === 'weekly' && (v.day === undefined || v.day < 1 || v.day > 7))
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'Choose the weekday payouts are made.' });
    if (v.schedule === 'monthly' && (v.day === undefined || v.day < 1 || v.day > 28))
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'Choose a day of the month from 1 to 28.' });
  })
  .transform((v) => ({ ...v, day: v.schedule === 'manual' ? null : (v.day ?? null), methods: [...new Set(v.methods)] }));
export type PayoutSettingsInput = z.input<typeof payoutSettingsSchema>;

/** "Monthly, on day 1" / "Weekly, on Friday" / "When the merchant pays (no fixed schedule)". */
export function describePayoutSchedule(schedule: PayoutSchedule, day: number | null): string {
  if (schedule === 'weekly' && day) return `Weekly, on ${WEEKDAYS[day - 1]}`;
  if (schedule === 'monthly' && day) return `Monthly, on day ${day}`;
  return 'By hand, when the merchant makes a payout batch (no fixed schedule)';
}
