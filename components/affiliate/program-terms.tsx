// "What you should know": the program's rules as they apply to this affiliate (its cookie
// lifetime and commission rates per campaign, action, product and tier; the payout minimum
// and schedule; its coupons; the merchant's own terms text), rendered from
// server/queries/affiliate-terms.ts.
import { Card } from '@/components/ui/card';
import { formatMoney } from '@/server/money';
import type { AffiliateTerms, TermsRule } from '@/server/queries/affiliate-terms';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function rate(r: TermsRule, currency: string): string {
  if (r.kind === 'percent') return `${((r.percentBp ?? 0) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
  return formatMoney(r.fixedAmount ?? 0, currency);
}

function schedule(p: AffiliateTerms['payout']): string {
  if (p.schedule === 'weekly') return `weekly, on ${WEEKDAYS[p.day ?? 1] ?? 'Monday'}`;
  if (p.schedule === 'monthly') return `monthly, on day ${p.day ?? 1}`;
  return 'when the merchant runs a payout';
}

/**
 * The merchant's terms as written: plain text (never HTML), line breaks kept, long words
 * wrapped, a long text scrolled in its box. Nothing at all when there are none.
 */
export function ProgramTermsText({ text, headingLevel = 3 }: { text: string; headingLevel?: 2 | 3 }) {
  if (!text.trim()) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div data-testid="program-terms-text">
      <Heading id="program-terms-heading" className="font-medium">
        Program terms
      </Heading>
      <div
        role="region"
        aria-labelledby="program-terms-heading"
        tabIndex={0}
        className="mt-1 max-h-72 overflow-y-auto whitespace-pre-wrap rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700 [overflow-wrap:anywhere]"
      >
        {text}
      </div>
    </div>
  );
}

export function ProgramTerms({ terms }: { terms: AffiliateTerms }) {
  return (
    <Card title="What you should know">
      <div className="space-y-4 text-sm" data-testid="program-terms">
        {terms.campaigns.map((c) => (
          <div key={c.id}>
            <h3 className="font-medium">{c.name}</h3>
            <p className="text-slate-600">
              Cookie lifetime {c.cookieDays} {c.cookieDays === 1 ? 'day' : 'days'}
              {c.lifetime ? '; lifetime commissions on customers you refer' : ''}
              {c.recurring ? '; commissions on renewals too' : ''}.
            </p>
            {c.rules.length ? (
              <ul className="mt-1 list-disc pl-5">
                {c.rules.map((r) => (
                  <li key={`${r.actionCode}-${r.productId ?? ''}-${r.tier}`}>
                    {r.actionCode ? `Action “${r.actionCode}”` : 'Sale'}
                    {r.productId ? ` of product ${r.productId}` : ''}
                    {r.tier > 1 ? `, tier ${r.tier} (your sub-affiliates’ sales)` : ''}: {rate(r, c.currency)}
                    {r.fromGroup ? ' (your commission group’s rate)' : ''}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-slate-600">No commission rules set yet.</p>
            )}
          </div>
        ))}
        <p>
          Payouts: {schedule(terms.payout)}, once your approved balance reaches {formatMoney(terms.payout.minimumMinor, terms.payout.currency)}
          {terms.payout.methods.length ? ` (by ${terms.payout.methods.map((m) => (m === 'paypal' ? 'PayPal' : 'bank transfer')).join(' or ')})` : ''}.
        </p>
        <p>
          {terms.coupons.length ? (
            <>
              Your coupons: <span className="font-mono">{terms.coupons.map((c) => c.code).join(', ')}</span> — a sale with one of them is yours without a click.
            </>
          ) : (
            'No coupon is assigned to you.'
          )}
        </p>
        <ProgramTermsText text={terms.programTerms} />
      </div>
    </Card>
  );
}
