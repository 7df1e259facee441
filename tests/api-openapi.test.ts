// /api/v1/openapi.json is a valid OpenAPI 3.1 document of every operation, and what each
// operation really answers matches the document's schema for that status: the handlers and
// their documentation cannot drift apart.
import { validate, compileErrors } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newProgram, type Program } from './helpers/api';
import { request, uniq, type Res } from './helpers/http';

type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>; components: object };

let doc: Doc;
let p: Program;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

function responseSchema(operationId: string, status: number): object | undefined {
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item))
      if (op.operationId === operationId) {
        const response = op.responses[String(status)];
        if (!response) throw new Error(`${operationId} does not document status ${status}`);
        return response.content?.['application/json']?.schema;
      }
  throw new Error(`no operation ${operationId}`);
}

const checked = new Set<string>();

function expectMatches(operationId: string, res: Res) {
  const schema = responseSchema(operationId, res.status);
  checked.add(operationId);
  if (res.status === 204) {
    expect(schema).toBeUndefined();
    expect(res.text).toBe('');
    return;
  }
  expect(schema, `${operationId} ${res.status} has a JSON schema`).toBeDefined();
  // The schema's $refs point into the document's components.
  const validateFn = ajv.compile({ ...schema, components: doc.components });
  const ok = validateFn(res.json);
  expect(ok, `${operationId} → ${res.status}: ${JSON.stringify(validateFn.errors)}\n${res.text.slice(0, 500)}`).toBe(true);
}

