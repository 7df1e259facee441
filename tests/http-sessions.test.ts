// Sessions against the built app: a token stops working the moment the server says so —
// signed out, the password changed, "sign out everywhere", the team member removed — on
// the tRPC API and on the CSV exports alike; sign-in marks the browser as a recent device;
// forwarded headers are believed only from a trusted proxy.
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';
import { base, request, uniq } from './helpers/http';

const PASSWORD = 'Correct-Horse-Battery-41';

async function signIn(email: string, password: string, at = base()) {
  const csrf = await fetch(`${at}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${at}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  const setCookies = res.headers.getSetCookie();
  const session = setCookies.find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email}: ${res.status} ${res.headers.get('location')}`);
  return { cookie: session.split(';')[0]!, setCookies, csrfCookie: cookie };
}

const mutation = (path: string, input: unknown, cookie: string) =>
  request(`/api/trpc/${path}`, { method: 'POST', json: { json: input }, headers: { cookie, origin: base() } });
const query = (path: string, cookie: string) => request(`/api/trpc/${path}`, { headers: { cookie } });

/** Sets the invited member's password from the link of the invitation mail (read in the owner's e-mail log). */
async function acceptInvitation(email: string, ownerCookie: string) {
  const input = (v: unknown) => encodeURIComponent(JSON.stringify({ json: v }));
  const log = await request(`/api/trpc/mail.log?input=${input({ kind: 'team_invitation' })}`, { headers: { cookie: ownerCookie } });
  expect(log.status, log.text).toBe(200);
  const mail = (log.json.result.data.json.rows as { id: string; to: string }[]).find((r) => r.to === email);
  expect(mail, 'the invitation mail is in the e-mail log').toBeTruthy();
  const message = await request(`/api/trpc/mail.message?input=${input({ id: mail!.id })}`, { headers: { cookie: ownerCookie } });
  const token = /accept-invitation\?token=([A-Za-z0-9_-]+)/.exec(message.json.result.data.json.text as string)?.[1];
  expect(token, message.text).toBeTruthy();
  const accepted = await mutation('auth.acceptInvitation', { token, password: PASSWORD, confirmPassword: PASSWORD }, '');
  expect(accepted.status, accepted.text).toBe(200);
}

/** A program of the test's own, so changing passwords does not disturb other test files. */
async function newMerchant() {
  const id = uniq('sess').toLowerCase();
  const email = `${id}@example.com`;
  const res = await mutation(
    'auth.signUpMerchant',
    { programName: 'Session Test', accountId: id, name: 'Owner', email, password: PASSWORD, currency: 'USD' },
    '',
  );
  expect(res.status, res.text).toBe(200);
  return { id, email };
}

