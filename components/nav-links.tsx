'use client';
import Link from '@/components/ui/link';
import { usePathname } from 'next/navigation';
import { clsx } from 'clsx';

export interface NavItem {
  href: string;
  label: string;
  /** A group heading shown above the item (Transactions, Tools). */
  group?: string;
  exact?: boolean;
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const path = usePathname();
  return (
    <ul className="flex flex-wrap gap-1 text-sm md:block md:space-y-0.5">
      {items.map((item, i) => {
        const active = item.exact ? path === item.href : path === item.href || path.startsWith(item.href + '/');
        const heading = item.group && item.group !== items[i - 1]?.group ? item.group : undefined;
        return (
          <li key={item.href}>
            {heading ? (
              <div className="mt-4 mb-1 hidden px-3 text-xs font-semibold uppercase tracking-wide text-slate-500 md:block">{heading}</div>
            ) : null}
            <Link
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={clsx(
                'block whitespace-nowrap rounded-md px-3 py-1.5',
                active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100',
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
