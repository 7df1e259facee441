// Campaign, commission-rule, banner and coupon forms, shared by the browser (errors
// next to each field as you submit) and the server (the rule). No server-only imports.
// Every schema's output is a valid input again (empty → null), so a form may send what it parsed.
import { z } from 'zod';
import { attributionModels, browserSalePolicies, ruleKinds } from '@/db/enums';
import { AppError } from '../errors';
import { isCurrency, parseAmount } from '../money';

/** A whole number typed into a field (a string) or sent as a number. Empty → undefined. */
function wholeNumber(min: number, max: number) {
  return z.union([z.number(), z.string()]).nullish().transform((v, ctx) => {
    if (v === null || v === undefined) return undefined;
    const text = typeof v === 'number' ? String(v) : v.trim();
    if (text === '') return undefined;
    if (!/^\d+$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'Enter a whole number.' });
      return z.NEVER;
    }
    const n = Number(text);
    if (n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `Between ${min} and ${max}.` });
      return z.NEVER;
    }
    return n;
  });
}

const required = <T,>(v: T | undefined): v is T => v !== undefined;
const requiredNumber = (min: number, max: number) =>
  wholeNumber(min, max).refine(required, 'Enter a number.').transform((v) => v as number);

/** Empty text becomes null (an optional column). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .nullish()
    .transform((v) => (v ? v : null));

export const campaignIdSchema = z.string().trim().min(1).max(64);

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => /^[A-Z]{3}$/.test(c) && isCurrency(c), 'A three-letter ISO 4217 code, e.g. USD.');

export const campaignCreateSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.'),
  currency: currencySchema,
  cookieDays: requiredNumber(1, 3650),
  attributionModel: z.enum(attributionModels),
});
export type CampaignCreateInput = z.input<typeof campaignCreateSchema>;
export type CampaignCreate = z.output<typeof campaignCreateSchema>;

export const campaignSettingsSchema = campaignCreateSchema
  .extend({
    id: campaignIdSchema,
    lifetimeCommissions: z.boolean(),
    recurringCommissions: z.boolean(),
    autoApprove: z.boolean(),
    /** Empty: pending commissions wait for the merchant. */
    autoApproveAfterDays: wholeNumber(1, 365).transform((v) => v ?? null),
    fingerprintWindowHours: requiredNumber(0, 720),
    /** `pay`: a browser-reported sale earns at once; `confirm`: held until the server or the payment provider reports it. */
    browserSales: z.enum(browserSalePolicies, { error: 'Choose what a sale reported by the browser only earns.' }).optional(),
    /** Browser-reported actions without an order id one visitor earns per action code; 0 = no limit. Absent: unchanged. */
    browserActionLimit: requiredNumber(0, 1000).optional(),
  })
  .refine((v) => !(v.autoApprove && v.autoApproveAfterDays !== null), {
    path: ['autoApproveAfterDays'],
    message: 'Commissions start approved already; leave this empty or turn off “approve at once”.',
  });
export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>;
export type CampaignSettings = z.output<typeof campaignSettingsSchema>;

/**
 * A percentage as a person types it (`10`, `2.5`, `12.75 %`) → basis points
 * (1000, 250, 1275). At most two decimals, 0 to 100. Integer string math only.
 */
export function parsePercent(input: string): number {
  const text = input.trim().replace(/\s*%$/, '');
  if (text.startsWith('-')) throw new AppError('invalid_request', 'value: must not be negative.');
  const m = /^(\d{1,3})(?:\.(\d+))?$/.exec(text);
  if (!m) throw new AppError('invalid_request', 'value: enter a percentage such as 10 or 2.5.');
  const [, whole, frac = ''] = m;
  if (frac.length > 2) throw new AppError('invalid_request', 'value: at most two decimals (0.01 % steps).');
  const bp = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (bp > 10_000) throw new AppError('invalid_request', 'value: at most 100 %.');
  return bp;
}

/** Basis points → `2.5 %`. */
export function formatPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return `${whole}${frac ? '.' + frac : ''} %`;
}

/** Basis points → the text a person would type (`250` → `2.5`). */
export function percentInput(bp: number): string {
  return formatPercent(bp).replace(' %', '');
}

/** The stored value of a rule: basis points for a percent, minor units of the campaign currency for a fixed amount. */
export function ruleValue(kind: (typeof ruleKinds)[number], value: string, currency: string): { percentBp: number | null; fixedAmount: number | null } {
  return kind === 'percent'
    ? { percentBp: parsePercent(value), fixedAmount: null }
    : { percentBp: null, fixedAmount: parseAmount(value, currency, 'value') };
}

export const MAX_TIER = 10;

export const ruleFields = z.object({
  /** '' is a sale; otherwise the action code the tracker is sent (`signup`, `lead`, …). */
  actionCode: z
    .string()
    .trim()
    .toLowerCase()
    .max(64, 'At most 64 characters.')
    .regex(/^[a-z0-9_.-]*$/, 'Letters, digits, dots, dashes and underscores only; leave empty for a sale.'),
  productId: optionalText(255),
  tier: requiredNumber(1, MAX_TIER),
  kind: z.enum(ruleKinds),
  /** A percentage (`10`, `2.5`) or an amount in major units of the campaign currency (`5.00`). */
  value: z.string().trim().min(1, 'Enter a value.').max(20, 'Too long.'),
});

