// "Test the integration": a real click and a real sale through the tracker's own
// functions, marked as tests (channel `test`, source `test`, order id `test-…`), so
// the merchant sees both arrive in the live panel within seconds.
import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { affiliates, clicks, merchants } from '@/db/schema';
import { AppError } from '../errors';
import { audit, type Actor } from '../audit';
import { clickInput } from '../tracking/inputs';
import { recordClick } from '../tracking/record-click';
import { recordConversion } from '../tracking/record-conversion';
import { testClickSchema, testSaleSchema, type TestClickInput, type TestSaleInput } from './schemas';

export const TEST_CHANNEL = 'test';
export const TEST_SOURCE = 'test';
export const TEST_USER_AGENT = 'Affiliate Tracker test (merchant panel)';

/** Records a real click for one of the merchant's approved affiliates, on channel `test`. */
export async function sendTestClick(db: Db, merchantId: string, actor: Actor, raw: TestClickInput) {
  const { affiliateId } = testClickSchema.parse(raw);
  const [row] = await db
    .select({ refId: affiliates.refId, name: affiliates.name, status: affiliates.status, websiteUrl: merchants.websiteUrl })
    .from(affiliates)
    .innerJoin(merchants, eq(merchants.id, affiliates.merchantId))
    .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, affiliateId)));
  if (!row) throw new AppError('not_found', 'affiliateId: no such affiliate in this program.');
  if (row.status !== 'approved')
    throw new AppError('invalid_request', `affiliateId: ${row.name} is ${row.status}; only approved affiliates get clicks.`);

  const result = await recordClick(
    clickInput.parse({ account: merchantId, aff: row.refId, channel: TEST_CHANNEL, url: row.websiteUrl ?? undefined }),
    { ip: actor.ip, userAgent: TEST_USER_AGENT, redirect: false },
  );
  await audit(db, merchantId, actor, 'integration.test_click', { type: 'click', id: String(result.clickId) }, {
    affiliate: result.affiliate,
    campaign: result.campaign,
    visitorId: result.visitorId,
  });
  return { clickId: result.clickId, visitorId: result.visitorId, affiliate: result.affiliate, campaign: result.campaign };
}

/**
 * Records a real sale (source `test`, order id `test-<random>`, marked as a test) for the
 * visitor of the test click, so it is attributed the way a shop's sale would be. A test
 * conversion's commissions are declined from the start: a test never pays anyone, and
 * no figure counts it.
 */
export async function sendTestSale(db: Db, merchantId: string, actor: Actor, raw: TestSaleInput) {
  const input = testSaleSchema.parse(raw);
  const [click] = await db
    .select({ visitorId: clicks.visitorId })
    .from(clicks)
    .where(
      and(
        eq(clicks.merchantId, merchantId),
        input.visitorId ? eq(clicks.visitorId, input.visitorId) : eq(clicks.channel, TEST_CHANNEL),
      ),
    )
    .orderBy(desc(clicks.createdAt), desc(clicks.id))
    .limit(1);
  if (!click) throw new AppError('invalid_request', 'form: send a test click first — the test sale is attributed to its visitor.');

  const orderId = `test-${randomBytes(6).toString('hex')}`;
  const result = await recordConversion(db, {
    merchantId,
    source: TEST_SOURCE,
    orderId,
    total: input.total,
    visitorId: click.visitorId,
    ip: actor.ip,
    userAgent: TEST_USER_AGENT,
    test: true,
  });
  await audit(db, merchantId, actor, 'integration.test_sale', { type: 'conversion', id: result.conversionId }, {
    orderId,
    status: result.status,
    method: result.method,
    affiliate: result.affiliate,
  });
  return { orderId, conversionId: result.conversionId, status: result.status, method: result.method, affiliate: result.affiliate };
}

