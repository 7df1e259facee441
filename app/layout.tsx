import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Affiliate Tracker', template: '%s · Affiliate Tracker' },
  description: 'Run an affiliate program: tracking that never loses a sale.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: the CSP nonce (proxy.ts) is new each time, and Next
  // can only put it on its scripts while rendering. A prerendered page would carry none.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
