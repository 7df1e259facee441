// The demo shop: a stand-in for a merchant's website, with the tracking script on every page.
// Its links are plain <a> on purpose: every page view is a full page load, as on most shops.
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from '@/components/ui/link';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: { default: 'Demo Coffee Co.', template: '%s · Demo Coffee Co.' },
  robots: { index: false },
};

export default async function DemoShopLayout({ children }: { children: ReactNode }) {
  // This site shares the app's strict CSP, so its tag carries the page's nonce.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <div className="min-h-screen bg-white">
      {/* Exactly what a merchant pastes into their site's template (plus the nonce of this site's CSP). */}
      <script async src="/t.js" data-account="demo" nonce={nonce} />
      <div className="bg-slate-900 px-6 py-2 text-center text-xs text-slate-200">
        A demo merchant site for the affiliate tracker. Arrive through an affiliate link such as{' '}
        <a className="font-mono text-white underline" href="/demo/shop?aff=demo-aff">
          /demo/shop?aff=demo-aff
        </a>{' '}
        or use the coupon <span className="font-mono text-white">DEMO10</span>, then buy something.{' '}
        <Link className="underline" href="/">
          Back to the app
        </Link>
      </div>
      <header className="border-b border-slate-200">
        <nav className="mx-auto flex max-w-5xl items-center justify-between px-6 py-4">
          <a href="/demo/shop" className="text-lg font-semibold tracking-tight">
            ☕ Demo Coffee Co.
          </a>
          <div className="flex gap-5 text-sm text-slate-600">
            <a href="/demo/shop" className="hover:text-slate-900">
              Shop
            </a>
            <a href="/demo/shop/signup" className="hover:text-slate-900">
              Create account
            </a>
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-10">{children}</main>
    </div>
  );
}
