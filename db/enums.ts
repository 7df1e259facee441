// The value lists the data model and the UI share (statuses, roles, kinds). Client-safe:
// no drizzle import, so a browser bundle that needs a list of statuses does not carry the
// schema with it. db/schema.ts builds its columns from these and re-exports them.
export const userRoles = ['merchant', 'affiliate'] as const;
/**
 * A merchant team member's role: `owner` (everything, the team and security settings too),
 * `admin` (runs the program: every change but the team and security settings), `viewer`
 * (reads everything, changes nothing). Affiliates' users carry the column's default, unused.
 */
export const teamRoles = ['owner', 'admin', 'viewer'] as const;
/** One-time links to set a password: a reset asked for on /forgot-password, an invitation sent by a merchant. */
export const accountTokenPurposes = ['password_reset', 'invitation'] as const;
export const affiliateStatuses = ['pending', 'approved', 'declined', 'suspended'] as const;
export const attributionModels = ['last_click', 'first_click'] as const;
// `manual`: credited by hand by the merchant from an unattributed conversion (server/tracking-log).
export const attributionMethods = ['explicit', 'lifetime', 'coupon', 'cookie', 'ip_ua', 'manual'] as const;
export const commissionStatuses = ['pending', 'approved', 'declined', 'paid'] as const;
export const ruleKinds = ['percent', 'fixed'] as const;
/** What a campaign does with a sale reported by the browser alone (TRACKING-API.md §0). */
export const browserSalePolicies = ['pay', 'confirm'] as const;
/** What an API key may do on /api/v1: `read` only reads, `write` also changes (PLATFORM-API.md §2). */
export const apiKeyScopes = ['read', 'write'] as const;
/** The events an outgoing webhook endpoint can subscribe to (PLATFORM-API.md §3). */
export const webhookEventTypes = [
  'affiliate.created',
  'affiliate.approved',
  'affiliate.declined',
  'conversion.created',
  'commission.created',
  'commission.approved',
  'commission.declined',
  'commission.paid',
  'refund.created',
  'payout.paid',
] as const;
/** The report dimensions of GET /api/v1/reports and the Reports pages (server/reports). */
export const reportGroupBys = [
  'affiliate', 'campaign', 'banner', 'channel', 'data1', 'data2', 'data3', 'data4', 'data5', 'day',
  'week', 'month', 'landingPage', 'referrer', 'country', 'device', 'browser', 'os',
] as const;
/** What an affiliate may group its own report by. */
export const affiliateReportGroupBys = ['day', 'week', 'month', 'campaign', 'banner', 'channel', 'data1', 'data2', 'data3', 'data4', 'data5', 'landingPage'] as const;
/** The measures a report can be sorted and charted by. */
export const reportMetrics = ['clicks', 'uniqueClicks', 'impressions', 'conversions', 'conversionRate', 'revenue', 'commissions', 'epc', 'refunds'] as const;
export type ReportMetric = (typeof reportMetrics)[number];
export const reportGroupLabels: Record<(typeof reportGroupBys)[number], string> = {
  affiliate: 'Affiliate', campaign: 'Campaign', banner: 'Banner', channel: 'Channel',
  data1: 'Sub-ID 1', data2: 'Sub-ID 2', data3: 'Sub-ID 3', data4: 'Sub-ID 4', data5: 'Sub-ID 5',
  day: 'Day', week: 'Week', month: 'Month', landingPage: 'Landing page', referrer: 'Referrer domain',
  country: 'Country', device: 'Device', browser: 'Browser', os: 'Operating system',
};

/** The payment gateways and carts that report sales by webhook (server/webhooks/registry.ts has one module each). */
export const webhookProviderNames = ['stripe', 'shopify', 'woocommerce', 'paddle', 'lemonsqueezy', 'generic'] as const;
/** Outbox rows (server/outbox): `logged` is a mail kept and printed instead of sent (no SMTP_URL). */
export const outboxStatuses = ['queued', 'sending', 'sent', 'logged', 'retrying', 'failed', 'cancelled'] as const;
/** Every mail the product sends (server/mail/templates). */
export const mailKinds = [
  'password_reset',
  'team_invitation',
  'affiliate_invitation',
  'two_factor_enabled',
  'affiliate_application',
  'affiliate_approved',
  'affiliate_declined',
  'commission_created',
  'payout_paid',
  'weekly_summary',
  'webhook_endpoint_disabled',
  'test',
] as const;
/** Account mails: always sent, no unsubscribe (a notification can be switched off by its recipient). */
export const transactionalMailKinds = ['password_reset', 'team_invitation', 'affiliate_invitation', 'two_factor_enabled', 'test'] as const;
/** Notifications the merchant's team receives; the rest go to affiliates. */
export const merchantNotificationKinds = ['affiliate_application'] as const;
export const affiliateNotificationKinds = ['affiliate_approved', 'affiliate_declined', 'commission_created', 'payout_paid', 'weekly_summary'] as const;

export type OutboxStatus = (typeof outboxStatuses)[number];
export type MailKind = (typeof mailKinds)[number];
export type NotificationKind = (typeof merchantNotificationKinds)[number] | (typeof affiliateNotificationKinds)[number];
export const isNotificationKind = (k: string): k is NotificationKind =>
  (merchantNotificationKinds as readonly string[]).includes(k) || (affiliateNotificationKinds as readonly string[]).includes(k);

/** When the merchant pays (shown to affiliates): by hand whenever, or every week / month on a day. */
export const payoutSchedules = ['manual', 'weekly', 'monthly'] as const;
/** The payout methods a program can offer its affiliates. */
export const payoutMethods = ['paypal', 'bank_transfer'] as const;

export type PayoutSchedule = (typeof payoutSchedules)[number];
export type PayoutMethod = (typeof payoutMethods)[number];
export type UserRole = (typeof userRoles)[number];
export type TeamRole = (typeof teamRoles)[number];
/** Whether a team role may change the program (everything but the team and security settings). */
export const canChangeProgram = (role: TeamRole | undefined): boolean => role === 'owner' || role === 'admin';
export const teamRoleLabels: Record<TeamRole, string> = { owner: 'Owner', admin: 'Admin', viewer: 'Viewer' };
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];
export type AffiliateStatus = (typeof affiliateStatuses)[number];
export type AttributionModel = (typeof attributionModels)[number];
export type AttributionMethod = (typeof attributionMethods)[number];
export type CommissionStatus = (typeof commissionStatuses)[number];
export type ApiKeyScope = (typeof apiKeyScopes)[number];
export type WebhookEventType = (typeof webhookEventTypes)[number];
export type ReportGroupBy = (typeof reportGroupBys)[number];
