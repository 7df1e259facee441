// Hostile input to every tRPC procedure, walked from the router itself: impossible dates
// (year 0, which PostgreSQL has not), NUL characters in ids and text (PostgreSQL refuses them
// in text), prototype keys as names (`__proto__`), and objects carrying them. Each call is
// made as the procedure's own kind of user, in process and over HTTP for a few: none may
// answer 500; the ones below must be a 400 naming the field. Prints `trpc hostile: …`.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '@/db/schema';
import type { Context } from '@/server/trpc/init';
import { appRouter, createCaller } from '@/server/trpc/routers/_app';
import { createTestDb, useAsAppDb, type TestDb } from './helpers/db';
import { base, request } from './helpers/http';

const NUL = '\u0000';
const HOSTILE: unknown[] = [
  { from: '0000-01-01' },
  { from: '0000-01-01', to: '0000-12-31' },
  { to: '0000-02-29' },
  { from: '-0001-01-01' },
  { from: '275760-09-14' },
  { id: `a${NUL}b` },
  { id: NUL },
  { userId: NUL },
  { batchId: `${NUL}x` },
  { affiliateId: NUL, currency: 'USD' },
  { campaignId: NUL, name: 'x', kind: 'text', linkText: 'x' },
  { ids: [NUL] },
  { cursor: NUL },
  { affiliate: NUL, campaign: NUL, channel: NUL },
  { account: NUL, form: { name: NUL, email: `x${NUL}@example.com`, password: `pass${NUL}word-long`, acceptTerms: true } },
  { provider: '__proto__' },
  { provider: 'constructor' },
  { provider: '__proto__', secret: 'whsec_0123456789' },
  { provider: '__proto__', enabled: true },
  { provider: 'hasOwnProperty', limit: 5 },
  JSON.parse('{"__proto__": {"polluted": true}, "id": "x"}'),
  { name: `x${NUL}`, email: 'n@example.com' },
];

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription' } };
const paths = Object.keys(appRouter._def.procedures as unknown as Record<string, Proc>).sort();

let t: TestDb;
let merchantUser: s.User;
let affiliateUser: s.User;

const sessionOf = (u: s.User): Session =>
  ({
    user: { id: u.id, email: u.email, role: u.role, teamRole: u.teamRole, merchantId: u.merchantId, affiliateId: u.affiliateId, sessionVersion: u.sessionVersion },
    expires: '2099-01-01',
  }) as Session;
const ctxFor = (path: string): Context => ({
  db: t.db,
  ip: '192.0.2.44',
  session: path.startsWith('auth.') ? null : path.startsWith('affiliate.') ? sessionOf(affiliateUser) : sessionOf(merchantUser),
});

async function call(path: string, input: unknown): Promise<{ code: string; message: string }> {
  const fn = path.split('.').reduce<any>((o, k) => o[k], createCaller(ctxFor(path)));
  try {
    await fn(input);
    return { code: 'OK', message: '' };
  } catch (e) {
    if (e instanceof TRPCError) return { code: e.code, message: e.message };
    return { code: 'THROWN', message: String(e) };
  }
}

beforeAll(async () => {
  t = await createTestDb({ seed: true });
  useAsAppDb(t);
  merchantUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'merchant@example.com')))[0]!;
  affiliateUser = (await t.db.select().from(s.users).where(eq(s.users.email, 'affiliate@example.com')))[0]!;
});
afterAll(async () => {
  await t?.close();
});

describe('hostile input to every tRPC procedure', () => {
  it('never answers 500', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const path of paths) {
      for (const input of HOSTILE) {
        tried++;
        const r = await call(path, input);
        if (r.code === 'INTERNAL_SERVER_ERROR' || r.code === 'THROWN') failures.push(`${path} ${JSON.stringify(input)} → ${r.code} ${r.message}`);
      }
    }
    console.log(`trpc hostile: tried ${tried} calls over ${paths.length} procedures, 5xx ${failures.length}`);
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a year-0 date, a NUL in an id and a prototype key as provider are 400s naming the field', async () => {
    expect(await call('merchant.clicks.list', { from: '0000-01-01' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/from/) });
    expect(await call('merchant.clicks.list', { to: '0000-12-31' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/to/) });
    expect(await call('reviews.list', { filter: { from: '0000-01-01' } })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/from/) });
    expect(await call('merchant.affiliates.byId', { id: `a${NUL}b` })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^id: /) });
    expect(await call('settings.team.remove', { userId: NUL })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^userId: /) });
    expect(await call('webhooks.deliveries', { provider: '__proto__' })).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/provider/) });
    expect(await call('webhooks.setSecret', { provider: '__proto__', secret: 'whsec_0123456789' })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/provider/),
    });
  });

  it('over HTTP too: 400, never 500', async () => {
    const q = (path: string, input: unknown) => request(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
    // Signed out, the procedures refuse before the input matters; the public ones parse it.
    const join = await request('/api/trpc/auth.joinProgram', {
      method: 'POST',
      json: { json: { account: `demo${NUL}`, form: { name: 'x', email: 'x@example.com', password: 'long-enough-pass', promotionMethod: 'blog', acceptTerms: true } } },
      headers: { origin: base() },
    });
    expect(join.status, join.text).toBe(400);
    expect(join.text).toMatch(/account/);
    const clicks = await q('merchant.clicks.list', { from: '0000-01-01' });
    expect(clicks.status).toBeLessThan(500);
  });
});
