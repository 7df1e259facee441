// The REST API's schemas (PLATFORM-API.md §2): each request schema validates what a
// handler receives, each response schema describes what it answers, and the OpenAPI
// document (server/api/openapi.ts) is made from these same objects, so the two cannot drift.
// Field rules come from the panels' own schemas (affiliates, coupons, the tracker's sale).
import { z } from 'zod';
import { affiliateStatuses, commissionStatuses, reportGroupBys, webhookEventTypes } from '@/db/enums';
import { calendarDay } from '../input';
import { affiliateCreateSchema } from '../affiliates/manage-schemas';
import { couponCreateSchema } from '../campaigns/schemas';
import { refundInput, saleInput } from '../tracking/inputs';
import { webhookEndpointCreateSchema, webhookEndpointPatchSchema } from '../outgoing-webhooks/schemas';

const isoTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 time, UTC' });
const minor = z.int().meta({ description: 'Integer minor units of `currency` (cents)' });
const currency = z.string().length(3).meta({ description: 'ISO 4217 code' });
const refId = z.string().meta({ description: 'The affiliate’s referral id, as in links (`demo-aff`)' });

// ── Resources ────────────────────────────────────────────────────────────────

export const errorSchema = z
  .object({ error: z.object({ code: z.string().meta({ description: 'snake_case error code' }), message: z.string() }) })
  .meta({ id: 'Error' });

export const affiliateSchema = z
  .object({
    refId,
    name: z.string(),
    email: z.string(),
    status: z.enum(affiliateStatuses),
    parent: refId.nullable().meta({ description: 'The referring affiliate’s refId (tier 2 commissions go to it)' }),
    website: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'Affiliate' });

export const campaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    currency,
    cookieDays: z.int(),
    attributionModel: z.enum(['last_click', 'first_click']),
    lifetimeCommissions: z.boolean(),
    recurringCommissions: z.boolean(),
    archived: z.boolean(),
    createdAt: isoTime,
  })
  .meta({ id: 'Campaign' });

export const clickSchema = z
  .object({
    id: z.string(),
    affiliate: refId,
    campaign: z.string(),
    banner: z.string().nullable(),
    channel: z.string().nullable(),
    data1: z.string().nullable(),
    data2: z.string().nullable(),
    data3: z.string().nullable(),
    data4: z.string().nullable(),
    data5: z.string().nullable(),
    url: z.string().nullable(),
    referrer: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    unique: z.boolean().meta({ description: 'False for a repeat (or blocked) click: stored, but not a unique click' }),
    createdAt: isoTime,
  })
  .meta({ id: 'Click' });

export const conversionSchema = z
  .object({
    id: z.string(),
    orderId: z.string().nullable(),
    actionCode: z.string().nullable().meta({ description: 'null for a sale' }),
    total: minor,
    refunded: minor,
    currency,
    status: z.enum(['attributed', 'unattributed']),
    method: z.string().nullable(),
    affiliate: refId.nullable(),
    campaign: z.string(),
    test: z.boolean(),
    createdAt: isoTime,
  })
  .meta({ id: 'Conversion' });

export const commissionSchema = z
  .object({
    id: z.string(),
    conversionId: z.string(),
    affiliate: refId,
    tier: z.int(),
    amount: minor,
    currency,
    status: z.enum(commissionStatuses),
    kind: z.enum(['commission', 'adjustment']),
    payoutId: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'Commission' });

export const payoutSchema = z
  .object({
    id: z.string(),
    batchId: z.string(),
    affiliate: refId,
    amount: minor,
    currency,
    status: z.enum(['pending', 'paid']),
    method: z.string().nullable(),
    paidAt: isoTime.nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'Payout' });

export const couponSchema = z
  .object({ code: z.string(), affiliate: refId, campaign: z.string().nullable(), active: z.boolean(), createdAt: isoTime })
  .meta({ id: 'Coupon' });

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(webhookEventTypes)),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'WebhookEndpoint' });

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: '`whsec_<base64>`: verify deliveries with it (Standard Webhooks)' }) })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const webhookTestSchema = z
  .object({ messageId: z.string().meta({ description: 'The `webhook-id` of the test event, queued for delivery' }) })
  .meta({ id: 'WebhookTest' });

