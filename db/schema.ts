// The whole data model. Every tenant-owned table carries `merchant_id`; it is the
// first column of every index the panels and the tracker query by, and the
// distribution key should the data ever outgrow one server (see DESIGN.md, Scale).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  char,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: 'number' });
const merchantId = () =>
  text('merchant_id')
    .notNull()
    .references(() => merchants.id, { onDelete: 'cascade' });

// The value lists live in ./enums.ts (client-safe, no drizzle); re-exported for server code.
import {
  accountTokenPurposes,
  affiliateStatuses,
  apiKeyScopes,
  attributionMethods,
  attributionModels,
  browserSalePolicies,
  commissionStatuses,
  mailKinds,
  outboxStatuses,
  payoutSchedules,
  ruleKinds,
  teamRoles,
  userRoles,
} from './enums';
export * from './enums';

/** A merchant account: one affiliate program. `id` is the public account id (`demo`). */
export const merchants = pgTable('merchants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  defaultCurrency: char('default_currency', { length: 3 }).notNull().default('USD'),
  /** New affiliates from the sign-up page start approved instead of pending. */
  autoApproveAffiliates: boolean('auto_approve_affiliates').notNull().default(false),
  /** Hostnames the redirect mode may send visitors to, and the link generator may deep-link. */
  allowedDomains: text('allowed_domains').array().notNull().default(sql`'{}'::text[]`),
  /** Where the general affiliate link points. */
  websiteUrl: text('website_url'),
  // Fraud protection (server/fraud): read by the tracker through the cached merchant row.
  /** Clicks of the same affiliate from one visitor or IP within this many minutes are repeats; 0 = off. */
  repeatClickWindowMinutes: integer('repeat_click_window_minutes').notNull().default(60),
  /** A conversion this many seconds or less after its click is flagged `fast_conversion`; 0 = off. */
  fastConversionSeconds: integer('fast_conversion_seconds').notNull().default(10),
  /** Flag conversions from an IP the credited affiliate signed in from (`affiliate_ip`). */
  flagAffiliateIps: boolean('flag_affiliate_ips').notNull().default(true),
  /** Blocked client addresses: IPv4/IPv6 addresses and CIDR ranges, canonical form. */
  blockedIps: text('blocked_ips').array().notNull().default(sql`'{}'::text[]`),
  /** Countries (ISO 3166-1 alpha-2, upper case) whose clicks never count as unique and whose sales are flagged, as for a blocked IP. */
  blockedCountries: text('blocked_countries').array().notNull().default(sql`'{}'::text[]`),
  /** Countries whose sales (or their clicks) are flagged for review; their clicks count as usual. */
  flaggedCountries: text('flagged_countries').array().notNull().default(sql`'{}'::text[]`),
  /** The program's terms as the merchant wrote them (plain text, line breaks kept); '' for none. Shown to affiliates and on the sign-up page. */
  programTerms: text('program_terms').notNull().default(''),
  /** How many days the tracking log (tracking_log) keeps its entries. */
  trackingLogDays: integer('tracking_log_days').notNull().default(30),
  /**
   * The merchant's own tracking hostname (`track.shop.example`, a CNAME to the tracker, or the
   * shop's host when it proxies the tracker): a request to it belongs to this account, which
   * is what Post Affiliate Pro's `default1` account id means. Unique across merchants.
   */
  trackingDomain: text('tracking_domain'),
  /** "Require two-factor sign-in for the team": members without it are sent to turn it on first. */
  requireTwoFactor: boolean('require_two_factor').notNull().default(false),
  /** Where replies to the program's mails go; null: the owner's (first merchant user's) address. */
  mailReplyTo: text('mail_reply_to'),
  // Payout settings (server/settings/payout-settings.ts), shown to affiliates on their Payouts page.
  /** The smallest balance paid, in minor units of the default currency (the same major amount in others). */
  payoutMinimum: integer('payout_minimum').notNull().default(5000),
  payoutSchedule: text('payout_schedule', { enum: payoutSchedules }).notNull().default('manual'),
  /** Weekly: ISO weekday 1 (Monday) to 7; monthly: day 1 to 28; null when manual. */
  payoutDay: integer('payout_day'),
  /** The methods affiliates may choose under "How you are paid". */
  payoutMethods: text('payout_methods').array().notNull().default(sql`'{paypal,bank_transfer}'::text[]`),
  /** The dashboard's onboarding checklist was dismissed (only possible once complete). */
  onboardingDismissedAt: timestamp('onboarding_dismissed_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('merchants_tracking_domain_key').on(t.trackingDomain)]);

/** Everyone who signs in: merchant staff and affiliates. Email is the login, unique across the app. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: merchantId(),
    role: text('role', { enum: userRoles }).notNull(),
    /** Merchant staff only (see db/enums.ts); existing staff became owners. */
    teamRole: text('team_role', { enum: teamRoles }).notNull().default('owner'),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Empty until the user sets a password from their invitation link (no password signs in then). */
    passwordHash: text('password_hash').notNull(),
    /** Composite foreign key (merchant_id, affiliate_id) → affiliates below. */
    affiliateId: uuid('affiliate_id'),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    lastSignInIp: text('last_sign_in_ip'),
    /** In every session token; bumped by a password change or "sign out everywhere", which ends older sessions. */
    sessionVersion: integer('session_version').notNull().default(0),
    /** Two-factor sign-in (server/auth/two-factor.ts): the TOTP secret, encrypted; set once enrolment is confirmed. */
    totpSecret: text('totp_secret'),
    /** A secret being enrolled (shown as a QR code), encrypted, until a code confirms it. */
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last 30-second time step a code was accepted for: a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_merchant_idx').on(t.merchantId, t.role),
    foreignKey({ name: 'users_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
  ],
);

export const affiliates = pgTable(
  'affiliates',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    /** The public referral id used in links (`?aff=demo-aff`). */
    refId: text('ref_id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    status: text('status', { enum: affiliateStatuses }).notNull().default('pending'),
    /** The affiliate who referred this one: tier 2 commissions go up this chain. */
    parentId: uuid('parent_id'),
    website: text('website'),
    promotionMethod: text('promotion_method'),
    payoutMethod: text('payout_method', { enum: ['paypal', 'bank_transfer'] }),
    payoutDetails: jsonb('payout_details').$type<Record<string, string>>(),
    /** On the merchant's blocklist: still tracked, but its clicks never count as unique and its conversions are flagged. */
    blocked: boolean('blocked').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    // The migration narrows SET NULL to parent_id (PostgreSQL 15's ON DELETE SET NULL (column)): merchant_id stays.
    foreignKey({ name: 'affiliates_parent_fk', columns: [t.merchantId, t.parentId], foreignColumns: [t.merchantId, t.id] }).onDelete('set null'),
    uniqueIndex('affiliates_ref_key').on(t.merchantId, t.refId),
    index('affiliates_status_idx').on(t.merchantId, t.status, t.createdAt),
    index('affiliates_parent_idx').on(t.merchantId, t.parentId),
    index('affiliates_email_idx').on(t.merchantId, sql`lower(${t.email})`),
  ],
);

export const campaigns = pgTable(
  'campaigns',
  {
    /** Public id, `cmp_…`. */
    id: text('id').notNull(),
    merchantId: merchantId(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    currency: char('currency', { length: 3 }).notNull().default('USD'),
    cookieDays: integer('cookie_days').notNull().default(30),
    attributionModel: text('attribution_model', { enum: attributionModels }).notNull().default('last_click'),
    /** A referred customer's later purchases keep paying the referrer. */
    lifetimeCommissions: boolean('lifetime_commissions').notNull().default(false),
    /** Subscription renewals pay the referrer of the first payment. */
    recurringCommissions: boolean('recurring_commissions').notNull().default(false),
    /** Commissions start approved instead of pending. */
    autoApprove: boolean('auto_approve').notNull().default(false),
    /** Pending commissions are approved automatically this many days after the conversion. */
    autoApproveAfterDays: integer('auto_approve_after_days'),
    fingerprintWindowHours: integer('fingerprint_window_hours').notNull().default(24),
    /**
     * `pay`: a browser-reported sale earns its commissions at once; `confirm`: they are held
     * (flag `unconfirmed`) until a verified source (API key, signed webhook) reports the order.
     */
    browserSales: text('browser_sales', { enum: browserSalePolicies }).notNull().default('pay'),
    /** How many browser-reported actions without an order id one visitor earns per action code; 0 = no limit. */
    browserActionLimit: integer('browser_action_limit').notNull().default(1),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    index('campaigns_merchant_idx').on(t.merchantId),
    uniqueIndex('campaigns_one_default_key').on(t.merchantId).where(sql`${t.isDefault}`),
  ],
);

/**
 * A campaign's commission group (Post Affiliate Pro's): a named set of commission rules
 * (rows of commission_rules carrying its id) that replaces the campaign's own rules, rule
 * by rule, for the affiliates put in it. An affiliate is in at most one group per campaign.
 */
export const commissionGroups = pgTable(
  'commission_groups',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    campaignId: text('campaign_id').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'commission_groups_campaign_fk', columns: [t.merchantId, t.campaignId], foreignColumns: [campaigns.merchantId, campaigns.id] }).onDelete('cascade'),
    uniqueIndex('commission_groups_name_key').on(t.merchantId, t.campaignId, sql`lower(${t.name})`), index('commission_groups_merchant_idx').on(t.merchantId, t.campaignId)],
);