beforeAll(async () => {
  const res = await request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = res.json;
  p = await newProgram('oas');
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and needs no key', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it("documents every operation of the contract's table", () => {
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`));
    for (const o of [
      'GET /affiliates',
      'GET /affiliates/{refId}',
      'POST /affiliates',
      'PATCH /affiliates/{refId}',
      'POST /affiliates/{refId}/approve',
      'POST /affiliates/{refId}/decline',
      'POST /affiliates/{refId}/suspend',
      'GET /campaigns',
      'GET /campaigns/{id}',
      'GET /clicks',
      'GET /conversions',
      'GET /conversions/{id}',
      'POST /conversions',
      'GET /commissions',
      'POST /commissions/{id}/approve',
      'POST /commissions/{id}/decline',
      'POST /refunds',
      'GET /payouts',
      'GET /payouts/{id}',
      'GET /coupons',
      'POST /coupons',
      'DELETE /coupons/{code}',
      'GET /reports',
      'GET /webhook-endpoints',
      'POST /webhook-endpoints',
      'PATCH /webhook-endpoints/{id}',
      'DELETE /webhook-endpoints/{id}',
      'POST /webhook-endpoints/{id}/test',
    ])
      expect(ops, o).toContain(o);
  });
});

describe('real answers match the document', () => {
  it('every operation, successes and errors', async () => {
    const w = (m: string, path: string, json?: unknown) => api(m, path, { key: p.writeKey, json });
    const demo = (m: string, path: string) => api(m, path, { key: 'sk_demo_0000000000000000' });
    const refId = uniq('oas');
    const created = await w('POST', '/affiliates', { refId, name: 'OAS', email: `${refId}@example.com` });
    expectMatches('createAffiliate', created);
    expectMatches('listAffiliates', await w('GET', '/affiliates?limit=2'));
    expectMatches('getAffiliate', await w('GET', `/affiliates/${refId}`));
    expectMatches('getAffiliate', await w('GET', '/affiliates/nobody-here'));
    expectMatches('updateAffiliate', await w('PATCH', `/affiliates/${refId}`, { website: 'https://oas.example' }));
    expectMatches('updateAffiliate', await w('PATCH', `/affiliates/${refId}`, { email: 'nope' }));
    expectMatches('suspendAffiliate', await w('POST', `/affiliates/${refId}/suspend`));
    expectMatches('declineAffiliate', await w('POST', `/affiliates/${refId}/decline`));
    expectMatches('approveAffiliate', await w('POST', `/affiliates/${refId}/approve`));
    expectMatches('listAffiliates', await api('GET', '/affiliates'));
    expectMatches('listAffiliates', await api('GET', '/affiliates', { key: p.readKey }));

    const campaigns = await w('GET', '/campaigns');
    expectMatches('listCampaigns', campaigns);
    expectMatches('getCampaign', await w('GET', `/campaigns/${campaigns.json.data[0].id}`));

    const sale = await w('POST', '/conversions', { orderId: uniq('o'), total: '42.50', affiliate: refId, data1: 'x' });
    expectMatches('createConversion', sale);
    expectMatches('createConversion', await w('POST', '/conversions', { orderId: uniq('o'), total: 'abc' }));
    expectMatches('listConversions', await w('GET', '/conversions'));
    expectMatches('getConversion', await w('GET', `/conversions/${sale.json.conversionId}`));
    const commissions = await w('GET', `/commissions?conversion=${sale.json.conversionId}`);
    expectMatches('listCommissions', commissions);
    expectMatches('approveCommission', await w('POST', `/commissions/${commissions.json.data[0].id}/approve`));
    expectMatches('declineCommission', await w('POST', `/commissions/${commissions.json.data[0].id}/decline`));
    expectMatches('approveCommission', await w('POST', `/commissions/${commissions.json.data[0].id}/approve`));
    const conv = await w('GET', `/conversions/${sale.json.conversionId}`);
    expectMatches('createRefund', await w('POST', '/refunds', { orderId: conv.json.orderId, amount: '2.50' }));
    expectMatches('createRefund', await w('POST', '/refunds', { orderId: uniq('none') }));

    await request('/t/click', { method: 'POST', json: { account: 'demo', aff: 'demo-aff', data1: 'oas' } });
    expectMatches('listClicks', await demo('GET', '/clicks?limit=3'));
    expectMatches('listPayouts', await demo('GET', '/payouts'));
    expectMatches('getPayout', await demo('GET', `/payouts/${crypto.randomUUID()}`));

    const code = uniq('OAS').toUpperCase().replace(/-/g, '_');
    expectMatches('createCoupon', await w('POST', '/coupons', { code, affiliate: refId }));
    expectMatches('listCoupons', await w('GET', '/coupons'));
    expectMatches('deleteCoupon', await w('DELETE', `/coupons/${code}`));

    const today = new Date().toISOString().slice(0, 10);
    for (const groupBy of ['affiliate', 'campaign', 'banner', 'channel', 'data1', 'day'])
      expectMatches('getReport', await demo('GET', `/reports?groupBy=${groupBy}&from=${today}&to=${today}`));
    expectMatches('getReport', await w('GET', `/reports?groupBy=nope&from=${today}&to=${today}`));

    const endpoint = await w('POST', '/webhook-endpoints', { url: 'https://1.1.1.1/hooks', events: ['conversion.created'] });
    expectMatches('createWebhookEndpoint', endpoint);
    expectMatches('listWebhookEndpoints', await w('GET', '/webhook-endpoints'));
    expectMatches('getWebhookEndpoint', await w('GET', `/webhook-endpoints/${endpoint.json.id}`));
    expectMatches('updateWebhookEndpoint', await w('PATCH', `/webhook-endpoints/${endpoint.json.id}`, { events: ['conversion.created', 'refund.created'] }));
    expectMatches('testWebhookEndpoint', await w('POST', `/webhook-endpoints/${endpoint.json.id}/test`));
    // The delivery log (the test event may or may not have been tried yet: the shape is what is checked).
    expectMatches('listWebhookAttempts', await w('GET', `/webhook-endpoints/${endpoint.json.id}/attempts?limit=5`));
    expectMatches('listWebhookAttempts', await w('GET', `/webhook-endpoints/${crypto.randomUUID()}/attempts`));
    expectMatches('resendWebhookMessage', await w('POST', `/webhook-endpoints/${endpoint.json.id}/attempts/msg_none/resend`));
    expectMatches('deleteWebhookEndpoint', await w('DELETE', `/webhook-endpoints/${endpoint.json.id}`));
    expectMatches('deleteWebhookEndpoint', await w('DELETE', `/webhook-endpoints/${endpoint.json.id}`));

    const all = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    expect(all.filter((id) => !checked.has(id)), 'operations whose answers were not checked').toEqual([]);
  });
});
