// One definition per mail: who receives it, the data it needs (validated at enqueue), the
// placeholders its subject and text may use, and its default subject and text. The HTML
// part is made from the same text (server/mail/render.ts), so the two never disagree.
import { z } from 'zod';
import type { MailKind } from '@/db/enums';
import { formatMoney } from '../money';

const name = z.string().trim().max(200);
const link = z.url().max(2000);
const when = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));
const money = z.object({ amount: z.number().int(), currency: z.string().length(3) });

export interface TemplateDef<V = Record<string, unknown>> {
  label: string;
  /** Who receives it (for the preferences pages). */
  audience: 'merchant' | 'affiliate' | 'user';
  /** An account mail: always sent, no unsubscribe, not editable. */
  transactional: boolean;
  vars: z.ZodType<V>;
  /** The placeholders this kind's subject and text may use, with what each stands for. */
  placeholders: Record<string, string>;
  /** The placeholder values (plain text) of these vars; `program.name`, `recipient.name` and `app.url` are added. */
  values: (vars: V, ctx: { appUrl: string }) => Record<string, string>;
  /** Placeholders that are this app's own links: an anchor in the HTML part. */
  links?: string[];
  subject: string;
  text: string;
  /** Example data for the panel's preview and test mail. */
  sample: V;
}

const COMMON = { 'program.name': 'the program’s name', 'recipient.name': 'the recipient’s name', 'app.url': 'the address of this app' };

const shortDate = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const amounts = (list: { amount: number; currency: string }[]) => (list.length ? list.map((m) => formatMoney(m.amount, m.currency)).join(', ') : formatMoney(0, 'USD'));

function def<V>(d: TemplateDef<V>): TemplateDef<V> {
  return d;
}

const invitation = (audience: 'merchant' | 'affiliate', label: string, what: string) =>
  def({
    label,
    audience: audience === 'merchant' ? 'merchant' : 'affiliate',
    transactional: true,
    vars: z.object({ name, inviterName: name, programName: name, link, expiresAt: when }),
    placeholders: { ...COMMON, 'inviter.name': 'who invited them', link: 'the link to set a password', 'expires.at': 'when the link expires' },
    values: (v) => ({ 'inviter.name': v.inviterName, link: v.link, 'expires.at': shortDate(v.expiresAt) }),
    links: ['link'],
    subject: `{inviter.name} invited you to {program.name}`,
    text: `Hello {recipient.name},\n\n{inviter.name} invited you to ${what} {program.name}. Choose your password here to sign in:\n\n{link}\n\nThe link works once and expires at {expires.at}. If you did not expect this invitation, ignore this mail.`,
    sample: { name: 'Ann Example', inviterName: 'Max Merchant', programName: 'Demo Shop', link: 'https://tracker.example/invite?token=example', expiresAt: new Date('2030-01-01T12:00:00Z') },
  });

