'use client';
// Small pieces the Campaigns forms share: a checkbox that looks like Field (SelectField is in
// components/ui/field) and a form-level error. Validation and submitting are useZodForm's (components/use-zod-form.ts).
import type { InputHTMLAttributes } from 'react';

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
