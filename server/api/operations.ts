// Every operation of the REST API (PLATFORM-API.md §2) in one table: method, path, the
// key scope it needs, the schemas of its path, query and body (which validate the
// request), its answer's schema (which describes it) and its handler — a call into the
// same server/ function the panel's tRPC procedure makes. The route handler dispatches on
// this table and the OpenAPI document is made from it, so nothing is served undocumented.
import type { z } from 'zod';
import type { Db } from '@/db';
import type { ApiKeyScope } from '@/db/schema';
import { AppError } from '../errors';
import { createAffiliate, updateAffiliate } from '../affiliates/manage';
import { setAffiliateStatus } from '../affiliates/account';
import { reviewCommissions } from '../commissions/review';
import { createCoupon, setCouponActive } from '../campaigns/coupons';
import { serverRefund, serverSale } from '../tracking';
import { buildReport } from '../reports';

const NO_AFFILIATE = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
import type { AuditActor } from '../audit';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookAttemptsPage,
  listWebhookEndpoints,
  resendWebhookMessage,
  sendTestEvent,
  updateWebhookEndpoint,
} from '../outgoing-webhooks/endpoints';
import * as s from './schemas';
import * as r from './resources';

export interface ApiContext {
  db: Db;
  merchantId: string;
  actor: AuditActor;
}

export interface Operation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** OpenAPI form, `/affiliates/{refId}`. */
  path: string;
  tag: string;
  summary: string;
  scope: ApiKeyScope;
  params?: P;
  query?: Q;
  body?: B;
  /** The success status and its schema (none: 204). */
  status: 200 | 201 | 204;
  response?: z.ZodType;
  /** Error statuses it may answer besides 401, 429 and 400. */
  errors?: (403 | 404 | 409)[];
  run(ctx: ApiContext, input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }): Promise<unknown>;
}

const op = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(o: Operation<P, Q, B>) => o as unknown as Operation;

const notFound = (what: string) => new AppError('not_found', `No such ${what}.`);

async function affiliateOf(ctx: ApiContext, refId: string) {
  const row = await r.findApiAffiliate(ctx.db, ctx.merchantId, refId);
  if (!row) throw notFound('affiliate');
  return row;
}

/** The Affiliates manager names the parent `parentRefId`; the API's field is `parent`. */
async function asApiFields<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AppError && err.message.startsWith('parentRefId:')) throw new AppError(err.code, err.message.replace(/^parentRefId:/, 'parent:'));
    throw err;
  }
}