/** Which commission group of a campaign an affiliate is in (none: the campaign's own rules). */
export const affiliateCommissionGroups = pgTable(
  'affiliate_commission_groups',
  {
    merchantId: merchantId(),
    affiliateId: uuid('affiliate_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    groupId: uuid('group_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.affiliateId, t.campaignId] }),
    foreignKey({ name: 'affiliate_commission_groups_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
    foreignKey({ name: 'affiliate_commission_groups_campaign_fk', columns: [t.merchantId, t.campaignId], foreignColumns: [campaigns.merchantId, campaigns.id] }).onDelete('cascade'),
    foreignKey({ name: 'affiliate_commission_groups_group_fk', columns: [t.merchantId, t.groupId], foreignColumns: [commissionGroups.merchantId, commissionGroups.id] }).onDelete('cascade'),
    index('affiliate_commission_groups_campaign_idx').on(t.merchantId, t.campaignId),
    index('affiliate_commission_groups_group_idx').on(t.groupId),
  ],
);

/**
 * How much a conversion pays: per campaign, action code ('' = sale), optional
 * product and tier. Percent in basis points (1000 = 10 %), fixed in minor units
 * of the campaign currency.
 */
export const commissionRules = pgTable(
  'commission_rules',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    campaignId: text('campaign_id').notNull(),
    actionCode: text('action_code').notNull().default(''),
    productId: text('product_id'),
    tier: integer('tier').notNull().default(1),
    /** Set: a rule of this commission group, for its members only; null: the campaign's own rule. */
    commissionGroupId: uuid('commission_group_id'),
    kind: text('kind', { enum: ruleKinds }).notNull(),
    percentBp: integer('percent_bp'),
    fixedAmount: money('fixed_amount'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'commission_rules_campaign_fk', columns: [t.merchantId, t.campaignId], foreignColumns: [campaigns.merchantId, campaigns.id] }).onDelete('cascade'),
    foreignKey({ name: 'commission_rules_group_fk', columns: [t.merchantId, t.commissionGroupId], foreignColumns: [commissionGroups.merchantId, commissionGroups.id] }).onDelete('cascade'),
    index('commission_rules_campaign_idx').on(t.merchantId, t.campaignId, t.actionCode, t.tier),
    uniqueIndex('commission_rules_key').on(
      t.merchantId,
      t.campaignId,
      sql`coalesce(${t.commissionGroupId}::text, '')`,
      t.actionCode,
      sql`coalesce(${t.productId}, '')`,
      t.tier,
    ),
  ],
);

