// Settings › Privacy against the built app: the affiliate export route is behind the
// database-checked merchant session, for owners and admins, scoped to the merchant, audited;
// the erasure procedure refuses a viewer and answers a readable not-found.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '@/db/seed';
import { dataOf, mutate, query, signInWith } from './helpers/accounts';
import { request, uniq } from './helpers/http';

const PASSWORD = 'Correct-Horse-Battery-41';
let owner: string;
let account: string;

/** Sets an invited member's password from the link of the invitation mail (in the owner's e-mail log). */
async function acceptInvitation(email: string, ownerCookie: string) {
  const log = await query('mail.log', ownerCookie, { kind: 'team_invitation' });
  const mail = (dataOf<{ rows: { id: string; to: string }[] }>(log).rows ?? []).find((r) => r.to === email);
  expect(mail, log.text).toBeTruthy();
  const message = await query('mail.message', ownerCookie, { id: mail!.id });
  const token = /accept-invitation\?token=([A-Za-z0-9_-]+)/.exec(dataOf<{ text: string }>(message).text)?.[1];
  expect(token, message.text).toBeTruthy();
  const accepted = await mutate('auth.acceptInvitation', { token, password: PASSWORD, confirmPassword: PASSWORD });
  expect(accepted.status, accepted.text).toBe(200);
}

beforeAll(async () => {
  account = uniq('gdpr').toLowerCase();
  const email = `${account}@example.com`;
  const signedUp = await mutate('auth.signUpMerchant', { programName: 'Privacy Test', accountId: account, name: 'Owner', email, password: PASSWORD, currency: 'USD' });
  expect(signedUp.status, signedUp.text).toBe(200);
  owner = (await signInWith({ email, password: PASSWORD })).cookie!;
  const created = await mutate('merchant.affiliates.create', { name: 'Privacy Aff', email: `${account}-aff@example.com`, refId: `${account}-aff` }, owner);
  expect(created.status, created.text).toBe(200);
});

describe('GET /merchant/settings/privacy/export', () => {
  it('downloads the affiliate’s data as JSON for the owner, and audits it', async () => {
    const res = await request(`/merchant/settings/privacy/export?affiliate=${account}-aff`, { headers: { cookie: owner } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="affiliate-[0-9a-f-]{36}-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.json).toMatchObject({ merchantId: account, affiliate: { refId: `${account}-aff`, name: 'Privacy Aff' }, clicks: [], conversions: [] });
    const audit = await query('settings.audit.list', owner, {});
    const rows = dataOf<{ rows: { action: string }[] }>(audit).rows;
    expect(rows.map((r) => r.action)).toContain('affiliate.export');
  });

  it('answers another merchant’s affiliate as not found, bad input as invalid, in the JSON error shape', async () => {
    const foreign = await request(`/merchant/settings/privacy/export?affiliate=${DEMO.affiliateRefId}`, { headers: { cookie: owner } });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toMatchObject({ error: { code: 'not_found' } });
    const empty = await request('/merchant/settings/privacy/export', { headers: { cookie: owner } });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('refuses without a merchant session (401) and a viewer of the team (403)', async () => {
    const path = `/merchant/settings/privacy/export?affiliate=${account}-aff`;
    expect((await request(path)).status).toBe(401);
    const affiliate = (await signInWith({ email: DEMO.affiliateEmail, password: DEMO.affiliatePassword })).cookie!;
    expect((await request(path, { headers: { cookie: affiliate } })).status).toBe(401);

    const viewerEmail = `${account}-viewer@example.com`;
    const invited = await mutate('settings.team.invite', { name: 'Vera Viewer', email: viewerEmail, role: 'viewer' }, owner);
    expect(invited.status, invited.text).toBe(200);
    await acceptInvitation(viewerEmail, owner);
    const viewer = (await signInWith({ email: viewerEmail, password: PASSWORD })).cookie!;
    const refused = await request(path, { headers: { cookie: viewer } });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: 'forbidden' } });
    // Nor may a viewer erase a customer.
    const erase = await mutate('settings.eraseCustomer', { by: 'email', value: 'someone@example.com' }, viewer);
    expect(erase.status).toBe(403);
  });
});

describe('settings.eraseCustomer', () => {
  it('answers a customer nothing is stored about with a readable not-found, and a bad e-mail with a field error', async () => {
    const none = await mutate('settings.eraseCustomer', { by: 'email', value: 'nobody@example.com' }, owner);
    expect(none.status).toBe(404);
    expect(none.text).toContain('Nothing is stored about a customer with this e-mail');
    const bad = await mutate('settings.eraseCustomer', { by: 'email', value: 'not-an-email' }, owner);
    expect(bad.status).toBe(400);
  });
});