/** The percent is checked here (no currency needed); a fixed amount against the campaign currency by `ruleValue`. */
const checkPercent = (v: { kind: string; value: string }, ctx: z.RefinementCtx) => {
  if (v.kind !== 'percent') return;
  try {
    parsePercent(v.value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: (err as Error).message.replace(/^value: /, '') });
  }
};

export const ruleCreateSchema = ruleFields.extend({ campaignId: campaignIdSchema }).superRefine(checkPercent);
export const ruleUpdateSchema = ruleFields.extend({ id: z.string().max(64) }).superRefine(checkPercent);
export type RuleCreateInput = z.input<typeof ruleCreateSchema>;
export type RuleUpdateInput = z.input<typeof ruleUpdateSchema>;
export type RuleCreate = z.output<typeof ruleCreateSchema>;
export type RuleUpdate = z.output<typeof ruleUpdateSchema>;

const httpUrl = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'Enter a full address, starting with https://');

export const bannerFields = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.'),
  kind: z.enum(['image', 'text']),
  imageUrl: z.string().trim().max(2048).nullish(),
  width: wholeNumber(1, 4000).transform((v) => v ?? null),
  height: wholeNumber(1, 4000).transform((v) => v ?? null),
  linkText: z.string().trim().max(200, 'At most 200 characters.').nullish(),
  /** Empty: the program's website. Must be on the merchant's allowed domains (checked by the server). */
  targetUrl: optionalText(2048),
});

const checkBanner = (v: z.output<typeof bannerFields>, ctx: z.RefinementCtx) => {
  if (v.kind === 'image') {
    const r = httpUrl(2048).safeParse(v.imageUrl ?? '');
    if (!r.success) ctx.addIssue({ code: 'custom', path: ['imageUrl'], message: r.error.issues[0]!.message });
  } else if (!v.linkText) {
    ctx.addIssue({ code: 'custom', path: ['linkText'], message: 'Enter the link text.' });
  }
};

/** Image banners keep only image fields, text links only their text. */
const bannerContent = (v: z.output<typeof bannerFields>) =>
  v.kind === 'image'
    ? { imageUrl: v.imageUrl ?? null, width: v.width, height: v.height, linkText: null }
    : { imageUrl: null, width: null, height: null, linkText: v.linkText ?? null };

export const bannerCreateSchema = bannerFields
  .extend({ campaignId: campaignIdSchema })
  .superRefine(checkBanner)
  .transform((v) => ({ ...v, ...bannerContent(v) }));
export const bannerUpdateSchema = bannerFields
  .extend({ id: z.string().max(64) })
  .superRefine(checkBanner)
  .transform((v) => ({ ...v, ...bannerContent(v) }));
export type BannerCreateInput = z.input<typeof bannerCreateSchema>;
export type BannerUpdateInput = z.input<typeof bannerUpdateSchema>;
export type BannerCreate = z.output<typeof bannerCreateSchema>;
export type BannerUpdate = z.output<typeof bannerUpdateSchema>;

export const couponCreateSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .min(3, 'At least 3 characters.')
    .max(40, 'At most 40 characters.')
    .regex(/^[A-Z0-9_-]+$/, 'Letters, digits, dashes and underscores only.'),
  affiliateId: z.string().trim().min(1, 'Choose an affiliate.').max(64),
  /** Empty: any campaign (the affiliate's conversions go to the default campaign). */
  campaignId: z
    .string()
    .trim()
    .max(64)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type CouponCreateInput = z.input<typeof couponCreateSchema>;
export type CouponCreate = z.output<typeof couponCreateSchema>;

// Commission groups (Post Affiliate Pro's): a named set of rules per campaign for the affiliates put in it.
export const groupNameSchema = z.string().trim().min(1, 'Enter a name.').max(60, 'At most 60 characters.');
export const groupCreateSchema = z.object({ campaignId: campaignIdSchema, name: groupNameSchema });
export const groupRenameSchema = z.object({ id: z.string().max(64), name: groupNameSchema });
/** A rule of a group: the campaign's rule fields, for the group. */
export const groupRuleCreateSchema = ruleFields.extend({ groupId: z.string().max(64) }).superRefine(checkPercent);
/** Puts affiliates in a group of its campaign, or (groupId null) back on that campaign's own rules. */
export const groupMembersSchema = z.object({
  campaignId: campaignIdSchema,
  groupId: z.string().max(64).nullable(),
  affiliateIds: z.array(z.string().max(64)).min(1, 'Select affiliates first.').max(500, 'At most 500 at once.'),
});
export type GroupCreate = z.output<typeof groupCreateSchema>;
export type GroupRename = z.output<typeof groupRenameSchema>;
export type GroupRuleCreate = z.output<typeof groupRuleCreateSchema>;
export type GroupMembers = z.output<typeof groupMembersSchema>;