export const banners = pgTable(
  'banners',
  {
    /** Public id, `bnr_…`. */
    id: text('id').notNull(),
    merchantId: merchantId(),
    campaignId: text('campaign_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['image', 'text'] }).notNull(),
    imageUrl: text('image_url'),
    width: integer('width'),
    height: integer('height'),
    linkText: text('link_text'),
    targetUrl: text('target_url'),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'banners_campaign_fk', columns: [t.merchantId, t.campaignId], foreignColumns: [campaigns.merchantId, campaigns.id] }).onDelete('cascade'),
    index('banners_campaign_idx').on(t.merchantId, t.campaignId),
  ],
);

export const coupons = pgTable(
  'coupons',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    /** Stored upper-case; codes are matched case-insensitively. */
    code: text('code').notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    campaignId: text('campaign_id'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'coupons_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
    // The migration narrows SET NULL to campaign_id (ON DELETE SET NULL (column)): merchant_id stays.
    foreignKey({ name: 'coupons_campaign_fk', columns: [t.merchantId, t.campaignId], foreignColumns: [campaigns.merchantId, campaigns.id] }).onDelete('set null'),
    uniqueIndex('coupons_code_key').on(t.merchantId, t.code),
    index('coupons_affiliate_idx').on(t.merchantId, t.affiliateId),
  ],
);

/** A browser the tracker has seen, keyed by its 128-bit visitor id. */
export const visitors = pgTable(
  'visitors',
  {
    id: char('id', { length: 32 }).notNull(),
    merchantId: merchantId(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] }), index('visitors_merchant_idx').on(t.merchantId, t.createdAt)],
);

/**
 * Append-only, the largest table. The primary key includes `created_at`, the partition
 * key (on PostgreSQL the table is range-partitioned by month: db/partitions.ts), and
 * `merchant_id`, the distribution key should Citus ever spread it over servers.
 */
export const clicks = pgTable(
  'clicks',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
    merchantId: text('merchant_id').notNull(),
    visitorId: char('visitor_id', { length: 32 }).notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    bannerId: text('banner_id'),
    channel: text('channel'),
    data1: text('data1'),
    data2: text('data2'),
    data3: text('data3'),
    data4: text('data4'),
    data5: text('data5'),
    url: text('url'),
    referrer: text('referrer'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** Stored, counts for attribution, but not as a unique click in stats (`flag` says why). */
    isRepeat: boolean('is_repeat').notNull().default(false),
    /** Why it is not unique: `repeat`, `blocked_ip`, `blocked_country`, `blocked_affiliate` or `handoff` (server/fraud/flags.ts). */
    flag: text('flag'),
    /** ISO 3166-1 alpha-2 of the click's IP (server/geo), null when unknown. */
    country: text('country'),
    /** The user-agent's device type, browser and OS family (server/user-agent.ts), for the reports. */
    device: text('device'),
    browser: text('browser'),
    os: text('os'),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id, t.createdAt] }),
    // Ascending on purpose: read backwards they serve `order by created_at desc, id desc`
    // (DESC NULLS FIRST); a `.desc()` index is DESC NULLS LAST and does not, so the
    // Clicks page would sort every click of the account.
    index('clicks_merchant_time_idx').on(t.merchantId, t.createdAt, t.id),
    index('clicks_visitor_idx').on(t.merchantId, t.visitorId, t.createdAt),
    index('clicks_affiliate_time_idx').on(t.merchantId, t.affiliateId, t.createdAt, t.id),
    // The IP + user-agent attribution reads it by (merchant, ip); the repeat-click check by
    // (merchant, ip, affiliate): with the affiliate in the key, a busy address (an office
    // behind one NAT) is one probe per click instead of a walk over all its recent clicks.
    index('clicks_fingerprint_idx').on(t.merchantId, t.ip, t.affiliateId, t.createdAt),
    // The clicks the country back-fill (server/geo/backfill.ts) still has to look at: few once it has run.
    index('clicks_country_backfill_idx').on(t.merchantId, t.createdAt, t.id).where(sql`${t.country} is null and ${t.ip} is not null`),
  ],
);

