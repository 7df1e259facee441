import { describe, expect, it } from 'vitest';
import { pickCookieClick, pickFingerprintClick, withinCookieLifetime, type CampaignWindow, type CandidateClick } from '@/server/attribution/pick';
import { computeCommissions, rescale, ruleFor } from '@/server/commissions/compute';
import type { CommissionRule } from '@/db/schema';

const DAY = 86_400_000;
const now = new Date('2026-11-23T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const campaigns = new Map<string, CampaignWindow>([
  ['last', { cookieDays: 30, fingerprintWindowHours: 24, attributionModel: 'last_click' }],
  ['first', { cookieDays: 30, fingerprintWindowHours: 24, attributionModel: 'first_click' }],
  ['short', { cookieDays: 1, fingerprintWindowHours: 2, attributionModel: 'last_click' }],
]);
const click = (id: number, affiliateId: string, campaignId: string, at: Date): CandidateClick => ({ id, affiliateId, campaignId, createdAt: at });

describe('cookie lifetime', () => {
  it('counts a click up to and including the last millisecond of its lifetime', () => {
    expect(withinCookieLifetime(click(1, 'a', 'last', ago(30 * DAY)), campaigns.get('last'), now)).toBe(true);
    expect(withinCookieLifetime(click(1, 'a', 'last', ago(30 * DAY + 1)), campaigns.get('last'), now)).toBe(false);
    expect(withinCookieLifetime(click(1, 'a', 'short', ago(DAY + 1)), campaigns.get('short'), now)).toBe(false);
    expect(withinCookieLifetime(click(1, 'a', 'last', new Date(now.getTime() + 1000)), campaigns.get('last'), now)).toBe(false);
    expect(withinCookieLifetime(click(1, 'a', 'gone', ago(1)), campaigns.get('gone'), now)).toBe(false);
  });
});

describe('first or last click', () => {
  it('last click wins by default', () => {
    const picked = pickCookieClick([click(1, 'a', 'last', ago(10 * DAY)), click(2, 'b', 'last', ago(DAY))], campaigns, now);
    expect(picked?.affiliateId).toBe('b');
  });
  it('first click wins when the campaign says so', () => {
    const picked = pickCookieClick([click(2, 'b', 'first', ago(DAY)), click(1, 'a', 'first', ago(10 * DAY))], campaigns, now);
    expect(picked?.affiliateId).toBe('a');
  });
  it('an expired first click no longer wins', () => {
    const picked = pickCookieClick([click(1, 'a', 'first', ago(31 * DAY)), click(2, 'b', 'first', ago(DAY))], campaigns, now);
    expect(picked?.affiliateId).toBe('b');
  });
  it('an expired last click falls back to the latest one still valid', () => {
    const picked = pickCookieClick([click(1, 'a', 'last', ago(5 * DAY)), click(2, 'b', 'short', ago(2 * DAY))], campaigns, now);
    expect(picked?.affiliateId).toBe('a');
  });
  it('same instant: the later id wins', () => {
    const at = ago(DAY);
    expect(pickCookieClick([click(7, 'x', 'last', at), click(3, 'y', 'last', at)], campaigns, now)?.id).toBe(7);
  });
  it('no clicks, no choice', () => {
    expect(pickCookieClick([], campaigns, now)).toBeUndefined();
  });
});

describe('fingerprint window', () => {
  it('takes the latest click within the window only', () => {
    const within = click(1, 'a', 'last', ago(23 * 3_600_000));
    const outside = click(2, 'b', 'short', ago(3 * 3_600_000));
    expect(pickFingerprintClick([within, outside], campaigns, now)?.affiliateId).toBe('a');
    expect(pickFingerprintClick([click(3, 'c', 'last', ago(24 * 3_600_000 + 1))], campaigns, now)).toBeUndefined();
  });
});

const rule = (over: Partial<CommissionRule>): CommissionRule => ({
  id: crypto.randomUUID(),
  merchantId: 'm',
  campaignId: 'c',
  actionCode: '',
  productId: null,
  tier: 1,
  commissionGroupId: null,
  kind: 'percent',
  percentBp: 1000,
  fixedAmount: null,
  createdAt: now,
  ...over,
});

