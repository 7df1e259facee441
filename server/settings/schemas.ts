// Settings forms, shared by the browser (errors as you type) and the server (the rule).
// No server-only imports.
import { z } from 'zod';
import { attributionModels, teamRoles } from '@/db/enums';
import { emailSchema } from '../accounts/schemas';
import { formatIpRange, parseIpRange } from '../fraud/ip';
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
export const blockedIpsSchema = z
  .union([z.string().max(100_000, 'The list is too long.'), z.array(z.string().max(100)).max(MAX_BLOCKED_IPS * 2)])
  // The parsed list goes through the schema again on the server: a list is lines too.
  .transform((v) => (Array.isArray(v) ? v.join('\n') : v))
  .transform((text, ctx) => {
    const out = new Set<string>();
    const bad: string[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      for (const entry of line.replace(/#.*/, '').split(/[\s,;]+/).filter(Boolean)) {
        const range = parseIpRange(entry);
        if (range) out.add(formatIpRange(range));
        else bad.push(`line ${i + 1}: “${entry.length > 60 ? `${entry.slice(0, 60)}…` : entry}”`);
      }
    });
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `Not an IP address or CIDR range — ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}. Use e.g. 203.0.113.7, 198.51.100.0/24 or 2001:db8::/32.`,
      });
    if (out.size > MAX_BLOCKED_IPS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_BLOCKED_IPS.toLocaleString('en-US')} entries.` });
    return [...out];
  });

export const fraudSettingsSchema = z.object({
  repeatClickWindowMinutes: wholeNumber(0, 10_080, 'minutes'),
  fastConversionSeconds: wholeNumber(0, 86_400, 'seconds'),
  flagAffiliateIps: z.boolean(),
  blockedIps: blockedIpsSchema,
});
export type FraudSettingsInput = z.input<typeof fraudSettingsSchema>;

export const affiliateBlockSchema = z.object({ id: z.string().max(64), blocked: z.boolean() });

/** How long the tracking log keeps its entries (Transactions › Tracking log). */
export const trackingLogSettingsSchema = z.object({ trackingLogDays: wholeNumber(1, 365, 'days') });
export type TrackingLogSettingsInput = z.input<typeof trackingLogSettingsSchema>;
