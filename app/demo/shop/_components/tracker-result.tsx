'use client';
import { useEffect, useState, type ReactNode } from 'react';
import { clsx } from 'clsx';
import { formatMinor, type TrackerResponse } from './tracker';

const tone: Record<string, string> = {
  attributed: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  duplicate: 'bg-sky-50 text-sky-800 ring-sky-200',
  unattributed: 'bg-slate-100 text-slate-700 ring-slate-200',
};

/** What the tracker answered for this page's sale or action; `undefined` while it is on its way. */
export function TrackerResult({ result }: { result: TrackerResponse | null | undefined }) {
  const slow = useSlow(result === undefined);
  if (result === undefined)
    return (
      <Box>
        <p className="text-sm text-slate-600" role="status">
          Reporting to the tracker…
        </p>
        {slow ? (
          <p className="mt-2 text-sm text-amber-700">
            Still waiting: <code>/t.js</code> has not loaded. Is a content blocker stopping it?
          </p>
        ) : null}
      </Box>
    );
  if (!result || result.error)
    return (
      <Box>
        <p className="text-sm font-medium text-red-700" data-testid="tracker-error">
          {result?.error ? `${result.error.code}: ${result.error.message}` : 'The tracker gave no answer.'}
        </p>
      </Box>
    );
  return (
    <Box>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">Status</dt>
        <dd>
          <span
            data-testid="tracker-status"
            className={clsx('rounded-full px-2 py-0.5 text-xs font-medium ring-1', tone[result.status ?? ''] ?? tone.unattributed)}
          >
            {result.status}
          </span>
        </dd>
        <dt className="text-slate-500">Attributed by</dt>
        <dd data-testid="tracker-method">{result.method ?? '—'}</dd>
        <dt className="text-slate-500">Affiliate</dt>
        <dd data-testid="tracker-affiliate">{result.affiliate ?? '—'}</dd>
        <dt className="text-slate-500">Commissions</dt>
        <dd data-testid="tracker-commissions">
          {result.commissions?.length ? (
            <ul className="space-y-1">
              {result.commissions.map((c) => (
                <li key={`${c.tier}-${c.affiliate}`}>
                  <span className="font-medium tabular-nums">{formatMinor(c.amount, c.currency)}</span> to {c.affiliate} (tier {c.tier},{' '}
                  {c.status})
                </li>
              ))}
            </ul>
          ) : (
            'none'
          )}
        </dd>
      </dl>
      <details className="mt-4 text-xs text-slate-500">
        <summary className="cursor-pointer">Raw response</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-slate-100" data-testid="tracker-response">
          {JSON.stringify(result, null, 2)}
        </pre>
      </details>
    </Box>
  );
}

function Box({ children }: { children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-label="Tracker response">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">What the affiliate tracker recorded</h2>
      {children}
    </section>
  );
}

/** True once `waiting` has lasted eight seconds: long enough that t.js is not just slow. */
function useSlow(waiting: boolean): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setSlow(true), 8000);
    return () => clearTimeout(timer);
  }, [waiting]);
  return slow;
}