const setStatus = (status: 'approved' | 'declined' | 'suspended', verb: string) =>
  op({
    id: `${verb}Affiliate`,
    method: 'POST',
    path: `/affiliates/{refId}/${verb}`,
    tag: 'Affiliates',
    summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} an affiliate`,
    scope: 'write',
    params: s.refIdParam,
    status: 200,
    response: s.affiliateSchema,
    errors: [403, 404],
    async run(ctx, { params }) {
      const a = await affiliateOf(ctx, params.refId);
      await setAffiliateStatus(ctx.db, ctx.merchantId, ctx.actor, a.id, status);
      return r.affiliateView((await r.findApiAffiliateById(ctx.db, ctx.merchantId, a.id))!);
    },
  });

const review = (action: 'approve' | 'decline') =>
  op({
    id: `${action}Commission`,
    method: 'POST',
    path: `/commissions/{id}/${action}`,
    tag: 'Commissions',
    summary: action === 'approve' ? 'Approve a pending commission' : 'Decline a pending or approved commission',
    scope: 'write',
    params: s.idParam,
    status: 200,
    response: s.commissionSchema,
    errors: [403, 404, 409],
    async run(ctx, { params }) {
      const before = await r.getApiCommission(ctx.db, ctx.merchantId, params.id);
      if (!before) throw notFound('commission');
      const target = action === 'approve' ? 'approved' : 'declined';
      const { changed } = await reviewCommissions(ctx.db, ctx.merchantId, ctx.actor, action, { ids: [before.id] });
      const after = (await r.getApiCommission(ctx.db, ctx.merchantId, before.id))!;
      if (changed === 0 && after.status !== target)
        throw new AppError('conflict', `This commission is ${after.status}${after.payoutId ? ' and in a payout' : ''}: it cannot be ${target}.`);
      return after;
    },
  });

export const operations: Operation[] = [
  // ── Affiliates
  op({
    id: 'listAffiliates',
    method: 'GET',
    path: '/affiliates',
    tag: 'Affiliates',
    summary: 'List affiliates, newest first',
    scope: 'read',
    query: s.affiliatesQuery,
    status: 200,
    response: s.pageOf(s.affiliateSchema, 'AffiliateList'),
    run: (ctx, { query }) => r.listApiAffiliates(ctx.db, ctx.merchantId, query),
  }),
  op({
    id: 'getAffiliate',
    method: 'GET',
    path: '/affiliates/{refId}',
    tag: 'Affiliates',
    summary: 'Get an affiliate',
    scope: 'read',
    params: s.refIdParam,
    status: 200,
    response: s.affiliateSchema,
    errors: [404],
    run: async (ctx, { params }) => r.affiliateView(await affiliateOf(ctx, params.refId)),
  }),
  op({
    id: 'createAffiliate',
    method: 'POST',
    path: '/affiliates',
    tag: 'Affiliates',
    summary: 'Create an approved affiliate with a login',
    scope: 'write',
    body: s.affiliateCreateBody,
    status: 201,
    response: s.affiliateSchema,
    errors: [403, 409],
    async run(ctx, { body }) {
      const { parent, ...rest } = body;
      const { id } = await asApiFields(createAffiliate(ctx.db, ctx.merchantId, ctx.actor, { ...rest, parentRefId: parent }));
      return r.affiliateView((await r.findApiAffiliateById(ctx.db, ctx.merchantId, id))!);
    },
  }),
  op({
    id: 'updateAffiliate',
    method: 'PATCH',
    path: '/affiliates/{refId}',
    tag: 'Affiliates',
    summary: 'Change an affiliate’s name, e-mail, refId, parent or website',
    scope: 'write',
    params: s.refIdParam,
    body: s.affiliatePatchBody,
    status: 200,
    response: s.affiliateSchema,
    errors: [403, 404, 409],
    async run(ctx, { params, body }) {
      const a = await affiliateOf(ctx, params.refId);
      const form = {
        refId: body.refId ?? a.refId,
        name: body.name ?? a.name,
        email: body.email ?? a.email,
        parentRefId: body.parent === undefined ? (a.parent ?? undefined) : (body.parent ?? undefined),
        website: body.website ?? a.website ?? '',
      };
      await asApiFields(updateAffiliate(ctx.db, ctx.merchantId, ctx.actor, a.id, form));
      return r.affiliateView((await r.findApiAffiliateById(ctx.db, ctx.merchantId, a.id))!);
    },
  }),
  setStatus('approved', 'approve'),
  setStatus('declined', 'decline'),
  setStatus('suspended', 'suspend'),
  // ── Campaigns
  op({
    id: 'listCampaigns',
    method: 'GET',
    path: '/campaigns',
    tag: 'Campaigns',
    summary: 'List campaigns, newest first',
    scope: 'read',
    query: s.listQuery,
    status: 200,
    response: s.pageOf(s.campaignSchema, 'CampaignList'),
    run: (ctx, { query }) => r.listApiCampaigns(ctx.db, ctx.merchantId, query),
  }),
  op({
    id: 'getCampaign',
    method: 'GET',
    path: '/campaigns/{id}',
    tag: 'Campaigns',
    summary: 'Get a campaign',
    scope: 'read',
    params: s.idParam,
    status: 200,
    response: s.campaignSchema,
    errors: [404],
    run: async (ctx, { params }) => (await r.getApiCampaign(ctx.db, ctx.merchantId, params.id)) ?? Promise.reject(notFound('campaign')),
  }),
  // ── Clicks
  op({
    id: 'listClicks',
    method: 'GET',
    path: '/clicks',
    tag: 'Clicks',
    summary: 'List clicks, newest first',
    scope: 'read',
    query: s.clicksQuery,
    status: 200,
    response: s.pageOf(s.clickSchema, 'ClickList'),
    run: (ctx, { query }) => r.listApiClicks(ctx.db, ctx.merchantId, query),
  }),
  // ── Conversions
  op({
    id: 'listConversions',
    method: 'GET',
    path: '/conversions',
    tag: 'Conversions',
    summary: 'List conversions (sales and actions), newest first',
    scope: 'read',
    query: s.conversionsQuery,
    status: 200,
    response: s.pageOf(s.conversionSchema, 'ConversionList'),
    run: (ctx, { query }) => r.listApiConversions(ctx.db, ctx.merchantId, query),
  }),
  op({
    id: 'getConversion',
    method: 'GET',
    path: '/conversions/{id}',
    tag: 'Conversions',
    summary: 'Get a conversion',
    scope: 'read',
    params: s.idParam,
    status: 200,
    response: s.conversionSchema,
    errors: [404],
    run: async (ctx, { params }) => (await r.getApiConversion(ctx.db, ctx.merchantId, params.id)) ?? Promise.reject(notFound('conversion')),
  }),
  op({
    id: 'createConversion',
    method: 'POST',
    path: '/conversions',
    tag: 'Conversions',
    summary: 'Record a sale or action (the server-to-server call of TRACKING-API.md §3)',
    scope: 'write',
    body: s.conversionCreateBody,
    status: 200,
    response: s.saleAnswerSchema,
    errors: [403, 404],
    // The tracker parses the raw body itself (one rule with /t/sale); the schema documents and pre-checks it.
    run: (ctx, { body }) => serverSale(ctx.db, ctx.merchantId, body as Record<string, unknown>),
  }),
  // ── Commissions
  op({
    id: 'listCommissions',
    method: 'GET',
    path: '/commissions',
    tag: 'Commissions',
    summary: 'List commissions, newest first',
    scope: 'read',
    query: s.commissionsQuery,
    status: 200,
    response: s.pageOf(s.commissionSchema, 'CommissionList'),
    run: (ctx, { query }) => r.listApiCommissions(ctx.db, ctx.merchantId, query),
  }),
  review('approve'),
  review('decline'),
  // ── Refunds
  op({
    id: 'createRefund',
    method: 'POST',
    path: '/refunds',
    tag: 'Refunds',
    summary: 'Refund an order in full or in part (TRACKING-API.md §4)',
    scope: 'write',
    body: s.refundCreateBody,
    status: 200,
    response: s.refundAnswerSchema,
    errors: [403, 404],
    run: (ctx, { body }) => serverRefund(ctx.db, ctx.merchantId, body as Record<string, unknown>),
  }),
  // ── Payouts
  op({
    id: 'listPayouts',
    method: 'GET',
    path: '/payouts',
    tag: 'Payouts',
    summary: 'List payouts, newest first',
    scope: 'read',
    query: s.listQuery,
    status: 200,
    response: s.pageOf(s.payoutSchema, 'PayoutList'),
    run: (ctx, { query }) => r.listApiPayouts(ctx.db, ctx.merchantId, query),
  }),
  op({
    id: 'getPayout',
    method: 'GET',
    path: '/payouts/{id}',
    tag: 'Payouts',
    summary: 'Get a payout',
    scope: 'read',
    params: s.idParam,
    status: 200,
    response: s.payoutSchema,
    errors: [404],
    run: async (ctx, { params }) => (await r.getApiPayout(ctx.db, ctx.merchantId, params.id)) ?? Promise.reject(notFound('payout')),
  }),
  // ── Coupons
  op({
    id: 'listCoupons',
    method: 'GET',
    path: '/coupons',
    tag: 'Coupons',
    summary: 'List coupons, newest first',
    scope: 'read',
    query: s.listQuery,
    status: 200,
    response: s.pageOf(s.couponSchema, 'CouponList'),
    run: (ctx, { query }) => r.listApiCoupons(ctx.db, ctx.merchantId, query),
  }),
  op({
    id: 'createCoupon',
    method: 'POST',
    path: '/coupons',
    tag: 'Coupons',
    summary: 'Create a coupon that credits an approved affiliate',
    scope: 'write',
    body: s.couponCreateBody,
    status: 201,
    response: s.couponSchema,
    errors: [403, 404, 409],
    async run(ctx, { body }) {
      const affiliate = await r.findApiAffiliate(ctx.db, ctx.merchantId, body.affiliate);
      if (!affiliate) throw new AppError('not_found', 'affiliate: no such affiliate in your program.');
      try {
        const row = await createCoupon(ctx.db, ctx.merchantId, ctx.actor, { code: body.code, affiliateId: affiliate.id, campaignId: body.campaign });
        return (await r.getApiCouponById(ctx.db, ctx.merchantId, row.id))!;
      } catch (err) {
        if (err instanceof AppError && /^(affiliateId|campaignId):/.test(err.message))
          throw new AppError(err.code, err.message.replace(/^affiliateId:/, 'affiliate:').replace(/^campaignId:/, 'campaign:'));
        throw err;
      }
    },
  }),
  op({
    id: 'deleteCoupon',
    method: 'DELETE',
    path: '/coupons/{code}',
    tag: 'Coupons',
    summary: 'Deactivate a coupon (the tracker stops crediting it; past conversions keep it)',
    scope: 'write',
    params: s.codeParam,
    status: 204,
    errors: [403, 404],
    async run(ctx, { params }) {
      const coupon = await r.findApiCoupon(ctx.db, ctx.merchantId, params.code);
      if (!coupon) throw notFound('coupon');
      await setCouponActive(ctx.db, ctx.merchantId, ctx.actor, coupon.id, false);
      return undefined;
    },
  }),
  // ── Reports
  op({
    id: 'getReport',
    method: 'GET',
    path: '/reports',
    tag: 'Reports',
    summary:
      'Clicks, impressions, conversions, revenue, refunds and commissions by affiliate, campaign, banner, channel, sub-id, landing page, referrer, country, device, browser, OS or day/week/month',
    scope: 'read',
    query: s.reportQuery,
    status: 200,
    response: s.reportSchema,
    run: async (ctx, { query: { affiliate, campaign, ...query } }) => {
      // An unknown refId selects nothing (an id no affiliate has), as the lists' filters do.
      const affiliateId = affiliate === undefined ? undefined : ((await r.findApiAffiliate(ctx.db, ctx.merchantId, affiliate))?.id ?? NO_AFFILIATE);
      return buildReport(ctx.db, ctx.merchantId, { ...query, affiliateId, campaignId: campaign });
    },
  }),
  // ── Webhook endpoints
  op({
    id: 'listWebhookEndpoints',
    method: 'GET',
    path: '/webhook-endpoints',
    tag: 'Webhook endpoints',
    summary: 'List outgoing webhook endpoints, newest first',
    scope: 'read',
    query: s.listQuery,
    status: 200,
    response: s.pageOf(s.webhookEndpointSchema, 'WebhookEndpointList'),
    run: (ctx, { query }) => listWebhookEndpoints(ctx.db, ctx.merchantId, query),
  }),
  op({
    id: 'createWebhookEndpoint',
    method: 'POST',
    path: '/webhook-endpoints',
    tag: 'Webhook endpoints',
    summary: 'Add an endpoint; the answer holds its signing secret',
    scope: 'write',
    body: s.webhookEndpointCreateBody,
    status: 201,
    response: s.webhookEndpointWithSecretSchema,
    errors: [403],
    run: (ctx, { body }) => createWebhookEndpoint(ctx.db, ctx.merchantId, ctx.actor, body),
  }),
  op({
    id: 'getWebhookEndpoint',
    method: 'GET',
    path: '/webhook-endpoints/{id}',
    tag: 'Webhook endpoints',
    summary: 'Get an endpoint',
    scope: 'read',
    params: s.idParam,
    status: 200,
    response: s.webhookEndpointSchema,
    errors: [404],
    run: (ctx, { params }) => getWebhookEndpoint(ctx.db, ctx.merchantId, params.id),
  }),
  op({
    id: 'updateWebhookEndpoint',
    method: 'PATCH',
    path: '/webhook-endpoints/{id}',
    tag: 'Webhook endpoints',
    summary: 'Change an endpoint’s URL, events or description, or turn it on or off',
    scope: 'write',
    params: s.idParam,
    body: s.webhookEndpointPatchBody,
    status: 200,
    response: s.webhookEndpointSchema,
    errors: [403, 404],
    run: (ctx, { params, body }) => updateWebhookEndpoint(ctx.db, ctx.merchantId, ctx.actor, params.id, body),
  }),
  op({
    id: 'deleteWebhookEndpoint',
    method: 'DELETE',
    path: '/webhook-endpoints/{id}',
    tag: 'Webhook endpoints',
    summary: 'Delete an endpoint (nothing more is sent to it)',
    scope: 'write',
    params: s.idParam,
    status: 204,
    errors: [403, 404],
    run: async (ctx, { params }) => void (await deleteWebhookEndpoint(ctx.db, ctx.merchantId, ctx.actor, params.id)),
  }),
  op({
    id: 'testWebhookEndpoint',
    method: 'POST',
    path: '/webhook-endpoints/{id}/test',
    tag: 'Webhook endpoints',
    summary: 'Send a test event (`webhook.test`) to an endpoint',
    scope: 'write',
    params: s.idParam,
    status: 200,
    response: s.webhookTestSchema,
    errors: [403, 404, 409],
    run: (ctx, { params }) => sendTestEvent(ctx.db, ctx.merchantId, ctx.actor, params.id),
  }),
  op({
    id: 'listWebhookAttempts',
    method: 'GET',
    path: '/webhook-endpoints/{id}/attempts',
    tag: 'Webhook endpoints',
    summary: 'An endpoint’s delivery log: every attempt with its answer and timing, newest first',
    scope: 'read',
    params: s.idParam,
    query: s.listQuery,
    status: 200,
    response: s.pageOf(s.webhookAttemptSchema, 'WebhookAttemptList'),
    errors: [404],
    run: (ctx, { params, query }) => listWebhookAttemptsPage(ctx.db, ctx.merchantId, params.id, query),
  }),
  op({
    id: 'resendWebhookMessage',
    method: 'POST',
    path: '/webhook-endpoints/{id}/attempts/{messageId}/resend',
    tag: 'Webhook endpoints',
    summary: 'Send a message of the delivery log again (same `webhook-id` and body)',
    scope: 'write',
    params: s.attemptMessageParam,
    status: 200,
    response: s.webhookResendSchema,
    errors: [403, 404, 409],
    run: (ctx, { params }) => resendWebhookMessage(ctx.db, ctx.merchantId, ctx.actor, params.id, params.messageId),
  }),
];