describe('commissions', () => {
  const rules = [
    rule({ tier: 1, percentBp: 1000 }),
    rule({ tier: 2, percentBp: 200 }),
    rule({ tier: 1, productId: 'pro', percentBp: 3000 }),
    rule({ actionCode: 'signup', kind: 'fixed', percentBp: null, fixedAmount: 200 }),
  ];
  const chain = [{ id: 'aff' }, { id: 'parent' }, { id: 'grandparent' }];

  it('pays each tier its rule, up the parent chain', () => {
    expect(computeCommissions({ rules, chain, actionCode: '', total: 10000, currency: 'USD', campaignCurrency: 'USD' })).toEqual([
      { affiliateId: 'aff', tier: 1, amount: 1000, currency: 'USD' },
      { affiliateId: 'parent', tier: 2, amount: 200, currency: 'USD' },
    ]);
  });
  it('a product rule wins over the general rule of its tier', () => {
    expect(ruleFor(rules, '', 1, 'pro')?.percentBp).toBe(3000);
    expect(ruleFor(rules, '', 2, 'pro')?.percentBp).toBe(200);
    expect(ruleFor(rules, '', 1, 'other')?.percentBp).toBe(1000);
  });
  it('an action pays its fixed amount in its rule’s currency, whatever the conversion’s (no 2.0000 CLF or 2.000 KWD)', () => {
    expect(computeCommissions({ rules, chain, actionCode: 'signup', total: 0, currency: 'USD', campaignCurrency: 'USD' })).toEqual([
      { affiliateId: 'aff', tier: 1, amount: 200, currency: 'USD' },
    ]);
    for (const currency of ['KWD', 'JPY', 'EUR'])
      expect(computeCommissions({ rules, chain, actionCode: 'signup', total: 0, currency, campaignCurrency: 'USD' })).toEqual([
        { affiliateId: 'aff', tier: 1, amount: 200, currency: 'USD' },
      ]);
    // A percent commission stays in the sale's currency.
    expect(computeCommissions({ rules, chain: chain.slice(0, 1), actionCode: '', total: 10000, currency: 'KWD', campaignCurrency: 'USD' })).toEqual([
      { affiliateId: 'aff', tier: 1, amount: 1000, currency: 'KWD' },
    ]);
  });
  it('rescale keeps a fixed rule’s major units when a campaign changes currency', () => {
    expect(rescale(200, 'USD', 'JPY')).toBe(2);
    expect(rescale(200, 'USD', 'BHD')).toBe(2000);
    expect(rescale(250, 'USD', 'JPY')).toBe(3);
  });
  it('an unknown action pays nothing', () => {
    expect(computeCommissions({ rules, chain, actionCode: 'lead', total: 0, currency: 'USD', campaignCurrency: 'USD' })).toEqual([]);
  });
  it('a server override replaces the tier-1 amount only', () => {
    expect(
      computeCommissions({ rules, chain, actionCode: '', total: 10000, currency: 'USD', campaignCurrency: 'USD', tier1Override: 500 }),
    ).toEqual([
      { affiliateId: 'aff', tier: 1, amount: 500, currency: 'USD' },
      { affiliateId: 'parent', tier: 2, amount: 200, currency: 'USD' },
    ]);
  });
  it('zero amounts are not credited', () => {
    expect(computeCommissions({ rules, chain, actionCode: '', total: 4, currency: 'USD', campaignCurrency: 'USD' })).toEqual([]);
  });
});

describe('commission groups', () => {
  const campaign = [rule({ tier: 1, percentBp: 1000 }), rule({ tier: 2, percentBp: 200 })];
  const vip = [rule({ tier: 1, percentBp: 2000, commissionGroupId: 'vip' }), rule({ tier: 2, percentBp: 500, commissionGroupId: 'vip' })];
  const gold = [rule({ tier: 1, percentBp: 1500, commissionGroupId: 'gold' })];
  const groupOf: Record<string, typeof vip> = { member: vip, parentMember: vip, goldie: gold };
  const rulesOf = (id: string) => groupOf[id];
  const pay = (chain: { id: string }[], actionCode = '') =>
    computeCommissions({ rules: campaign, chain, actionCode, total: 10000, currency: 'USD', campaignCurrency: 'USD', rulesOf });

  it('a member of a 20 % group earns 20 %, a non-member the campaign’s 10 %', () => {
    expect(pay([{ id: 'member' }])).toEqual([{ affiliateId: 'member', tier: 1, amount: 2000, currency: 'USD' }]);
    expect(pay([{ id: 'someone' }])).toEqual([{ affiliateId: 'someone', tier: 1, amount: 1000, currency: 'USD' }]);
  });
  it('each tier is paid by the group of the affiliate being paid', () => {
    // A non-member's parent in the group gets the group's tier-2 5 %, not the campaign's 2 %.
    expect(pay([{ id: 'someone' }, { id: 'parentMember' }])).toEqual([
      { affiliateId: 'someone', tier: 1, amount: 1000, currency: 'USD' },
      { affiliateId: 'parentMember', tier: 2, amount: 500, currency: 'USD' },
    ]);
    // A member's parent outside the group gets the campaign's 2 %.
    expect(pay([{ id: 'member' }, { id: 'someone' }])).toEqual([
      { affiliateId: 'member', tier: 1, amount: 2000, currency: 'USD' },
      { affiliateId: 'someone', tier: 2, amount: 200, currency: 'USD' },
    ]);
  });
  it('where a group has no rule for a tier or action, the campaign’s rule applies', () => {
    expect(pay([{ id: 'someone' }, { id: 'goldie' }])).toEqual([
      { affiliateId: 'someone', tier: 1, amount: 1000, currency: 'USD' },
      { affiliateId: 'goldie', tier: 2, amount: 200, currency: 'USD' },
    ]);
    expect(pay([{ id: 'goldie' }], 'lead')).toEqual([]);
  });
});