// Each entry keeps its own vars type; the map is read through TemplateDef (vars validated by its schema).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map of differently-typed definitions
export const templates: { [K in MailKind]: TemplateDef<any> } = {
  password_reset: def({
    label: 'Password reset',
    audience: 'user',
    transactional: true,
    vars: z.object({ name, link }),
    placeholders: { ...COMMON, link: 'the reset link' },
    values: (v) => ({ link: v.link }),
    links: ['link'],
    subject: 'Reset your password for {program.name}',
    text: 'Hello {recipient.name},\n\nsomeone (hopefully you) asked to reset the password of your account at {program.name}. Choose a new password here:\n\n{link}\n\nThe link works once, for one hour. If you did not ask for it, ignore this mail: your password stays as it is.',
    sample: { name: 'Ann Example', link: 'https://tracker.example/reset-password?token=example' },
  }),
  team_invitation: invitation('merchant', 'Team invitation', 'the team of'),
  affiliate_invitation: invitation('affiliate', 'Affiliate invitation', 'the affiliate program'),
  two_factor_enabled: def({
    label: 'Two-factor sign-in turned on',
    audience: 'user',
    transactional: true,
    vars: z.object({ name }),
    placeholders: { ...COMMON },
    values: () => ({}),
    subject: 'Two-factor sign-in is on for your {program.name} account',
    text: 'Hello {recipient.name},\n\ntwo-factor sign-in was just turned on for your account at {program.name}. From now on you sign in with your password and a code from your authenticator app.\n\nIf this was not you, reset your password at once and tell the program’s team.',
    sample: { name: 'Ann Example' },
  }),
  webhook_endpoint_disabled: def({
    label: 'Webhook endpoint turned off',
    audience: 'merchant',
    transactional: true,
    vars: z.object({ url: z.string().max(2048) }),
    placeholders: { ...COMMON, 'endpoint.url': 'the endpoint’s URL' },
    values: (v) => ({ 'endpoint.url': v.url }),
    subject: 'Webhooks to {endpoint.url} are turned off',
    text: 'Hello {recipient.name},\n\ndeliveries of {program.name}’s events to {endpoint.url} failed for three days, so the endpoint was turned off. Nothing more is sent to it until you turn it on again.\n\nCheck the delivery log in Tools › Webhooks ({app.url}/merchant/integration/webhooks) for the answers it gave, fix the receiver, turn the endpoint on and send the failed events again.',
    sample: { url: 'https://shop.example/webhooks/affiliates' },
  }),
  affiliate_application: def({
    label: 'New affiliate application',
    audience: 'merchant',
    transactional: false,
    vars: z.object({
      affiliateId: z.string(),
      affiliateName: name,
      affiliateEmail: z.string().max(320),
      website: z.string().max(2000).nullish(),
      promotionMethod: z.string().max(2000).nullish(),
      status: z.string(),
    }),
    placeholders: {
      ...COMMON,
      'affiliate.name': 'the applicant’s name',
      'affiliate.email': 'the applicant’s e-mail address',
      'affiliate.website': 'the applicant’s website',
      'affiliate.promotionMethod': 'how the applicant promotes',
      'affiliate.status': 'pending or approved (auto-approval)',
      link: 'the applicant in the Affiliates manager',
    },
    values: (v, { appUrl }) => ({
      'affiliate.name': v.affiliateName,
      'affiliate.email': v.affiliateEmail,
      'affiliate.website': v.website || '—',
      'affiliate.promotionMethod': v.promotionMethod || '—',
      'affiliate.status': v.status,
      link: `${appUrl}/merchant/affiliates/${encodeURIComponent(v.affiliateId)}`,
    }),
    links: ['link'],
    subject: 'New affiliate application: {affiliate.name}',
    text: '{affiliate.name} ({affiliate.email}) applied to join {program.name}.\n\nWebsite: {affiliate.website}\nPromotion: {affiliate.promotionMethod}\nStatus: {affiliate.status}\n\nReview the application: {link}',
    sample: {
      affiliateId: '00000000-0000-0000-0000-000000000000',
      affiliateName: 'Ann Example',
      affiliateEmail: 'ann@example.com',
      website: 'https://ann.example',
      promotionMethod: 'Blog reviews',
      status: 'pending',
    },
  }),
  affiliate_approved: def({
    label: 'Application approved',
    audience: 'affiliate',
    transactional: false,
    vars: z.object({ affiliateName: name, refId: z.string() }),
    placeholders: { ...COMMON, 'affiliate.name': 'the affiliate’s name', 'affiliate.refId': 'the affiliate’s referral id', link: 'the affiliate panel' },
    values: (v, { appUrl }) => ({ 'affiliate.name': v.affiliateName, 'affiliate.refId': v.refId, link: `${appUrl}/affiliate` }),
    links: ['link'],
    subject: 'Welcome to {program.name}: your application is approved',
    text: 'Hello {affiliate.name},\n\nyour application to {program.name} is approved. Sign in to get your links and banners:\n\n{link}\n\nYour referral id is {affiliate.refId}.',
    sample: { affiliateName: 'Ann Example', refId: 'ann' },
  }),
  affiliate_declined: def({
    label: 'Application declined',
    audience: 'affiliate',
    transactional: false,
    vars: z.object({ affiliateName: name }),
    placeholders: { ...COMMON, 'affiliate.name': 'the affiliate’s name' },
    values: (v) => ({ 'affiliate.name': v.affiliateName }),
    subject: 'Your application to {program.name}',
    text: 'Hello {affiliate.name},\n\nthank you for your interest in {program.name}. We are sorry: your application was not accepted.',
    sample: { affiliateName: 'Ann Example' },
  }),
  commission_created: def({
    label: 'New commission',
    audience: 'affiliate',
    transactional: false,
    vars: z.object({ affiliateName: name, amount: z.number().int(), currency: z.string().length(3), tier: z.number().int(), status: z.string() }),
    placeholders: {
      ...COMMON,
      'affiliate.name': 'the affiliate’s name',
      'commission.amount': 'the commission, formatted',
      'commission.tier': 'its tier (1 for a direct referral)',
      'commission.status': 'pending or approved',
      link: 'the affiliate’s commissions page',
    },
    values: (v, { appUrl }) => ({
      'affiliate.name': v.affiliateName,
      'commission.amount': formatMoney(v.amount, v.currency),
      'commission.tier': String(v.tier),
      'commission.status': v.status,
      link: `${appUrl}/affiliate/commissions`,
    }),
    links: ['link'],
    subject: 'New commission: {commission.amount}',
    text: 'Hello {affiliate.name},\n\nyou earned a commission of {commission.amount} (tier {commission.tier}, {commission.status}) with {program.name}.\n\nSee your commissions: {link}',
    sample: { affiliateName: 'Ann Example', amount: 1250, currency: 'USD', tier: 1, status: 'pending' },
  }),
  payout_paid: def({
    label: 'Payout paid',
    audience: 'affiliate',
    transactional: false,
    vars: z.object({ affiliateName: name, amount: z.number().int(), currency: z.string().length(3), method: z.string().nullish() }),
    placeholders: { ...COMMON, 'affiliate.name': 'the affiliate’s name', 'payout.amount': 'the payout, formatted', 'payout.method': 'how it was paid', link: 'the affiliate’s payouts page' },
    values: (v, { appUrl }) => ({
      'affiliate.name': v.affiliateName,
      'payout.amount': formatMoney(v.amount, v.currency),
      'payout.method': v.method === 'paypal' ? 'PayPal' : v.method === 'bank_transfer' ? 'bank transfer' : (v.method ?? 'your payout method'),
      link: `${appUrl}/affiliate/payouts`,
    }),
    links: ['link'],
    subject: '{program.name} paid you {payout.amount}',
    text: 'Hello {affiliate.name},\n\n{program.name} paid you {payout.amount} by {payout.method}.\n\nSee your payouts: {link}',
    sample: { affiliateName: 'Ann Example', amount: 10000, currency: 'USD', method: 'paypal' },
  }),
  weekly_summary: def({
    label: 'Weekly summary',
    audience: 'affiliate',
    transactional: false,
    vars: z.object({ affiliateName: name, clicks: z.number().int(), conversions: z.number().int(), earnings: z.array(money), from: when, to: when }),
    placeholders: {
      ...COMMON,
      'affiliate.name': 'the affiliate’s name',
      'summary.clicks': 'clicks in the last 7 days',
      'summary.conversions': 'conversions in the last 7 days',
      'summary.earnings': 'commissions earned in the last 7 days',
      'summary.period': 'the 7 days',
      link: 'the affiliate dashboard',
    },
    values: (v, { appUrl }) => ({
      'affiliate.name': v.affiliateName,
      'summary.clicks': String(v.clicks),
      'summary.conversions': String(v.conversions),
      'summary.earnings': amounts(v.earnings),
      'summary.period': `${v.from.toISOString().slice(0, 10)} – ${v.to.toISOString().slice(0, 10)}`,
      link: `${appUrl}/affiliate`,
    }),
    links: ['link'],
    subject: 'Your week with {program.name}: {summary.earnings}',
    text: 'Hello {affiliate.name},\n\nyour last 7 days with {program.name} ({summary.period}):\n\nClicks: {summary.clicks}\nConversions: {summary.conversions}\nEarnings: {summary.earnings}\n\nYour dashboard: {link}',
    sample: { affiliateName: 'Ann Example', clicks: 120, conversions: 4, earnings: [{ amount: 4800, currency: 'USD' }], from: new Date('2030-01-01T00:00:00Z'), to: new Date('2030-01-08T00:00:00Z') },
  }),
  test: def({
    label: 'Test mail',
    audience: 'user',
    transactional: true,
    vars: z.object({ name }),
    placeholders: { ...COMMON },
    values: () => ({}),
    subject: 'Test mail from {program.name}',
    text: 'Hello {recipient.name},\n\nthis is a test mail from {program.name}. If you can read it, mail delivery works.',
    sample: { name: 'Ann Example' },
  }),
};

export const templateOf = (kind: MailKind): TemplateDef => templates[kind];