/**
 * Clicks per account, UTC day and affiliate, kept by the click writer in the same
 * transaction as the clicks: the dashboards add up a few hundred rows instead of
 * counting a year of clicks.
 */
export const clickDailyStats = pgTable(
  'click_daily_stats',
  {
    merchantId: text('merchant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    clicks: integer('clicks').notNull().default(0),
    /** Clicks that are not repeats. */
    uniqueClicks: integer('unique_clicks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.day, t.affiliateId] })],
);

/**
 * Banner impressions per account, UTC day, affiliate and banner ('' when the pixel names
 * none): raw and unique (a visitor's first of the day), kept in the transaction that counts
 * the impression. No row per impression.
 */
export const impressionDailyStats = pgTable(
  'impression_daily_stats',
  {
    merchantId: text('merchant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    bannerId: text('banner_id').notNull().default(''),
    impressions: integer('impressions').notNull().default(0),
    uniqueImpressions: integer('unique_impressions').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.day, t.affiliateId, t.bannerId] }),
    index('impression_daily_stats_banner_idx').on(t.merchantId, t.bannerId, t.day),
  ],
);

/**
 * Who was counted today for a banner (a visitor id, else a hash of address and user-agent),
 * so a second impression of the day is not unique. Only recent days are kept.
 */
export const impressionVisitors = pgTable(
  'impression_visitors',
  {
    merchantId: text('merchant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    bannerId: text('banner_id').notNull().default(''),
    visitorKey: text('visitor_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.day, t.affiliateId, t.bannerId, t.visitorKey] })],
);

/**
 * What an import from Post Affiliate Pro created, by the export's own id (`kind` is
 * `affiliate`, `campaign`, `banner`, `coupon` or `commission`): a second run of the same
 * files finds its rows here and creates nothing again.
 */
export const importedRecords = pgTable(
  'imported_records',
  {
    merchantId: merchantId(),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    externalId: text('external_id').notNull(),
    localId: text('local_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.source, t.kind, t.externalId] })],
);

/**
 * The last click of each (account, affiliate, visitor or IP) within the longest repeat
 * window: the click writer decides "repeat or unique" by upserting these rows in its own
 * statement, so two statements (two app instances, or two batches of one) that see the
 * same visitor's first click at once are ordered by the row lock, and exactly one of them
 * counts it unique. `subject` is `v<visitor id>` or `i<ip>`; `prevAt` is the click before
 * the latest, as the upsert found it.
 */
export const clickMarks = pgTable(
  'click_marks',
  {
    merchantId: text('merchant_id').notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    subject: text('subject').notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
    prevAt: timestamp('prev_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.affiliateId, t.subject] }), index('click_marks_last_idx').on(t.lastAt)],
);

/**
 * Clicks per account, UTC day, affiliate, campaign and one more dimension of the click with
 * its value (server/tracking/click-stats.ts CLICK_DIMS: `total` with value '', `banner`,
 * `channel`, `data1`…`data5`, `landingPage`, `referrer`, `country`, `device`, `browser`,
 * `os`): kept by the click writer in the same statement as the clicks, so a report
 * (server/reports) adds up a few rows per day instead of counting raw clicks, and filters by
 * affiliate and campaign combine with any grouping. A click without a banner, channel, …
 * adds no row for that dimension.
 */
export const clickDailyDims = pgTable(
  'click_daily_dims',
  {
    merchantId: text('merchant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    dim: text('dim').notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    value: text('value').notNull(),
    clicks: integer('clicks').notNull().default(0),
    uniqueClicks: integer('unique_clicks').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.dim, t.day, t.affiliateId, t.campaignId, t.value] }),
    // An affiliate's own reports (and the merchant's "this affiliate" filter).
    index('click_daily_dims_affiliate_idx').on(t.merchantId, t.affiliateId, t.dim, t.day),
  ],
);

/**
 * The reports' conversion side, as click_daily_dims is their click side: per account, UTC day
 * of the conversion, affiliate (ALL_AFFILIATES: every affiliate's), campaign, one dimension
 * with its value (the same CLICK_DIMS; a conversion's banner, channel, … are its click's, a
 * sub-id the sale carried counts when the click had none) and currency. Counts only what the
 * reports count — attributed conversions that are not tests — and is kept by triggers on
 * conversions and commissions (migration 0023_conversion_rollup), so every statement that
 * writes either changes it in the same transaction. Like the click rollups it stays when
 * retention drops the raw clicks.
 * `conversions`, `revenue` (net of refunds) and `refunds` are of the conversions in that
 * currency; `commissions` (undeclined, minor units), `ownCommissions` (those credited to
 * the conversion's own affiliate: an affiliate's own report) and `commissionLines` (how
 * many) of the commissions paid in it.
 */
export const conversionDailyDims = pgTable(
  'conversion_daily_dims',
  {
    merchantId: text('merchant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    dim: text('dim').notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    value: text('value').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    conversions: integer('conversions').notNull().default(0),
    revenue: money('revenue').notNull().default(0),
    refunds: money('refunds').notNull().default(0),
    commissions: money('commissions').notNull().default(0),
    ownCommissions: money('own_commissions').notNull().default(0),
    commissionLines: integer('commission_lines').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'conversion_daily_dims_pkey', columns: [t.merchantId, t.dim, t.day, t.affiliateId, t.campaignId, t.value, t.currency] }),
    index('conversion_daily_dims_affiliate_idx').on(t.merchantId, t.affiliateId, t.dim, t.day),
  ],
);

/** A sale or an action. Unique per (merchant, order id, action code): idempotency by constraint. */
export const conversions = pgTable(
  'conversions',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    campaignId: text('campaign_id').notNull(),
    orderId: text('order_id'),
    /** '' for a sale, otherwise the action code (`signup`, `lead`, …). */
    actionCode: text('action_code').notNull().default(''),
    total: money('total').notNull().default(0),
    currency: char('currency', { length: 3 }).notNull(),
    refunded: money('refunded').notNull().default(0),
    status: text('status', { enum: ['attributed', 'unattributed'] }).notNull(),
    method: text('method', { enum: attributionMethods }),
    affiliateId: uuid('affiliate_id'),
    clickId: bigint('click_id', { mode: 'number' }),
    visitorId: text('visitor_id'),
    couponCode: text('coupon_code'),
    customerId: text('customer_id'),
    customerEmail: text('customer_email'),
    productId: text('product_id'),
    data1: text('data1'),
    data2: text('data2'),
    data3: text('data3'),
    data4: text('data4'),
    data5: text('data5'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** Where it came from: `js`, `api`, `webhook:stripe`, … */
    source: text('source').notNull(),
    /**
     * Reported by a verified source (API key, signed webhook, the merchant) rather than by
     * a browser alone. A verified report of an order replaces an unverified one (§0), and
     * only a verified conversion links a customer for lifetime referrals.
     */
    verified: boolean('verified').notNull().default(false),
    /** A test: the live test of Tools › Integration or a gateway's test-mode order. Never payable, never in figures. */
    test: boolean('test').notNull().default(false),
    /** For a renewal: the conversion of the subscription's first payment. */
    parentConversionId: uuid('parent_conversion_id'),
    subscriptionId: text('subscription_id'),
    /** Fraud flags (server/fraud/flags.ts). Its commissions are held out of auto-approval and payouts until reviewed. */
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    /** When a merchant user reviewed the flags (cleared the hold), and who. */
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    // The migration narrows SET NULL to affiliate_id (ON DELETE SET NULL (column)): merchant_id stays.
    foreignKey({ name: 'conversions_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('set null'),
    uniqueIndex('conversions_order_key').on(t.merchantId, t.orderId, t.actionCode),
    // Ascending with the id, as on clicks: read backwards they serve the panels'
    // `order by created_at desc, id desc` keyset pages without a sort.
    index('conversions_merchant_time_idx').on(t.merchantId, t.createdAt, t.id),
    index('conversions_affiliate_time_idx').on(t.merchantId, t.affiliateId, t.createdAt, t.id),
    index('conversions_subscription_idx').on(t.merchantId, t.subscriptionId),
    // The per-visitor limit on browser actions without an order id.
    index('conversions_visitor_idx').on(t.merchantId, t.visitorId, t.actionCode),
  ],
);

/**
 * Other ids a provider knows an order by (a Stripe PaymentIntent or charge for an
 * invoice), so a refund that names only those finds the order. Keyed by order id, not by
 * conversion: the link may arrive before the order itself.
 */
/**
 * A refund (or cancellation) that arrived before its order: providers deliver events in
 * any order. Kept with the ids it named, and applied when one of them becomes an order
 * (or an alias of one) in this account.
 */
export const earlyRefunds = pgTable(
  'early_refunds',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    provider: text('provider').notNull(),
    /** The order ids and aliases the refund named. */
    orderRefs: text('order_refs').array().notNull(),
    /** The refund as the provider's module mapped it (amounts, refund id, reason). */
    refund: jsonb('refund').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] }), index('early_refunds_merchant_idx').on(t.merchantId, t.createdAt)],
);

export const orderAliases = pgTable(
  'order_aliases',
  {
    merchantId: merchantId(),
    alias: text('alias').notNull(),
    orderId: text('order_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.alias] })],
);

export const commissions = pgTable(
  'commissions',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    conversionId: uuid('conversion_id').notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    tier: integer('tier').notNull().default(1),
    /** Minor units; negative for an adjustment (a refund of an already paid commission). */
    amount: money('amount').notNull(),
    /** What the rules first credited, before refunds reduced it. */
    originalAmount: money('original_amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: text('status', { enum: commissionStatuses }).notNull().default('pending'),
    kind: text('kind', { enum: ['commission', 'adjustment'] }).notNull().default('commission'),
    payoutId: uuid('payout_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'commissions_conversion_fk', columns: [t.merchantId, t.conversionId], foreignColumns: [conversions.merchantId, conversions.id] }).onDelete('cascade'),
    foreignKey({ name: 'commissions_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
    // The migration narrows SET NULL to payout_id (ON DELETE SET NULL (column)): merchant_id stays.
    foreignKey({ name: 'commissions_payout_fk', columns: [t.merchantId, t.payoutId], foreignColumns: [payouts.merchantId, payouts.id] }).onDelete('set null'),
    // Commissions pages (all, by status, by affiliate), newest first: see conversions.
    index('commissions_merchant_time_idx').on(t.merchantId, t.createdAt, t.id),
    index('commissions_merchant_status_idx').on(t.merchantId, t.status, t.createdAt, t.id),
    index('commissions_affiliate_idx').on(t.merchantId, t.affiliateId, t.createdAt, t.id),
    index('commissions_conversion_idx').on(t.conversionId),
    index('commissions_payout_idx').on(t.merchantId, t.payoutId),
  ],
);

/** Refunds seen, so a retried refund (same refund id) changes nothing. */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    conversionId: uuid('conversion_id').notNull(),
    refundId: text('refund_id'),
    amount: money('amount').notNull(),
    /** The commissions this refund declined, with their status before: a refund the provider takes back restores exactly these. */
    declined: jsonb('declined').$type<{ id: string; from: string }[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'refunds_conversion_fk', columns: [t.merchantId, t.conversionId], foreignColumns: [conversions.merchantId, conversions.id] }).onDelete('cascade'),
    uniqueIndex('refunds_refund_key').on(t.merchantId, t.refundId),
    index('refunds_conversion_idx').on(t.conversionId),
  ],
);

/** The lifetime-referral link: a customer belongs to the affiliate that referred the first sale. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    /** `id:<customerId>` or `email:<lower-case email>`. */
    customerKey: text('customer_key').notNull(),
    affiliateId: uuid('affiliate_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    firstConversionId: uuid('first_conversion_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'customers_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
    uniqueIndex('customers_key').on(t.merchantId, t.customerKey),
    index('customers_affiliate_idx').on(t.merchantId, t.affiliateId),
  ],
);

/** Server-to-server keys. Only a SHA-256 of the key is stored; the key is shown once. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    name: text('name').notNull(),
    /** The first characters, to recognise a key in the list. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** `read`: GET only on /api/v1; `write`: everything (the tracker's /t/* take either). */
    scope: text('scope', { enum: apiKeyScopes }).notNull().default('write'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex('api_keys_hash_key').on(t.merchantId, t.keyHash),
    // A presented key names no merchant: it is looked up by its hash alone.
    index('api_keys_hash_idx').on(t.keyHash),
    index('api_keys_merchant_idx').on(t.merchantId),
  ],
);

/**
 * `Idempotency-Key` of /api/v1 POSTs, per API key, for 24 hours: the request's hash and the
 * first answer, replayed to a retry with the same body. `status` null: still being answered.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    apiKeyId: uuid('api_key_id').notNull(),
    key: text('key').notNull(),
    merchantId: merchantId(),
    /** SHA-256 of method, path and body. */
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    body: text('body'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.apiKeyId, t.key] }),
    foreignKey({ name: 'api_idempotency_keys_api_key_fk', columns: [t.merchantId, t.apiKeyId], foreignColumns: [apiKeys.merchantId, apiKeys.id] }).onDelete('cascade'),
    index('api_idempotency_keys_time_idx').on(t.createdAt),
  ],
);