export const webhookAttemptSchema = z
  .object({
    id: z.string(),
    messageId: z.string().meta({ description: 'The `webhook-id`: the same on every attempt of one message' }),
    eventType: z.string(),
    attempt: z.int(),
    outcome: z.enum(['succeeded', 'failed', 'gave_up']).meta({ description: '`failed` is retried; `gave_up` was the last attempt' }),
    responseStatus: z.int().nullable().meta({ description: 'The receiver’s HTTP status (null: no answer)' }),
    responseBody: z.string().nullable().meta({ description: 'The first KB of the answer' }),
    error: z.string().nullable(),
    durationMs: z.int(),
    createdAt: isoTime,
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookResendSchema = z
  .object({ messageId: z.string().meta({ description: 'The `webhook-id` queued again (same id and body)' }) })
  .meta({ id: 'WebhookResend' });

const commissionLine = z.object({ affiliate: refId, tier: z.int(), amount: minor, currency, status: z.string() });

export const saleAnswerSchema = z
  .object({
    conversionId: z.string(),
    status: z.enum(['attributed', 'unattributed', 'duplicate']),
    method: z.string().nullable(),
    affiliate: refId.nullable(),
    commissions: z.array(commissionLine),
    flags: z.array(z.string()).optional(),
    test: z.boolean().optional(),
  })
  .meta({ id: 'SaleResult', description: 'The answer of TRACKING-API.md §3' });

export const refundAnswerSchema = z
  .object({ orderId: z.string(), refunded: minor, currency, commissions: z.array(commissionLine) })
  .meta({ id: 'RefundResult', description: 'The answer of TRACKING-API.md §4' });

export const reportRowSchema = z
  .object({
    key: z.string().meta({
      description:
        'The affiliate’s refId, campaign id, banner id, channel, sub-id value, landing page, referrer domain, country (ISO 3166-1 alpha-2), device, browser, OS, day (YYYY-MM-DD), week (its Monday, YYYY-MM-DD) or month (YYYY-MM)',
    }),
    label: z.string().meta({ description: 'The affiliate’s, campaign’s or banner’s name; otherwise the key' }),
    clicks: z.int(),
    uniqueClicks: z.int(),
    impressions: z.int().nullable().meta({ description: 'Banner impressions; null for groupings impressions are not counted by' }),
    conversions: z.int(),
    revenue: minor,
    refunds: minor,
    commissions: minor,
    currency,
    conversionRate: z.number().meta({ description: 'conversions ÷ unique clicks (0 without clicks)' }),
    epc: z.number().meta({ description: 'commissions ÷ clicks, minor units (0 without clicks)' }),
  })
  .meta({ id: 'ReportRow' });

export const reportSchema = z
  .object({ groupBy: z.enum(reportGroupBys), from: z.string(), to: z.string(), currency, data: z.array(reportRowSchema) })
  .meta({ id: 'Report' });

/** `{data, nextCursor}`, newest first. */
export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }) }).meta({ id });

// ── Requests ─────────────────────────────────────────────────────────────────

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: '1–100, default 25' }),
  cursor: z.string().max(200).optional(),
});

const dayParam = z.string().pipe(calendarDay).meta({ description: 'A UTC day, YYYY-MM-DD (included)' });

export const affiliatesQuery = listQuery.extend({
  status: z.enum(affiliateStatuses).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Part of the name, e-mail or refId' }),
});
export const clicksQuery = listQuery.extend({ affiliate: refId.max(64).optional(), from: dayParam.optional(), to: dayParam.optional() });
export const conversionsQuery = listQuery.extend({
  orderId: z.string().max(255).optional(),
  affiliate: refId.max(64).optional(),
  status: z.enum(['attributed', 'unattributed']).optional(),
  from: dayParam.optional(),
  to: dayParam.optional(),
});
export const commissionsQuery = listQuery.extend({
  status: z.enum(commissionStatuses).optional(),
  affiliate: refId.max(64).optional(),
  conversion: z.string().max(64).optional().meta({ description: 'A conversion id' }),
});
export const reportQuery = z
  .object({
    groupBy: z.enum(reportGroupBys),
    from: dayParam,
    to: dayParam,
    affiliate: refId.max(64).optional().meta({ description: 'Only this affiliate’s traffic and conversions (refId)' }),
    campaign: z.string().max(64).optional().meta({ description: 'Only this campaign’s (campaign id)' }),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code')
      .transform((c) => c.toUpperCase())
      .optional()
      .meta({ description: 'Conversions, revenue and commissions in this currency; default: the default campaign’s' }),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'before from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 3660, { path: ['to'], message: 'at most 10 years after from' });

/** POST /affiliates: the Affiliates manager's form, with `parent` (a refId) as the resource names it. */
const affiliateFields = affiliateCreateSchema.shape;
export const affiliateCreateBody = z.object({
  refId: affiliateFields.refId,
  name: affiliateFields.name,
  email: affiliateFields.email,
  parent: affiliateFields.parentRefId,
  website: affiliateFields.website,
});
export const affiliatePatchBody = affiliateCreateBody.partial().extend({
  parent: z.string().trim().max(64).nullable().optional().meta({ description: 'A refId, or null for none' }),
});

export const couponCreateBody = z.object({
  code: couponCreateSchema.shape.code,
  affiliate: refId.max(64),
  campaign: couponCreateSchema.shape.campaignId,
});

/** The fields of /t/sale with an API key (TRACKING-API.md §3). */
export const conversionCreateBody = saleInput.omit({ account: true });
/** The fields of /t/refund (TRACKING-API.md §4). */
export const refundCreateBody = refundInput;

export const webhookEndpointCreateBody = webhookEndpointCreateSchema;
export const webhookEndpointPatchBody = webhookEndpointPatchSchema;

export const refIdParam = z.object({ refId: z.string().max(64) });
export const idParam = z.object({ id: z.string().max(64) });
export const codeParam = z.object({ code: z.string().max(64) });
export const attemptMessageParam = z.object({ id: z.string().max(64), messageId: z.string().max(64) });
