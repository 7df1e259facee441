// The demo shop's catalogue (TRACKING-API.md §6): a stand-in merchant selling coffee gear.
// Prices are integer cents, like every amount in this app.
import { percentOf, toMajorString } from '@/server/money';

export const SHOP_CURRENCY = 'USD';

export interface Product {
  id: string;
  name: string;
  blurb: string;
  priceCents: number;
  /** A stand-in for a product photo. */
  emoji: string;
  tint: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'espresso-kit',
    name: 'Espresso Starter Kit',
    blurb: 'A tamper, a milk jug and a knock box: everything but the machine.',
    priceCents: 4990,
    emoji: '☕',
    tint: 'bg-amber-100',
  },
  {
    id: 'pour-over',
    name: 'Glass Pour-over Set',
    blurb: 'Dripper, carafe and 100 filters for a clean, bright cup.',
    priceCents: 3200,
    emoji: '💧',
    tint: 'bg-sky-100',
  },
  {
    id: 'burr-grinder',
    name: 'Hand Burr Grinder',
    blurb: 'Steel burrs and 40 click settings, from espresso to cold brew.',
    priceCents: 12900,
    emoji: '⚙️',
    tint: 'bg-slate-200',
  },
  {
    id: 'beans',
    name: 'Single-origin Beans, 1 kg',
    blurb: 'Washed Ethiopian Yirgacheffe, roasted to order this week.',
    priceCents: 2450,
    emoji: '🌰',
    tint: 'bg-emerald-100',
  },
];

export function findProduct(id: string | undefined): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

/** The shop's own coupons (percent off). DEMO10 is also the demo affiliate's code in the tracker. */
export const COUPONS: Record<string, number> = { DEMO10: 10 };

export interface Order {
  product: Product;
  quantity: number;
  coupon: string | undefined;
  discountCents: number;
  totalCents: number;
}

/** Prices an order the way the checkout shows it: quantity × price, minus the coupon's percent. */
export function priceOrder(product: Product, quantity: number, coupon: string | undefined): Order {
  const subtotal = product.priceCents * quantity;
  const percent = coupon ? (COUPONS[coupon.toUpperCase()] ?? 0) : 0;
  const discountCents = percentOf(subtotal, percent * 100);
  return { product, quantity, coupon, discountCents, totalCents: subtotal - discountCents };
}

/** Cents → the major-unit string `aff.sale()` takes (`4990` → `"49.90"`). */
export const toTotal = (cents: number) => toMajorString(cents, SHOP_CURRENCY);
