import Link from '@/components/ui/link';
import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 text-lg font-semibold text-slate-800">
        Affiliate Tracker
      </Link>
      <main className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">{children}</main>
    </div>
  );
}
