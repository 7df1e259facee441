import Link from '@/components/ui/link';
import { clsx } from 'clsx';

export const periods = [7, 30, 90, 365] as const;

export function parsePeriod(value: string | undefined): number {
  const n = Number(value);
  return (periods as readonly number[]).includes(n) ? n : 30;
}

export function PeriodPicker({ basePath, days }: { basePath: string; days: number }) {
  return (
    <div className="inline-flex rounded-md border border-slate-300 bg-white text-sm" role="group" aria-label="Period">
      {periods.map((p) => (
        <Link
          key={p}
          href={`${basePath}?days=${p}`}
          aria-current={p === days ? 'true' : undefined}
          className={clsx('px-3 py-1.5', p === days ? 'bg-slate-900 text-white' : 'text-slate-600 hover:bg-slate-50')}
        >
          {p === 365 ? '12 months' : `${p} days`}
        </Link>
      ))}
    </div>
  );
}
