import { clsx } from 'clsx';

const tone: Record<string, string> = {
  pending: 'bg-amber-50 text-amber-800',
  approved: 'bg-emerald-50 text-emerald-800',
  paid: 'bg-sky-50 text-sky-800',
  declined: 'bg-slate-100 text-slate-600',
  suspended: 'bg-red-50 text-red-700',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={clsx('rounded-full px-2 py-0.5 text-xs font-medium', tone[status] ?? 'bg-slate-100')}>{status}</span>;
}
