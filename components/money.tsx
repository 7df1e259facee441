import { formatMoney } from '@/server/money';

/** Amounts in several currencies, one per line; a dash when there is nothing. */
export function MoneyList({ items, fallbackCurrency }: { items: { currency: string; amount: number }[]; fallbackCurrency: string }) {
  if (items.length === 0) return <>{formatMoney(0, fallbackCurrency)}</>;
  return (
    <>
      {items.map((m) => (
        <span key={m.currency} className="block">
          {formatMoney(m.amount, m.currency)}
        </span>
      ))}
    </>
  );
}
