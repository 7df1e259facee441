// The value lists the data model and the UI share (statuses, roles, kinds). Client-safe:
// no drizzle import, so a browser bundle that needs a list of statuses does not carry the
// schema with it. db/schema.ts builds its columns from these and re-exports them.
export const userRoles = ['merchant', 'affiliate'] as const;
export const affiliateStatuses = ['pending', 'approved', 'declined', 'suspended'] as const;
export const attributionModels = ['last_click', 'first_click'] as const;
// `manual`: credited by hand by the merchant from an unattributed conversion (server/tracking-log).
export const attributionMethods = ['explicit', 'lifetime', 'coupon', 'cookie', 'ip_ua', 'manual'] as const;
export const commissionStatuses = ['pending', 'approved', 'declined', 'paid'] as const;
export const ruleKinds = ['percent', 'fixed'] as const;
/** What a campaign does with a sale reported by the browser alone (TRACKING-API.md §0). */
export const browserSalePolicies = ['pay', 'confirm'] as const;

/** When the merchant pays (shown to affiliates): by hand whenever, or every week / month on a day. */
export const payoutSchedules = ['manual', 'weekly', 'monthly'] as const;
/** The payout methods a program can offer its affiliates. */
export const payoutMethods = ['paypal', 'bank_transfer'] as const;

export type PayoutSchedule = (typeof payoutSchedules)[number];
export type PayoutMethod = (typeof payoutMethods)[number];
export type UserRole = (typeof userRoles)[number];
export type AffiliateStatus = (typeof affiliateStatuses)[number];
export type AttributionModel = (typeof attributionModels)[number];
export type AttributionMethod = (typeof attributionMethods)[number];
export type CommissionStatus = (typeof commissionStatuses)[number];
