// How much a conversion pays, and to whom: pure rules over integer minor units.
import type { CommissionRule } from '@/db/schema';
import { currencyExponent, mulDivRound, percentOf } from '../money';

export interface CommissionLine {
  affiliateId: string;
  tier: number;
  amount: number;
  /** A percent commission is in the sale's currency; a fixed one in its rule's (the campaign's). */
  currency: string;
}

/**
 * The rule for one tier: a rule naming the product wins over the general rule
 * of the same action code; no rule, no commission at that tier.
 */
export function ruleFor(
  rules: CommissionRule[],
  actionCode: string,
  tier: number,
  productId: string | undefined,
): CommissionRule | undefined {
  const candidates = rules.filter((r) => r.actionCode === actionCode && r.tier === tier);
  return (productId ? candidates.find((r) => r.productId === productId) : undefined) ?? candidates.find((r) => !r.productId);
}

/** The deepest tier any rule of this action pays. */
export function maxTier(rules: CommissionRule[], actionCode: string): number {
  return rules.filter((r) => r.actionCode === actionCode).reduce((m, r) => Math.max(m, r.tier), 0);
}

/**
 * An amount in one currency's minor units as the same number of major units in
 * another's (a campaign's fixed rules when the merchant changes its currency),
 * rescaled to that currency's exponent, rounded half up.
 */
export function rescale(amount: number, fromCurrency: string, toCurrency: string): number {
  const from = currencyExponent(fromCurrency) ?? 2;
  const to = currencyExponent(toCurrency) ?? 2;
  if (from === to) return amount;
  return to > from ? amount * 10 ** (to - from) : mulDivRound(amount, 1, 10 ** (from - to));
}

export function computeCommissions(args: {
  rules: CommissionRule[];
  /** The referring affiliate first, then its parent, grandparent… */
  chain: { id: string }[];
  actionCode: string;
  productId?: string;
  total: number;
  currency: string;
  campaignCurrency: string;
  /** A fixed tier-1 amount (minor units of `currency`) that overrides the rules, from a server call. */
  tier1Override?: number;
  /**
   * The rules of the commission group an affiliate is in. Each tier is paid by the group of
   * the affiliate being paid (as Post Affiliate Pro does); where its group has no rule for
   * that action, product and tier, the campaign's rule applies.
   */
  rulesOf?: (affiliateId: string) => CommissionRule[] | undefined;
}): CommissionLine[] {
  const lines: CommissionLine[] = [];
  args.chain.forEach((affiliate, i) => {
    const tier = i + 1;
    let amount: number | undefined;
    let currency = args.currency;
    if (tier === 1 && args.tier1Override !== undefined) amount = args.tier1Override;
    else {
      const own = args.rulesOf?.(affiliate.id);
      const rule = (own && ruleFor(own, args.actionCode, tier, args.productId)) ?? ruleFor(args.rules, args.actionCode, tier, args.productId);
      if (!rule) return;
      if (rule.kind === 'percent') amount = percentOf(args.total, rule.percentBp ?? 0);
      else {
        // Paid in the rule's own currency whatever the sale's: the sale's currency is the
        // caller's choice, and 2.00 USD must not become 2.0000 CLF or 2.000 KWD.
        amount = rule.fixedAmount ?? 0;
        currency = args.campaignCurrency;
      }
    }
    if (amount > 0) lines.push({ affiliateId: affiliate.id, tier, amount, currency });
  });
  return lines;
}
