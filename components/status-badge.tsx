import { clsx } from 'clsx';

const tone: Record<string, string> = {
  pending: 'bg-amber-50 text-amber-800',
  approved: 'bg-emerald-50 text-emerald-800',
  paid: 'bg-sky-50 text-sky-800',
  declined: 'bg-slate-100 text-slate-600',
  suspended: 'bg-red-50 text-red-700',
  // Mail (the e-mail log).
  queued: 'bg-slate-100 text-slate-700',
  sending: 'bg-sky-50 text-sky-800',
  sent: 'bg-emerald-50 text-emerald-800',
  logged: 'bg-indigo-50 text-indigo-800',
  retrying: 'bg-amber-50 text-amber-800',
  failed: 'bg-red-50 text-red-700',
  cancelled: 'bg-slate-100 text-slate-500',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={clsx('rounded-full px-2 py-0.5 text-xs font-medium', tone[status] ?? 'bg-slate-100')}>{status}</span>;
}