/** Where a merchant wants to hear of events (outgoing webhooks, PLATFORM-API.md §3). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** The event types it receives. */
    events: text('events').array().notNull(),
    /** `whsec_<base64>`: Standard Webhooks signing secret (HMAC needs the secret itself). */
    secret: text('secret').notNull(),
    /** After a rotation the old secret signs too, until `previousSecretExpiresAt`. */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull().default(true),
    /** Deliveries that failed for good (every retry) in a row; reset by a success. */
    failedMessages: integer('failed_messages').notNull().default(0),
    /** Why it was turned off automatically, shown to the merchant. */
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] }), index('webhook_endpoints_merchant_idx').on(t.merchantId, t.createdAt, t.id)],
);

/** Every attempt to deliver an outgoing webhook: the delivery log of an endpoint. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    merchantId: merchantId(),
    endpointId: uuid('endpoint_id').notNull(),
    /** The `webhook-id`: the same on every attempt of one message. */
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The signed body, so "send again" sends exactly it. */
    payload: text('payload').notNull(),
    attempt: integer('attempt').notNull(),
    /** `succeeded`, `failed` (will be retried) or `gave_up`. */
    outcome: text('outcome').notNull(),
    responseStatus: integer('response_status'),
    /** The first bytes of the answer. */
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'webhook_attempts_endpoint_fk', columns: [t.merchantId, t.endpointId], foreignColumns: [webhookEndpoints.merchantId, webhookEndpoints.id] }).onDelete('cascade'),
    index('webhook_attempts_endpoint_idx').on(t.merchantId, t.endpointId, t.createdAt, t.id),
    index('webhook_attempts_message_idx').on(t.merchantId, t.messageId),
  ],
);

