// Accounts against the built app, with a real SMTP server receiving the mail
// (PLATFORM-API.md §1): password reset without account enumeration, invitations instead of
// one-time passwords, team roles enforced by the procedure kinds, two-factor sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error — plain .mjs helper
import { startTestServer } from '../scripts/test-server.mjs';
import { appRouter } from '@/server/trpc/routers/_app';
import { TWO_FACTOR_ENROLMENT_REQUIRED, TWO_FACTOR_REQUIRED, WRONG_TWO_FACTOR_CODE } from '@/server/auth/two-factor-messages';
import { RESET_ANSWER_MS } from '@/server/accounts/password-reset';
import { dataOf, linkIn, mailTo, mutate, query, signInWith, totpAt } from './helpers/accounts';
import { request, uniq, useApp } from './helpers/http';
import { startTestSmtp, type TestSmtp } from './helpers/smtp';

const APP_URL = 'https://affiliates.example.test';
const PASSWORD = 'Correct-Horse-Battery-41';
const NEW_PASSWORD = 'Another-Good-Passphrase-77';

let smtp: TestSmtp;
let server: { baseURL: string; stop(): Promise<void>; log(): string };
beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await startTestServer({ label: 'accounts', env: { SMTP_URL: smtp.url, APP_URL, OUTBOX_POLL_MS: '200' } });
  useApp(server.baseURL);
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

/** A program of the test's own (its owner signed in), so no test disturbs another. */
async function newProgram() {
  const id = uniq('acc').toLowerCase();
  const email = `${id}@example.com`;
  const res = await mutate('auth.signUpMerchant', { programName: `Shop ${id}`, accountId: id, name: 'Olga Owner', email, password: PASSWORD, currency: 'USD' });
  expect(res.status, res.text).toBe(200);
  const { cookie } = await signInWith({ email, password: PASSWORD });
  expect(cookie).toBeTruthy();
  return { id, email, cookie: cookie! };
}

/** Invites a team member and lets them accept from the mail; their session cookie. */
async function teamMember(owner: { cookie: string }, role: 'admin' | 'viewer') {
  const email = `${uniq(role)}@example.com`;
  const inv = await mutate('settings.team.invite', { name: `Mia ${role}`, email, role }, owner.cookie);
  expect(inv.status, inv.text).toBe(200);
  const { token } = linkIn((await mailTo(smtp, email)).mail.text, '/accept-invitation');
  const accepted = await mutate('auth.acceptInvitation', { token, password: PASSWORD, confirmPassword: PASSWORD });
  expect(accepted.status, accepted.text).toBe(200);
  const { cookie } = await signInWith({ email, password: PASSWORD });
  expect(cookie).toBeTruthy();
  return { email, id: dataOf(inv).id as string, cookie: cookie! };
}

const timed = async <T>(work: () => Promise<T>) => {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
};

