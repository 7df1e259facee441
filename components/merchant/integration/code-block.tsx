import { CopyButton } from '@/components/copy-button';

/** A snippet to paste, with its copy button. The code is text rendered by React (escaped). */
export function CodeBlock({ code, label, testId }: { code: string; label: string; testId?: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <span className="text-sm font-medium text-slate-700">{label}</span>
        <CopyButton text={code} label={`Copy`} />
      </div>
      <pre
        data-testid={testId}
        // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
        tabIndex={0}
        aria-label={label}
        className="overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-800"
      >
        {code}
      </pre>
    </div>
  );
}