/**
 * An affiliate's postback (server/postbacks): a URL template with macros, fired on each
 * tier-1 commission credited to it (a media buyer's tracker learns of its conversions).
 * One per affiliate; the merchant can turn it off (`blockedByMerchant`), which the affiliate cannot undo.
 */
export const affiliatePostbacks = pgTable(
  'affiliate_postbacks',
  {
    affiliateId: uuid('affiliate_id').notNull(),
    merchantId: merchantId(),
    /** `https://tracker.example/pb?click={click_id}&amount={commission}`; every macro value URL-encoded when sent. */
    urlTemplate: text('url_template').notNull(),
    method: text('method', { enum: ['GET', 'POST'] }).notNull().default('GET'),
    enabled: boolean('enabled').notNull().default(true),
    blockedByMerchant: boolean('blocked_by_merchant').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // One per affiliate; merchant_id leads the key (the distribution key, README › Scaling out with Citus).
  (t) => [
    primaryKey({ columns: [t.merchantId, t.affiliateId] }),
    foreignKey({ name: 'affiliate_postbacks_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
  ],
);

/** Every attempt to send an affiliate's postback: its delivery log. */
export const postbackAttempts = pgTable(
  'postback_attempts',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    merchantId: merchantId(),
    affiliateId: uuid('affiliate_id').notNull(),
    /** The outbox message: the same on every attempt of one postback. */
    messageId: uuid('message_id').notNull(),
    /** The commission it reported (null for a test postback, or once the commission is gone). */
    commissionId: uuid('commission_id'),
    conversionId: uuid('conversion_id'),
    test: boolean('test').notNull().default(false),
    method: text('method').notNull(),
    /** The URL as sent, macros filled in. */
    url: text('url').notNull(),
    attempt: integer('attempt').notNull(),
    /** `succeeded`, `failed` (will be retried) or `gave_up`. */
    outcome: text('outcome').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'postback_attempts_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
    index('postback_attempts_affiliate_idx').on(t.merchantId, t.affiliateId, t.createdAt, t.id),
  ],
);

/** The signing secret a merchant configured for each payment provider (HMAC needs the secret itself). */
export const webhookSecrets = pgTable(
  'webhook_secrets',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    provider: text('provider').notNull(),
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] }), uniqueIndex('webhook_secrets_key').on(t.merchantId, t.provider)],
);

