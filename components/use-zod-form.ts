'use client';
// The one way a panel form submits: validate with the shared zod schema (the one the
// server applies), show field errors next to their fields, call the mutation, and
// turn a refused mutation into field errors or a form-level message.
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { check } from '@/components/form-check';
import { errorsOf } from '@/components/trpc-provider';

export interface ZodForm {
  errors: Record<string, string>;
  /** What the last successful submit said (“Saved.”), cleared by the next submit. */
  done?: string;
  pending: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => Promise<void>;
}

export function useZodForm<S extends z.ZodType>(
  schema: S,
  submit: (data: z.infer<S>, form: HTMLFormElement) => Promise<string | void>,
  opts: {
    read?: (form: HTMLFormElement) => unknown;
    onStart?: () => void;
    /** Checks beyond the schema that need the page's data (a currency's decimals, the allowed domains): more field errors, or none. */
    refine?: (data: z.infer<S>) => Record<string, string> | undefined;
  } = {},
): ZodForm {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setDone(undefined);
    opts.onStart?.();
    const { data, errors: invalid } = check(schema, opts.read ? opts.read(form) : Object.fromEntries(new FormData(form)));
    const more = data ? opts.refine?.(data) : undefined;
    setErrors({ ...invalid, ...more });
    if (!data || (more && Object.keys(more).length)) return;
    setPending(true);
    try {
      setDone((await submit(data, form)) ?? undefined);
    } catch (err) {
      const { fields, message } = errorsOf(err);
      // Procedures that wrap the form (`{ id, form }`) report `form.<field>`.
      setErrors(message ? { form: message } : Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^form\./, ''), v])));
    } finally {
      setPending(false);
    }
  }

  return { errors, done, pending, onSubmit };
}
