'use client';
// Small pieces the Campaigns forms share: a select and a checkbox that look like
// Field, and shared-schema validation into per-field messages.
import { clsx } from 'clsx';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import type { z } from 'zod';
import { errorsOf } from '@/components/trpc-provider';

export type FieldErrors = Record<string, string>;

/** Validate with the shared schema; the first message per field. */
export function check<S extends z.ZodType>(schema: S, raw: unknown): { data?: z.output<S>; errors: FieldErrors } {
  const r = schema.safeParse(raw);
  if (r.success) return { data: r.data, errors: {} };
  const errors: FieldErrors = {};
  for (const i of r.error.issues) errors[String(i.path[0] ?? 'form')] ??= i.message;
  return { errors };
}

/** A failed mutation as field errors (or one form-level message). */
export function mutationErrors(err: unknown): FieldErrors {
  const { fields, message } = errorsOf(err);
  return message ? { form: message } : fields;
}

export function SelectField({
  label,
  error,
  hint,
  name,
  id,
  children,
  className,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string; hint?: string; name: string; children: ReactNode }) {
  const fid = id ?? `f-${name}`;
  return (
    <div className={clsx('space-y-1', className)}>
      <label htmlFor={fid} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={fid}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fid}-error` : undefined}
        className={clsx(
          'block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none focus:ring-2',
          error ? 'border-red-400 focus:ring-red-200' : 'border-slate-300 focus:border-brand-600 focus:ring-brand-100',
        )}
        {...select}
      >
        {children}
      </select>
      {error ? (
        <p id={`${fid}-error`} role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

export function CheckboxField({
  label,
  hint,
  name,
  id,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; name: string }) {
  const fid = id ?? `f-${name}`;
  return (
    <div className="flex items-start gap-2">
      <input id={fid} name={name} type="checkbox" className="mt-1 h-4 w-4 rounded border-slate-300" {...input} />
      <div>
        <label htmlFor={fid} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </div>
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="text-sm text-red-600">
      {message}
    </p>
  ) : null;
}