/** Every webhook delivery with its outcome; unique on the provider's event id for idempotency. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    provider: text('provider').notNull(),
    eventId: text('event_id'),
    eventType: text('event_type'),
    outcome: text('outcome').notNull(),
    error: text('error'),
    conversionId: uuid('conversion_id'),
    /**
     * How many refused deliveries this row stands for: refusals of one provider with the same
     * reason within an hour are counted on one row, so nobody can grow a merchant's log by
     * posting unsigned bodies (`receivedAt` is the latest of them).
     */
    repeats: integer('repeats').notNull().default(1),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex('webhook_events_event_key').on(t.merchantId, t.provider, t.eventId),
    index('webhook_events_recent_idx').on(t.merchantId, t.provider, t.receivedAt, t.id),
  ],
);

export const payouts = pgTable(
  'payouts',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    affiliateId: uuid('affiliate_id').notNull(),
    /** Payouts created together share a batch id (one CSV / PayPal file). */
    batchId: uuid('batch_id').notNull(),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: text('status', { enum: ['pending', 'paid'] }).notNull().default('pending'),
    method: text('method'),
    /** The affiliate's payout details when the batch was made: exports pay these, not what was changed since. */
    details: jsonb('details').$type<Record<string, string>>(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    foreignKey({ name: 'payouts_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
    index('payouts_merchant_idx').on(t.merchantId, t.createdAt),
    index('payouts_affiliate_idx').on(t.merchantId, t.affiliateId, t.createdAt),
    index('payouts_batch_idx').on(t.merchantId, t.batchId),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    merchantId: merchantId(),
    actorUserId: uuid('actor_user_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] }), index('audit_log_merchant_idx').on(t.merchantId, t.createdAt)],
);

export const trackingLogKinds = ['sale', 'action', 'refund', 'webhook'] as const;
export const trackingLogOutcomes = ['attributed', 'unattributed', 'duplicate', 'refunded', 'ignored', 'rejected', 'error'] as const;
export type TrackingLogKind = (typeof trackingLogKinds)[number];
export type TrackingLogOutcome = (typeof trackingLogOutcomes)[number];

/**
 * What each /t/sale, /t/refund and webhook delivery brought, the attribution steps tried
 * (with the reason each matched or not) and the outcome: "why wasn't this sale credited?".
 * Written after the tracking response (server/tracking-log), kept `merchants.tracking_log_days`.
 */
export const trackingLog = pgTable(
  'tracking_log',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    merchantId: merchantId(),
    createdAt: createdAt(),
    kind: text('kind', { enum: trackingLogKinds }).notNull(),
    /** `js`, `api`, `webhook:<provider>`. */
    source: text('source').notNull(),
    /** The webhook's event type. */
    eventType: text('event_type'),
    orderId: text('order_id'),
    actionCode: text('action_code'),
    /** Minor units of `currency`: the order total, or the refund's amount. */
    amount: money('amount'),
    currency: char('currency', { length: 3 }),
    visitorId: text('visitor_id'),
    coupon: text('coupon'),
    customerId: text('customer_id'),
    customerEmail: text('customer_email'),
    /** The affiliate credited, when attributed. */
    affiliateRefId: text('affiliate_ref_id'),
    method: text('method'),
    /** The attribution methods tried, in order: `{method, result: 'match' | 'no_match', reason}`. */
    steps: jsonb('steps').$type<{ method: string; result: 'match' | 'no_match'; reason: string }[]>().notNull().default([]),
    outcome: text('outcome', { enum: trackingLogOutcomes }).notNull(),
    /** Why it was rejected or ignored, the error, or what it did. */
    message: text('message'),
    conversionId: uuid('conversion_id'),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    // Ascending with the id, as on clicks: read backwards they serve the newest-first keyset pages.
    index('tracking_log_merchant_time_idx').on(t.merchantId, t.createdAt, t.id),
    index('tracking_log_order_idx').on(t.merchantId, t.orderId, t.createdAt, t.id),
    index('tracking_log_visitor_idx').on(t.merchantId, t.visitorId, t.createdAt, t.id),
    index('tracking_log_affiliate_idx').on(t.merchantId, t.affiliateRefId, t.createdAt, t.id),
  ],
);

/** The addresses each affiliate signed in from, to flag sales from them (`affiliate_ip`). */
export const affiliateSignInIps = pgTable(
  'affiliate_sign_in_ips',
  {
    merchantId: merchantId(),
    affiliateId: uuid('affiliate_id').notNull(),
    /** Canonical form (server/fraud/ip.ts). */
    ip: text('ip').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.affiliateId, t.ip] }),
    foreignKey({ name: 'affiliate_sign_in_ips_affiliate_fk', columns: [t.merchantId, t.affiliateId], foreignColumns: [affiliates.merchantId, affiliates.id] }).onDelete('cascade'),
  ],
);