describe('password reset', () => {
  it('the sign-in page links to /forgot-password, which answers 200', async () => {
    expect((await request('/sign-in')).text).toMatch(/href="\/forgot-password"/);
    const page = await request('/forgot-password');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Forgot your password/);
  });

  it('answers a known and an unknown address alike, in the same time class; only the known one gets a mail with an APP_URL link', async () => {
    const p = await newProgram();
    const unknown = `${uniq('nobody')}@example.com`;
    const known = await timed(() => mutate('auth.requestPasswordReset', { email: p.email.toUpperCase() }));
    const none = await timed(() => mutate('auth.requestPasswordReset', { email: unknown }));
    expect(known.value.status).toBe(200);
    expect(none.value.status).toBe(known.value.status);
    expect(none.value.text).toBe(known.value.text);
    // Both padded to the same floor; neither one's work shows past it.
    for (const t of [known, none]) expect(t.ms).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 5);
    expect(Math.abs(known.ms - none.ms)).toBeLessThan(250);
    const mail = await mailTo(smtp, p.email);
    const { link } = linkIn(mail.mail.text, '/reset-password');
    expect(link.startsWith(`${APP_URL}/reset-password?token=`)).toBe(true);
    expect(mail.mail.html || '').toContain('/reset-password?token=');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(unknown)).toHaveLength(0);
  });

  it('the link sets a new password once: the old one stops working, the new one signs in, other sessions end', async () => {
    const p = await newProgram();
    const other = await signInWith({ email: p.email, password: PASSWORD });
    expect((await query('settings.get', other.cookie!)).status).toBe(200);
    await mutate('auth.requestPasswordReset', { email: p.email });
    const { token } = linkIn((await mailTo(smtp, p.email)).mail.text, '/reset-password');
    const page = await request(`/reset-password?token=${encodeURIComponent(token)}`);
    expect(page.text).toContain('Choose a new password');

    // A weak password is refused with the field named, and the link still works afterwards.
    const weak = await mutate('auth.resetPassword', { token, password: 'password1', confirmPassword: 'password1' });
    expect(weak.status).toBe(400);
    expect(weak.text).toMatch(/password/);

    const done = await mutate('auth.resetPassword', { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status, done.text).toBe(200);
    for (const s of [p.cookie, other.cookie!]) expect((await query('settings.get', s)).status).toBe(401);
    expect((await signInWith({ email: p.email, password: PASSWORD })).cookie).toBeUndefined();
    expect((await signInWith({ email: p.email, password: NEW_PASSWORD })).cookie).toBeTruthy();

    const again = await mutate('auth.resetPassword', { token, password: 'Third-Fine-Passphrase-90', confirmPassword: 'Third-Fine-Passphrase-90' });
    expect(again.status).toBe(400);
    expect(again.text).toMatch(/expired or was used/);
    expect((await request(`/reset-password?token=${encodeURIComponent(token)}`)).text).toMatch(/expired or was used/);
    expect((await signInWith({ email: p.email, password: NEW_PASSWORD })).cookie).toBeTruthy();
  });

  it('a link works for its own user and purpose only; a made-up token is refused', async () => {
    const a = await newProgram();
    const b = await newProgram();
    await mutate('auth.requestPasswordReset', { email: a.email });
    const { token } = linkIn((await mailTo(smtp, a.email)).mail.text, '/reset-password');
    // Not an invitation link.
    expect((await mutate('auth.acceptInvitation', { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(400);
    expect((await mutate('auth.resetPassword', { token: token.slice(0, -2) + 'xx', password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(400);
    expect((await mutate('auth.resetPassword', { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);
    // A's link changed A's password, not B's.
    expect((await signInWith({ email: b.email, password: PASSWORD })).cookie).toBeTruthy();
    expect((await signInWith({ email: b.email, password: NEW_PASSWORD })).cookie).toBeUndefined();
    expect((await signInWith({ email: a.email, password: NEW_PASSWORD })).cookie).toBeTruthy();
  });

  it('is rate-limited per account address, the same way whether or not it has an account', async () => {
    const p = await newProgram();
    const unknown = `${uniq('ghost')}@example.com`;
    const statuses = async (email: string) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push((await mutate('auth.requestPasswordReset', { email })).status);
      return out;
    };
    const known = await statuses(p.email);
    expect(known).toEqual([200, 200, 200, 429]);
    expect(await statuses(unknown)).toEqual(known);
    await mailTo(smtp, p.email, 3);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(p.email)).toHaveLength(3);
  });
});

describe('invitations', () => {
  it('a team member gets a link, not a password: pending until accepted, resendable, single-use', async () => {
    const owner = await newProgram();
    const email = `${uniq('pia')}@example.com`;
    const inv = await mutate('settings.team.invite', { name: 'Pia', email, role: 'admin' }, owner.cookie);
    expect(inv.status, inv.text).toBe(200);
    expect(inv.text).not.toMatch(/password/i);
    const first = await mailTo(smtp, email);
    expect(first.mail.subject).toBeTruthy();
    expect(first.mail.text).not.toMatch(/password:\s*\S{8,}/i);
    const { token: oldToken } = linkIn(first.mail.text, '/accept-invitation');
    let team = dataOf(await query('settings.team.list', owner.cookie)) as { email: string; pending: boolean; invitationExpiresAt: string | null }[];
    expect(team.find((m) => m.email === email)).toMatchObject({ pending: true });
    expect(team.find((m) => m.email === email)!.invitationExpiresAt).toBeTruthy();
    // No password signs in before they choose one (not even an empty one).
    expect((await signInWith({ email, password: '' })).cookie).toBeUndefined();

    expect((await mutate('settings.team.resendInvitation', { userId: dataOf(inv).id }, owner.cookie)).status).toBe(200);
    const { token } = linkIn((await mailTo(smtp, email, 2)).mail.text, '/accept-invitation');
    expect(token).not.toBe(oldToken);
    expect((await mutate('auth.acceptInvitation', { token: oldToken, password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(400);
    expect((await request(`/accept-invitation?token=${encodeURIComponent(token)}`)).text).toContain(`Welcome to Shop ${owner.id}`);
    expect((await mutate('auth.acceptInvitation', { token, password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(200);
    expect((await mutate('auth.acceptInvitation', { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(400);
    expect((await signInWith({ email, password: PASSWORD })).cookie).toBeTruthy();
    team = dataOf(await query('settings.team.list', owner.cookie));
    expect(team.find((m) => m.email === email)).toMatchObject({ pending: false, invitationExpiresAt: null });
    // Accepted: nothing left to resend or revoke.
    expect((await mutate('settings.team.resendInvitation', { userId: dataOf(inv).id }, owner.cookie)).status).toBe(409);
  });

  it('a revoked invitation’s link is refused and the pending member is gone', async () => {
    const owner = await newProgram();
    const email = `${uniq('rev')}@example.com`;
    const inv = await mutate('settings.team.invite', { name: 'Rex', email, role: 'viewer' }, owner.cookie);
    const { token } = linkIn((await mailTo(smtp, email)).mail.text, '/accept-invitation');
    expect((await mutate('settings.team.revokeInvitation', { userId: dataOf(inv).id }, owner.cookie)).status).toBe(200);
    expect((await mutate('auth.acceptInvitation', { token, password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(400);
    expect((await request(`/accept-invitation?token=${encodeURIComponent(token)}`)).text).toMatch(/revoked/);
    const team = dataOf(await query('settings.team.list', owner.cookie)) as { email: string }[];
    expect(team.map((m) => m.email)).not.toContain(email);
  });

  it('an affiliate the merchant creates gets an invitation mail and chooses their own password', async () => {
    const owner = await newProgram();
    const email = `${uniq('ann')}@partner.example`;
    const created = await mutate('merchant.affiliates.create', { name: 'Ann Partner', email, refId: uniq('ann') }, owner.cookie);
    expect(created.status, created.text).toBe(200);
    expect(created.text).not.toMatch(/password/i);
    const id = dataOf(created).id as string;
    expect(dataOf(await query('merchant.affiliates.login', owner.cookie, { id }))).toMatchObject({ state: 'invited' });
    const mail = await mailTo(smtp, email);
    expect(mail.mail.text).toContain(`Shop ${owner.id}`);
    const { token } = linkIn(mail.mail.text, '/accept-invitation');
    expect((await mutate('auth.acceptInvitation', { token, password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(200);
    const { cookie } = await signInWith({ email, password: PASSWORD });
    expect((await query('affiliate.me', cookie!)).status).toBe(200);
    expect(dataOf(await query('merchant.affiliates.login', owner.cookie, { id }))).toMatchObject({ state: 'active' });
  });
});

/** Every mutation of the app, by path (a new one is in this list without anyone adding it). */
const mutationPaths = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .filter(([, p]) => p._def.type === 'mutation')
  .map(([path]) => path);
/** What a viewer may still do: sign-up/sign-in pages (public), their own sign-in (password, sessions, two-factor) and their own mail. */
const viewerMay = (path: string) =>
  path.startsWith('auth.') || path.startsWith('account.') || path === 'settings.changePassword' || path === 'settings.signOutEverywhere' || path === 'mail.setMyPreference';

describe('team roles', () => {
  it('a viewer reads everything and every mutation of the program is refused with FORBIDDEN', async () => {
    const owner = await newProgram();
    const viewer = await teamMember(owner, 'viewer');
    expect(mutationPaths.length).toBeGreaterThan(30);
    const refused: string[] = [];
    for (const path of mutationPaths.filter((p) => !viewerMay(p))) {
      const res = await mutate(path, {}, viewer.cookie);
      if (res.status !== 403 || res.json?.error?.json?.data?.code !== 'FORBIDDEN') refused.push(`${path}: ${res.status}`);
    }
    expect(refused, 'mutations a viewer was not refused').toEqual([]);
    for (const path of ['settings.get', 'settings.team.list', 'merchant.affiliates.list', 'merchant.overview', 'campaigns.list', 'payouts.owed'])
      if (appRouter._def.procedures[path as keyof typeof appRouter._def.procedures]) expect((await query(path, viewer.cookie)).status, path).toBe(200);
    // The panel says so, and the viewer's own sign-in is still theirs.
    expect((await request('/merchant/settings', { headers: { cookie: viewer.cookie } })).text).toMatch(/read-only access/);
    expect((await mutate('account.twoFactor.begin', {}, viewer.cookie)).status).toBe(200);
    // The e-mail log lists the invitations, but their one-time links only to who could have sent them.
    const log = dataOf(await query('mail.log', viewer.cookie, { kind: 'team_invitation' })) as { rows: { id: string }[] };
    expect(log.rows.length).toBeGreaterThan(0);
    const asViewer = dataOf(await query('mail.message', viewer.cookie, { id: log.rows[0]!.id })) as { text: string; html: string };
    expect(`${asViewer.text}${asViewer.html}`).not.toContain('accept-invitation');
    const asOwner = dataOf(await query('mail.message', owner.cookie, { id: log.rows[0]!.id })) as { text: string };
    expect(asOwner.text).toContain('/accept-invitation?token=');
  });

  it('an admin changes the program but not the team or its security; the owner does both', async () => {
    const owner = await newProgram();
    const admin = await teamMember(owner, 'admin');
    const account = { name: 'Renamed Shop', defaultCurrency: 'USD', websiteUrl: '', autoApproveAffiliates: true };
    expect((await mutate('settings.updateAccount', account, admin.cookie)).status).toBe(200);
    expect((await mutate('settings.team.invite', { name: 'X', email: `${uniq('x')}@example.com`, role: 'viewer' }, admin.cookie)).status).toBe(403);
    expect((await mutate('settings.setRequireTwoFactor', { required: false }, admin.cookie)).status).toBe(403);
    expect((await mutate('settings.team.setRole', { userId: admin.id, role: 'viewer' }, owner.cookie)).status).toBe(200);
    // The new role applies at the admin's next request, without signing in again.
    expect((await mutate('settings.updateAccount', account, admin.cookie)).status).toBe(403);
    // The program keeps an owner: the only owner cannot be removed.
    const me = (dataOf(await query('settings.team.list', owner.cookie)) as { id: string; email: string }[]).find((m) => m.email === owner.email)!;
    expect((await mutate('settings.team.setRole', { userId: me.id, role: 'admin' }, owner.cookie)).status).toBe(403);
  });
});

describe('two-factor sign-in', () => {
  async function enrol(cookie: string) {
    const begun = await mutate('account.twoFactor.begin', {}, cookie);
    expect(begun.status, begun.text).toBe(200);
    const { secret, qrDataUrl, uri } = dataOf(begun) as { secret: string; qrDataUrl: string; uri: string };
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*algorithm=SHA1&digits=6&period=30/);
    expect((await mutate('account.twoFactor.confirm', { code: '000000' === totpAt(secret) ? '111111' : '000000' }, cookie)).status).toBe(400);
    const confirmed = await mutate('account.twoFactor.confirm', { code: totpAt(secret) }, cookie);
    expect(confirmed.status, confirmed.text).toBe(200);
    const codes = dataOf(confirmed).recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    return { secret, codes };
  }

  it('enrolment, then: no code → no session; a TOTP code signs in once; a recovery code signs in once', async () => {
    const p = await newProgram();
    const { secret, codes } = await enrol(p.cookie);
    // The secret is never shown again.
    expect((await query('account.twoFactor.status', p.cookie)).text).not.toContain(secret);
    expect(dataOf(await query('account.twoFactor.status', p.cookie))).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });

    const noCode = await signInWith({ email: p.email, password: PASSWORD });
    expect(noCode).toEqual({ error: TWO_FACTOR_REQUIRED });
    expect((await signInWith({ email: p.email, password: PASSWORD, code: '123456' === totpAt(secret) ? '654321' : '123456' })).error).toBe(WRONG_TWO_FACTOR_CODE);
    // The next time step's code (the enrolment used this one's).
    const code = totpAt(secret, Date.now() + 30_000);
    const ok = await signInWith({ email: p.email, password: PASSWORD, code });
    expect(ok.cookie).toBeTruthy();
    expect((await query('settings.get', ok.cookie!)).status).toBe(200);
    expect((await signInWith({ email: p.email, password: PASSWORD, code })).error).toBe(WRONG_TWO_FACTOR_CODE);
    // A wrong password with a good code is still a wrong password.
    expect((await signInWith({ email: p.email, password: 'wrong-password', code: codes[0]! })).cookie).toBeUndefined();

    expect((await signInWith({ email: p.email, password: PASSWORD, code: codes[0]!.toUpperCase() })).cookie).toBeTruthy();
    expect((await signInWith({ email: p.email, password: PASSWORD, code: codes[0]! })).error).toBe(WRONG_TWO_FACTOR_CODE);
    expect(dataOf(await query('account.twoFactor.status', ok.cookie!))).toMatchObject({ recoveryCodesLeft: 9 });
  });

  it('wrong codes are rate-limited: after a run of them even the right one waits', async () => {
    const p = await newProgram();
    const { codes } = await enrol(p.cookie);
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 14; i++) answers.push((await signInWith({ email: p.email, password: PASSWORD, code: `zzzz-zzzz-zzzz-zz${i + 10}` })).error);
    expect(answers.slice(0, 5).every((a) => a === WRONG_TWO_FACTOR_CODE)).toBe(true);
    expect(answers.filter((a) => /Too many/.test(a ?? '')).length).toBeGreaterThanOrEqual(5);
    expect((await signInWith({ email: p.email, password: PASSWORD, code: codes[1]! })).error).toMatch(/Too many/);
  });

  it('“log in as affiliate” works for a merchant signed in with two-factor, and so does the way back', async () => {
    const p = await newProgram();
    const { codes } = await enrol(p.cookie);
    const { cookie } = await signInWith({ email: p.email, password: PASSWORD, code: codes[0]! });
    const email = `${uniq('imp')}@partner.example`;
    const created = await mutate('merchant.affiliates.create', { name: 'Imp Partner', email, refId: uniq('imp') }, cookie!);
    const { token } = linkIn((await mailTo(smtp, email)).mail.text, '/accept-invitation');
    await mutate('auth.acceptInvitation', { token, password: PASSWORD, confirmPassword: PASSWORD });
    const grant = dataOf(await mutate('merchant.affiliates.impersonate', { id: dataOf(created).id }, cookie!)).grant as string;
    const asAffiliate = await signInWith({ grant });
    expect(asAffiliate.cookie).toBeTruthy();
    expect((await query('affiliate.me', asAffiliate.cookie!)).status).toBe(200);
    // The affiliate's own two-factor settings are not the merchant's to change.
    expect((await mutate('account.twoFactor.begin', {}, asAffiliate.cookie!)).status).toBe(403);
    const back = dataOf(await mutate('affiliate.endImpersonation', {}, asAffiliate.cookie!)).grant as string;
    const merchantAgain = await signInWith({ grant: back });
    expect((await query('settings.get', merchantAgain.cookie!)).status).toBe(200);
  });

  it('“require two-factor for the team”: a member without it is sent to enrol and can use nothing else', async () => {
    const owner = await newProgram();
    const admin = await teamMember(owner, 'admin');
    expect((await mutate('settings.setRequireTwoFactor', { required: true }, owner.cookie)).status).toBe(409);
    await enrol(owner.cookie);
    expect((await mutate('settings.setRequireTwoFactor', { required: true }, owner.cookie)).status).toBe(200);
    const refused = await query('settings.get', admin.cookie);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(TWO_FACTOR_ENROLMENT_REQUIRED);
    const panel = await request('/merchant', { headers: { cookie: admin.cookie } });
    expect([303, 307]).toContain(panel.status);
    expect(panel.headers.get('location')).toMatch(/\/two-factor-setup$/);
    expect((await request('/two-factor-setup', { headers: { cookie: admin.cookie } })).status).toBe(200);
    await enrol(admin.cookie);
    expect((await query('settings.get', admin.cookie)).status).toBe(200);
    expect((await request('/merchant', { headers: { cookie: admin.cookie } })).status).toBe(200);
  });
});