describe('a session ends when the server ends it', () => {
  it('a password change ends every older session; the new password signs in', async () => {
    const m = await newMerchant();
    const a = await signIn(m.email, PASSWORD);
    const b = await signIn(m.email, PASSWORD);
    expect((await query('settings.get', b.cookie)).status).toBe(200);
    const changed = await mutation(
      'settings.changePassword',
      { currentPassword: PASSWORD, newPassword: 'Another-Good-Passphrase-77', confirmPassword: 'Another-Good-Passphrase-77' },
      a.cookie,
    );
    expect(changed.status, changed.text).toBe(200);
    for (const s of [a, b]) {
      expect((await query('settings.get', s.cookie)).status).toBe(401);
      expect((await request('/merchant/commissions/export', { headers: { cookie: s.cookie } })).status).toBe(401);
    }
    const again = await signIn(m.email, 'Another-Good-Passphrase-77');
    expect((await query('settings.get', again.cookie)).status).toBe(200);
  });

  it('“sign out everywhere” ends every session of the user; signing out ends that token, even a copy of it', async () => {
    const m = await newMerchant();
    const a = await signIn(m.email, PASSWORD);
    const b = await signIn(m.email, PASSWORD);
    const c = await signIn(m.email, PASSWORD);

    // Plain sign-out of `a`: next-auth's form, then the same cookie value replayed.
    const csrf = await fetch(`${base()}/api/auth/csrf`, { headers: { cookie: a.cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().map((x) => x.split(';')[0]).join('; ');
    const out = await fetch(`${base()}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${a.cookie}; ${csrfCookie}` },
      body: new URLSearchParams({ csrfToken }),
    });
    expect(out.status).toBeLessThan(400);
    expect((await query('settings.get', a.cookie)).status).toBe(401);
    expect((await request('/merchant/commissions/export', { headers: { cookie: a.cookie } })).status).toBe(401);
    // The user's other sessions are not affected by that.
    expect((await query('settings.get', b.cookie)).status).toBe(200);

    const all = await mutation('settings.signOutEverywhere', undefined, b.cookie);
    expect(all.status, all.text).toBe(200);
    for (const s of [b, c]) expect((await query('settings.get', s.cookie)).status).toBe(401);
    expect((await request('/merchant/commissions/export', { headers: { cookie: c.cookie } })).status).toBe(401);
  });

  it('a removed team member’s token opens neither the API nor the exports', async () => {
    const m = await newMerchant();
    const owner = await signIn(m.email, PASSWORD);
    const email = `${uniq('member')}@example.com`;
    const invited = await mutation('settings.team.invite', { name: 'Member', email }, owner.cookie);
    expect(invited.status, invited.text).toBe(200);
    const { id } = invited.json.result.data.json as { id: string };
    await acceptInvitation(email, owner.cookie);
    const member = await signIn(email, PASSWORD);
    expect((await request('/merchant/commissions/export', { headers: { cookie: member.cookie } })).status).toBe(200);
    expect((await mutation('settings.team.remove', { userId: id }, owner.cookie)).status).toBe(200);
    const refused = await request('/merchant/commissions/export', { headers: { cookie: member.cookie } });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: { code: 'unauthorized', message: 'Sign in as a merchant.' } });
    expect((await request(`/merchant/payouts/${crypto.randomUUID()}/export`, { headers: { cookie: member.cookie } })).status).toBe(401);
    expect((await request(`/merchant/payouts/${crypto.randomUUID()}/paypal`, { headers: { cookie: member.cookie } })).status).toBe(401);
    expect((await query('settings.get', member.cookie)).status).toBe(401);
  });
});

describe('recent device and forwarded headers', () => {
  it('a successful sign-in sets the recent-device cookie, HttpOnly and only for the sign-in endpoint', async () => {
    const m = await newMerchant();
    const { setCookies } = await signIn(m.email, PASSWORD);
    const device = setCookies.find((c) => c.startsWith('aff_recent_device='));
    expect(device).toBeDefined();
    expect(device).toMatch(/Path=\/api\/auth/i);
    expect(device).toMatch(/HttpOnly/i);
    expect(device).toMatch(/SameSite=Lax/i);
  });

  it('X-Forwarded-Host does not change the links the panel hands out when no proxy is trusted', async () => {
    const { cookie } = await signIn('merchant@example.com', 'demo-merchant');
    const page = await request('/merchant/affiliates', { headers: { cookie, 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } });
    expect(page.status, page.headers.get('location') ?? '').toBe(200);
    expect(page.text).not.toContain('evil.example');
    expect(page.text).toContain(`${base()}/join/demo`);
  });

  describe('an app behind a proxy that TRUST_PROXY does not name', () => {
    let app: { baseURL: string; log: () => string; stop: () => Promise<void> } | undefined;
    afterAll(async () => {
      await app?.stop();
    });

    it('warns once that X-Forwarded-For arrives but is not believed', async () => {
      app = await startTestServer({ label: 'fwdwarn', env: { TRUST_PROXY: '' } });
      expect(app!.log()).not.toMatch(/TRUST_PROXY is not set/);
      for (let i = 0; i < 3; i++) await fetch(`${app!.baseURL}/sign-in`, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
      const warnings = app!.log().match(/X-Forwarded-For but TRUST_PROXY is not set/g) ?? [];
      expect(warnings).toHaveLength(1);
    }, 120_000);
  });
});
