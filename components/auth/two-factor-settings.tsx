'use client';
// Two-factor sign-in for the signed-in user (either role): scan a QR code, confirm a code,
// keep the recovery codes shown once; turn it off with the password; new recovery codes.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { z } from 'zod';
import { CopyButton } from '@/components/copy-button';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';

const codeForm = z.object({ code: z.string().trim().min(1, 'Enter the code your app shows.').max(40) });
const passwordForm = z.object({ password: z.string().min(1, 'Enter your password.').max(200) });

export interface TwoFactorState {
  enabled: boolean;
  recoveryCodesLeft: number;
}

/** `doneHref`: where to go once the recovery codes are saved (the enrolment page sends the user on to the panel). */
export function TwoFactorSettings({ status, doneHref }: { status: TwoFactorState; doneHref?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const begin = useMutation(trpc.account.twoFactor.begin.mutationOptions());
  const confirm = useMutation(trpc.account.twoFactor.confirm.mutationOptions());
  const disable = useMutation(trpc.account.twoFactor.disable.mutationOptions());
  const regenerate = useMutation(trpc.account.twoFactor.regenerateRecoveryCodes.mutationOptions());
  const [setup, setSetup] = useState<{ qrDataUrl: string; secret: string }>();
  const [codes, setCodes] = useState<string[]>();
  const [beginError, setBeginError] = useState<string>();

  const confirmForm = useZodForm(codeForm, async (data) => {
    const { recoveryCodes } = await confirm.mutateAsync(data);
    setSetup(undefined);
    setCodes(recoveryCodes);
    router.refresh();
  });
  const disableForm = useZodForm(passwordForm, async (data, form) => {
    await disable.mutateAsync(data);
    form.reset();
    setCodes(undefined);
    router.refresh();
    return 'Two-factor sign-in is off.';
  });
  const regenerateForm = useZodForm(codeForm, async (data, form) => {
    const { recoveryCodes } = await regenerate.mutateAsync(data);
    form.reset();
    setCodes(recoveryCodes);
  });

  async function onBegin() {
    setBeginError(undefined);
    try {
      setSetup(await begin.mutateAsync());
    } catch {
      setBeginError('Could not start. Reload the page and try again.');
    }
  }

  if (codes)
    return (
      <div className="space-y-3" data-testid="recovery-codes">
        <p role="status" className="text-sm font-medium text-emerald-700">
          Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs you in once without your phone. They are not
          shown again.
        </p>
        <ul className="grid max-w-md grid-cols-2 gap-1 font-mono text-sm">
          {codes.map((c) => (
            <li key={c} className="rounded bg-slate-50 px-2 py-1">{c}</li>
          ))}
        </ul>
        <div className="flex gap-2">
          <CopyButton text={codes.join('\n')} />
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setCodes(undefined);
              if (doneHref) window.location.assign(doneHref);
            }}
          >
            I have saved them
          </Button>
        </div>
      </div>
    );

  if (status.enabled)
    return (
      <div className="space-y-5">
        <p className="text-sm text-slate-600">
          Two-factor sign-in is <strong>on</strong>: signing in asks for a code from your authenticator app.{' '}
          {status.recoveryCodesLeft} unused recovery code{status.recoveryCodesLeft === 1 ? '' : 's'} left.
        </p>
        <form onSubmit={regenerateForm.onSubmit} className="max-w-md space-y-3" noValidate>
          <Field id="regen-code" label="New recovery codes — the code your app shows now" name="code" inputMode="numeric" autoComplete="one-time-code" error={regenerateForm.errors.code} />
          <Button type="submit" variant="secondary" disabled={regenerateForm.pending}>Make new recovery codes</Button>
          <FormMessages error={regenerateForm.errors.form} />
        </form>
        <form onSubmit={disableForm.onSubmit} className="max-w-md space-y-3" noValidate>
          <Field id="tf-off-password" label="Turn it off — your password" name="password" type="password" autoComplete="current-password" error={disableForm.errors.password} />
          <Button type="submit" variant="secondary" disabled={disableForm.pending}>Turn off two-factor sign-in</Button>
          <FormMessages error={disableForm.errors.form} done={disableForm.done} />
        </form>
      </div>
    );

  if (setup)
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          Scan this QR code with an authenticator app (Google Authenticator, 1Password, Authy…), then enter the 6-digit code it shows.
        </p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
        <img src={setup.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} className="rounded border border-slate-200" />
        <p className="text-xs text-slate-500">
          No camera? Type this key in instead: <code data-testid="totp-secret" className="break-all rounded bg-slate-50 px-1 font-mono">{setup.secret}</code>
        </p>
        <form onSubmit={confirmForm.onSubmit} className="max-w-xs space-y-3" noValidate>
          <Field id="tf-confirm-code" label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" error={confirmForm.errors.code} />
          <Button type="submit" disabled={confirmForm.pending}>Turn on</Button>
          <FormMessages error={confirmForm.errors.form} />
        </form>
      </div>
    );

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Two-factor sign-in is off. With it on, signing in also asks for a code from an app on your phone, so a stolen password is not
        enough.
      </p>
      <Button type="button" onClick={onBegin} disabled={begin.isPending}>Turn on two-factor sign-in</Button>
      {beginError ? <p role="alert" className="text-sm text-red-600">{beginError}</p> : null}
    </div>
  );
}
