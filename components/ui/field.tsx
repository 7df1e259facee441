import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { clsx } from 'clsx';

const control = (error?: string) =>
  clsx(
    'block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none focus:ring-2',
    error ? 'border-red-400 focus:ring-red-200' : 'border-slate-300 focus:border-brand-600 focus:ring-brand-100',
  );

/** The label above a control and its error (or hint) below it; the control gets `aria-*` from `wire`. */
function Labelled({
  id,
  label,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: (wire: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string; className: string }) => ReactNode;
}) {
  return (
    <div className={clsx('space-y-1', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined, className: control(error) })}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

/** A labelled input with its error message right below it. */
export function Field({
  label,
  error,
  hint,
  className,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string; name: string }) {
  return (
    <Labelled id={input.id ?? `f-${input.name}`} label={label} error={error} hint={hint} className={className}>
      {(wire) => <input {...wire} {...input} id={wire.id} />}
    </Labelled>
  );
}

/** A labelled select that looks like Field. */
export function SelectField({
  label,
  error,
  hint,
  className,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string; hint?: string; name: string; children: ReactNode }) {
  return (
    <Labelled id={select.id ?? `f-${select.name}`} label={label} error={error} hint={hint} className={className}>
      {(wire) => (
        <select {...wire} {...select} id={wire.id}>
          {children}
        </select>
      )}
    </Labelled>
  );
}

/** A form's own error (not tied to a field) and its success notice. */
export function FormMessages({ error, done }: { error?: string; done?: string }) {
  return (
    <>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-emerald-700">
          {done}
        </p>
      ) : null}
    </>
  );
}
