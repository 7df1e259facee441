// GET /demo/shop/thank-you — the order confirmation; it reports the sale to the tracker.
// Reached from the checkout (order, product, qty, coupon, email: priced here) or by a
// plain link with the total (`?order=A-1&total=49.90`), as a merchant's own cart would.
import type { Metadata } from 'next';
import { formatMoney, parseAmount } from '@/server/money';
import { SHOP_CURRENCY, findProduct, priceOrder, toTotal } from '../products';
import { ReportSale, type Sale } from '../_components/report-sale';

export const metadata: Metadata = { title: 'Thank you' };

type Query = Record<'order' | 'product' | 'qty' | 'coupon' | 'email' | 'total', string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v.trim() : '');

export default async function ThankYouPage({ searchParams }: { searchParams: Promise<Partial<Query>> }) {
  const q = await searchParams;
  const orderId = one(q.order);
  const coupon = one(q.coupon).toUpperCase() || undefined;
  const customerEmail = one(q.email) || undefined;
  const product = findProduct(one(q.product));
  const quantity = Math.min(Math.max(Number.parseInt(one(q.qty), 10) || 1, 1), 99);
  const order = product ? priceOrder(product, quantity, coupon) : undefined;
  const totalCents = order ? order.totalCents : centsOf(one(q.total));

  if (!/^[\w-]{1,64}$/.test(orderId) || totalCents === undefined)
    return (
      <div className="mx-auto max-w-lg text-center">
        <h1 className="text-2xl font-bold">No order to confirm</h1>
        <p className="mt-2 text-slate-600">This page needs an order: place one from a product page.</p>
        <a href="/demo/shop" className="mt-6 inline-block font-medium text-brand-600 hover:underline">
          Browse the shop
        </a>
      </div>
    );

  const sale: Sale = { orderId, total: toTotal(totalCents), currency: SHOP_CURRENCY, productId: product?.id, coupon, customerEmail };
  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <div>
        <p className="text-sm font-medium text-emerald-700">Order {orderId} confirmed</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight">Thank you for your order</h1>
      </div>
      <section className="rounded-lg border border-slate-200 p-5" aria-label="Order summary">
        <dl className="space-y-2 text-sm">
          {order ? (
            <>
              <Row label={`${order.product.name} × ${order.quantity}`} value={formatMoney(order.product.priceCents * order.quantity, SHOP_CURRENCY)} />
              {order.discountCents > 0 ? <Row label={`Coupon ${coupon}`} value={`−${formatMoney(order.discountCents, SHOP_CURRENCY)}`} /> : null}
            </>
          ) : null}
          <div className="flex justify-between border-t border-slate-200 pt-2 text-base font-semibold">
            <dt>Total</dt>
            <dd className="tabular-nums" data-testid="order-total">
              {formatMoney(totalCents, SHOP_CURRENCY)}
            </dd>
          </div>
        </dl>
      </section>
      <ReportSale sale={sale} />
      <section className="text-sm text-slate-600">
        <h2 className="font-semibold text-slate-800">What this page did</h2>
        <p className="mt-1">Any shop&apos;s thank-you page can report its sale the same way, before or after t.js has loaded:</p>
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          {`window.affq = window.affq || [];\naffq.push(['sale', ${JSON.stringify(withoutEmpty(sale), null, 2)}]);`}
        </pre>
      </section>
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between">
      <dt className="text-slate-600">{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );
}

/** A total given in the link, in major units; undefined when it is not a valid amount. */
function centsOf(total: string): number | undefined {
  try {
    return total ? parseAmount(total, SHOP_CURRENCY) : undefined;
  } catch {
    return undefined;
  }
}

function withoutEmpty(o: object) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
