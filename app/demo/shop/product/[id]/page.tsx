// GET /demo/shop/product/[id] — one product, with "Buy now" leading to the checkout.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { formatMoney } from '@/server/money';
import { PRODUCTS, SHOP_CURRENCY, findProduct } from '../../products';

type Props = { params: Promise<{ id: string }> };

export const dynamicParams = false;

export function generateStaticParams() {
  return PRODUCTS.map((p) => ({ id: p.id }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: findProduct((await params).id)?.name };
}

export default async function ProductPage({ params }: Props) {
  const product = findProduct((await params).id);
  if (!product) notFound();
  return (
    <div className="grid gap-10 md:grid-cols-2">
      <div className={`flex aspect-square items-center justify-center rounded-2xl text-9xl ${product.tint}`} aria-hidden>
        {product.emoji}
      </div>
      <div>
        <a href="/demo/shop" className="text-sm text-slate-500 hover:text-slate-800">
          ← All products
        </a>
        <h1 className="mt-3 text-3xl font-bold tracking-tight">{product.name}</h1>
        <p className="mt-3 text-slate-600">{product.blurb}</p>
        <p className="mt-6 text-2xl font-semibold tabular-nums">{formatMoney(product.priceCents, SHOP_CURRENCY)}</p>
        <a
          href={`/demo/shop/checkout?product=${product.id}`}
          className="mt-6 inline-block rounded-md bg-brand-600 px-6 py-3 font-medium text-white hover:bg-brand-700"
        >
          Buy now
        </a>
        <p className="mt-4 text-xs text-slate-500">Free shipping. Nothing is charged: this is a demo.</p>
      </div>
    </div>
  );
}