/** Failed sign-ins per client address, to slow down password guessing. Not tenant data. */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  /** Sign-in attempts checked since the window began (incremented before the password is checked). */
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
  /** Attempts before this time are refused unchecked (the progressive delay). */
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  /** Whether the latest attempt was let through (read back by the same atomic upsert). */
  lastAllowed: boolean('last_allowed').notNull().default(true),
});

/**
 * Signed tokens that no longer work before their expiry: sign-in grants already used
 * (`grant:<id>`, each works once) and signed-out sessions (`session:<id>`). Kept until the
 * token would have expired anyway.
 */
export const spentTokens = pgTable('spent_tokens', {
  id: text('id').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * One-time links that let a user set a password (server/auth/account-tokens.ts): a password
 * reset or an invitation. Only the SHA-256 of the token is stored; a row is used once
 * (`used_at`, set by one conditional UPDATE), or revoked (a newer link, a revoked invitation).
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').notNull().defaultRandom(),
    merchantId: merchantId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: accountTokenPurposes }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** For an invitation: the team member who sent it. */
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.id] }),
    uniqueIndex('account_tokens_hash_key').on(t.merchantId, t.tokenHash),
    // A link's token names no merchant: it is looked up by its hash alone.
    index('account_tokens_hash_idx').on(t.tokenHash),
    index('account_tokens_user_idx').on(t.userId, t.purpose),
  ],
);

/** Two-factor recovery codes, hashed; each signs in once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recovery_codes_user_code_key').on(t.userId, t.codeHash)],
);

/**
 * The durable outbox (server/outbox): every side effect that leaves the process — a mail,
 * an outgoing webhook — is a row written in the transaction of the change that causes it,
 * and delivered after commit by the worker, which claims due rows with FOR UPDATE SKIP LOCKED.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for messages of no program. */
    merchantId: text('merchant_id').references(() => merchants.id, { onDelete: 'cascade' }),
    /** Which registered handler delivers it (`mail`, …). */
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: outboxStatuses }).notNull().default('queued'),
    /** Delivery attempts begun (claims); also the fencing token of the current claim. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** The last failure (for mail: the SMTP server's answer). */
    lastError: text('last_error'),
    /** While `sending`: the claim's lease; past it, the row is due again (a worker that died mid-send). */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** A unique key making an enqueue idempotent (a weekly summary per affiliate and week). */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_messages_dedupe_key').on(t.dedupeKey),
    // The worker's claim: due rows only, oldest first.
    index('outbox_messages_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'retrying', 'sending')`),
    // The panel's e-mail log, newest first.
    index('outbox_messages_merchant_idx').on(t.merchantId, t.kind, t.createdAt, t.id),
  ],
);

/** A merchant's own subject and text of a notification (server/mail/templates); absent: the default. */
export const mailTemplates = pgTable(
  'mail_templates',
  {
    merchantId: merchantId(),
    kind: text('kind', { enum: mailKinds }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.kind] })],
);

/** Notifications a recipient switched off (profile page or the mail's unsubscribe link), by address. */
export const mailOptOuts = pgTable(
  'mail_opt_outs',
  {
    merchantId: merchantId(),
    /** Lower case. */
    email: text('email').notNull(),
    kind: text('kind', { enum: mailKinds }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.email, t.kind] })],
);

export type OutboxMessage = typeof outboxMessages.$inferSelect;
export type Merchant = typeof merchants.$inferSelect;
export type User = typeof users.$inferSelect;
export type Affiliate = typeof affiliates.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type CommissionRule = typeof commissionRules.$inferSelect;
export type CommissionGroup = typeof commissionGroups.$inferSelect;
export type Banner = typeof banners.$inferSelect;
export type Coupon = typeof coupons.$inferSelect;
export type Click = typeof clicks.$inferSelect;
export type NewClick = typeof clicks.$inferInsert;
export type Conversion = typeof conversions.$inferSelect;
export type Commission = typeof commissions.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
export type TrackingLogRow = typeof trackingLog.$inferSelect;
export type NewTrackingLogRow = typeof trackingLog.$inferInsert;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
export type AffiliatePostback = typeof affiliatePostbacks.$inferSelect;
