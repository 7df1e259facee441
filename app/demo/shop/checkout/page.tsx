// GET /demo/shop/checkout?product=… — the order form; it submits to the thank-you page.
import { randomBytes } from 'node:crypto';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { formatMoney } from '@/server/money';
import { SHOP_CURRENCY, findProduct } from '../products';

export const metadata: Metadata = { title: 'Checkout' };

const input =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100';

export default async function CheckoutPage({ searchParams }: { searchParams: Promise<{ product?: string | string[] }> }) {
  const { product: id } = await searchParams;
  const product = findProduct(typeof id === 'string' ? id : undefined);
  if (!product) notFound();
  // The order id is fixed when the form is shown, so reloading the thank-you page reports the same order.
  const orderId = `DEMO-${randomBytes(5).toString('hex').toUpperCase()}`;
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="text-2xl font-bold tracking-tight">Checkout</h1>
      <div className="mt-6 flex items-center gap-4 rounded-lg border border-slate-200 p-4">
        <div className={`flex h-14 w-14 items-center justify-center rounded-md text-3xl ${product.tint}`} aria-hidden>
          {product.emoji}
        </div>
        <div className="flex-1">
          <p className="font-medium">{product.name}</p>
          <p className="text-sm text-slate-500">{formatMoney(product.priceCents, SHOP_CURRENCY)} each</p>
        </div>
      </div>
      <form action="/demo/shop/thank-you" method="get" className="mt-6 space-y-4">
        <input type="hidden" name="order" value={orderId} />
        <input type="hidden" name="product" value={product.id} />
        <div className="space-y-1">
          <label htmlFor="quantity" className="block text-sm font-medium text-slate-700">
            Quantity
          </label>
          <select id="quantity" name="qty" defaultValue="1" className={input}>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="email" className="block text-sm font-medium text-slate-700">
            Email for the receipt
          </label>
          <input id="email" name="email" type="email" autoComplete="email" placeholder="you@example.com" className={input} />
          <p className="text-xs text-slate-500">Optional. With one, later orders can earn the affiliate lifetime commissions.</p>
        </div>
        <div className="space-y-1">
          <label htmlFor="coupon" className="block text-sm font-medium text-slate-700">
            Coupon
          </label>
          <input id="coupon" name="coupon" autoComplete="off" placeholder="DEMO10" className={`${input} uppercase`} />
          <p className="text-xs text-slate-500">
            <span className="font-mono">DEMO10</span> takes 10 % off and credits the demo affiliate, even without a referral link.
          </p>
        </div>
        <button type="submit" className="w-full rounded-md bg-brand-600 px-4 py-3 font-medium text-white hover:bg-brand-700">
          Place order
        </button>
        <p className="text-center text-xs text-slate-500">No payment is taken: this is a demo.</p>
      </form>
    </div>
  );
}
