'use client';
// One confirm dialog for every destructive or irreversible action, on the native <dialog>:
// showModal() makes the page inert and moves focus into it (to Cancel, the safe choice),
// Escape and Cancel close it and change nothing, and the confirm button names the action.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';

export interface ConfirmRequest {
  /** The question, e.g. "Suspend Demo Affiliate?" */
  title: string;
  /** What will happen, in plain words. */
  body: ReactNode;
  /** The confirm button's text: the action itself ("Suspend", "Revoke key"), never "OK". */
  confirmLabel: string;
}

export function ConfirmDialog({
  request,
  onClose,
}: {
  request: ConfirmRequest | undefined;
  onClose: (confirmed: boolean) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!request && dialog.open) dialog.close();
  }, [request]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      // Escape fires `cancel`; keep React's state the only source of truth.
      onCancel={(e) => {
        e.preventDefault();
        onClose(false);
      }}
      className="w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      {request ? (
        <div className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {request.title}
          </h2>
          <div id={bodyId} className="text-sm text-slate-700">
            {request.body}
          </div>
          <div className="flex justify-end gap-2">
            <Button ref={cancelRef} type="button" variant="secondary" onClick={() => onClose(false)}>
              Cancel
            </Button>
            <Button type="button" className="bg-red-600 hover:bg-red-700" onClick={() => onClose(true)}>
              {request.confirmLabel}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

/**
 * `const { confirm, dialog } = useConfirm();` then `if (!(await confirm({...}))) return;`
 * and render `{dialog}` once in the component.
 */
export function useConfirm() {
  const [request, setRequest] = useState<ConfirmRequest>();
  const resolver = useRef<(ok: boolean) => void>(undefined);
  const confirm = useCallback((req: ConfirmRequest) => {
    resolver.current?.(false);
    setRequest(req);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, []);
  const onClose = useCallback((ok: boolean) => {
    setRequest(undefined);
    const resolve = resolver.current;
    resolver.current = undefined;
    resolve?.(ok);
  }, []);
  return { confirm, dialog: <ConfirmDialog request={request} onClose={onClose} /> };
}
