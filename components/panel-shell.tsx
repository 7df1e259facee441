import Link from '@/components/ui/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { NavLinks, type NavItem } from '@/components/nav-links';

/** The frame both panels share: a header and a side navigation. */
export function PanelShell({
  title,
  subtitle,
  userEmail,
  nav,
  headerExtra,
  banner,
  children,
}: {
  title: string;
  subtitle: string;
  userEmail: string;
  nav: NavItem[];
  headerExtra?: ReactNode;
  /** A notice above everything (impersonation). */
  banner?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen">
      {banner}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 md:px-6">
          <Link href={nav[0]?.href ?? '/'} className="font-semibold text-slate-900">
            {title}
            <span className="ml-2 text-xs font-normal text-slate-500">{subtitle}</span>
          </Link>
          <div className="order-last w-full min-w-0 md:order-none md:w-auto md:flex-1">{headerExtra}</div>
          <span className="text-sm text-slate-500">{userEmail}</span>
          <SignOutButton />
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-4 md:flex-row md:gap-8 md:px-6 md:py-6">
        <nav aria-label="Sections" className="shrink-0 md:w-48">
          <NavLinks items={nav} />
        </nav>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
