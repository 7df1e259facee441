// GET /demo/shop — the demo shop's product list.
import { PRODUCTS, SHOP_CURRENCY } from './products';
import { formatMoney } from '@/server/money';

export default function DemoShopPage() {
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Brew better coffee at home</h1>
      <p className="mt-2 text-slate-600">Hand-picked gear and fresh beans, shipped tomorrow.</p>
      <ul className="mt-8 grid gap-6 sm:grid-cols-2">
        {PRODUCTS.map((p) => (
          <li key={p.id}>
            <a
              href={`/demo/shop/product/${p.id}`}
              className="group flex h-full flex-col overflow-hidden rounded-xl border border-slate-200 shadow-sm transition hover:shadow-md"
            >
              <div className={`flex h-36 items-center justify-center text-6xl ${p.tint}`} aria-hidden>
                {p.emoji}
              </div>
              <div className="flex flex-1 flex-col p-5">
                <h2 className="font-semibold group-hover:text-brand-700">{p.name}</h2>
                <p className="mt-1 flex-1 text-sm text-slate-600">{p.blurb}</p>
                <p className="mt-3 font-medium tabular-nums">{formatMoney(p.priceCents, SHOP_CURRENCY)}</p>
              </div>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
