'use client';
// Settings › Program terms: the text affiliates read on their dashboard, their links page and
// the sign-up page. Plain text: line breaks are kept, nothing else is formatted.
import { useMutation } from '@tanstack/react-query';
import { clsx } from 'clsx';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { MAX_PROGRAM_TERMS, programTermsSchema } from '@/server/settings/schemas';

export function ProgramTermsForm({ programTerms }: { programTerms: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.settings.updateProgramTerms.mutationOptions());
  const f = useZodForm(programTermsSchema, async (data, form) => {
    const saved = await save.mutateAsync(data);
    // Show the text as stored (line ends and blank lines tidied).
    const area = form.elements.namedItem('programTerms');
    if (area instanceof HTMLTextAreaElement) area.value = saved.programTerms;
    router.refresh();
    return saved.programTerms ? 'Saved. Affiliates see these terms on their dashboard, links page and the sign-up page.' : 'Saved. No terms are shown.';
  });
  const error = f.errors.programTerms;
  return (
    <form onSubmit={f.onSubmit} className="max-w-2xl space-y-3" noValidate aria-label="Program terms">
      <div className="space-y-1">
        <label htmlFor="f-programTerms" className="block text-sm font-medium text-slate-700">
          Terms of your affiliate program
        </label>
        <textarea
          id="f-programTerms"
          name="programTerms"
          rows={8}
          defaultValue={programTerms}
          maxLength={MAX_PROGRAM_TERMS}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'f-programTerms-error' : 'f-programTerms-hint'}
          className={clsx(
            'block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none focus:ring-2',
            error ? 'border-red-400 focus:ring-red-200' : 'border-slate-300 focus:border-brand-600 focus:ring-brand-100',
          )}
        />
        {error ? (
          <p id="f-programTerms-error" role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : (
          <p id="f-programTerms-hint" className="text-xs text-slate-500">
            Plain text, up to {MAX_PROGRAM_TERMS.toLocaleString('en-US')} characters; line breaks are kept. Shown to affiliates on
            their dashboard and links page, and on your sign-up page before they apply. Leave it empty to show none.
          </p>
        )}
      </div>
      <Button type="submit" disabled={f.pending}>{f.pending ? 'Saving…' : 'Save program terms'}</Button>
      <FormMessages error={f.errors.form} done={f.done} />
    </form>
  );
}
