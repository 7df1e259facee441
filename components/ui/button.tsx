'use client';
import { useSyncExternalStore, type ComponentPropsWithRef } from 'react';
import { clsx } from 'clsx';

const noSubscription = () => () => {};
/** False in the server's HTML and while React hydrates it, true from then on. */
function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * A submit button is disabled until the page is hydrated: the panels' forms are sent by
 * script (validated first, through tRPC), and a click before that would submit the form
 * natively — a reload that loses what was typed and says nothing. `worksWithoutScript`: a
 * form that posts natively on purpose (one-click unsubscribe) keeps its button enabled.
 */
export function Button({
  variant = 'primary',
  className,
  worksWithoutScript = false,
  disabled,
  ...props
}: ComponentPropsWithRef<'button'> & { variant?: 'primary' | 'secondary' | 'ghost'; worksWithoutScript?: boolean }) {
  const hydrated = useHydrated();
  const waiting = props.type === 'submit' && !worksWithoutScript && !hydrated;
  return (
    <button
      disabled={disabled || waiting}
      className={clsx(
        'inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-medium transition disabled:cursor-not-allowed disabled:opacity-60',
        variant === 'primary' && 'bg-brand-600 text-white hover:bg-brand-700',
        variant === 'secondary' && 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50',
        variant === 'ghost' && 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
        className,
      )}
      {...props}
    />
  );
}

/** A small button for a table row's actions; `label` is its accessible name when the text alone is ambiguous. */
export function RowButton({
  label,
  tone = 'default',
  className,
  ...props
}: ComponentPropsWithRef<'button'> & { label?: string; tone?: 'default' | 'warn' | 'danger' }) {
  return (
    <button
      type="button"
      aria-label={label}
      className={clsx(
        'rounded border px-2 py-0.5 text-xs font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 disabled:opacity-50',
        tone === 'default' && 'border-slate-300 bg-white hover:bg-slate-50',
        tone === 'warn' && 'border-amber-300 bg-amber-50 text-amber-800 hover:bg-amber-100',
        tone === 'danger' && 'border-red-300 bg-white text-red-700 hover:bg-red-50',
        className,
      )}
      {...props}
    />
  );
}
