'use client';
// The signed-in user's notifications, each switched on or off at once — the same switch a
// mail's unsubscribe link flips.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import type { NotificationKind } from '@/db/enums';

export function MailPreferences({ role, preferences }: { role: 'merchant' | 'affiliate'; preferences: { kind: NotificationKind; label: string; on: boolean }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const merchant = useMutation(trpc.mail.setMyPreference.mutationOptions());
  const affiliate = useMutation(trpc.mail.setAffiliatePreference.mutationOptions());
  const save = role === 'merchant' ? merchant : affiliate;
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  return (
    <fieldset className="space-y-2" disabled={save.isPending}>
      <legend className="mb-2 text-sm text-slate-600">The mails you receive. Account mails (password reset, invitations) are always sent.</legend>
      {preferences.map((p) => (
        <label key={p.kind} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name={p.kind}
            defaultChecked={p.on}
            onChange={async (e) => {
              setError(undefined);
              setDone(undefined);
              try {
                await save.mutateAsync({ kind: p.kind, on: e.currentTarget.checked });
                setDone(`${p.label}: ${e.currentTarget.checked ? 'on' : 'off'}.`);
                router.refresh();
              } catch (err) {
                setError(errorsOf(err).message ?? 'Could not save.');
              }
            }}
          />
          {p.label}
        </label>
      ))}
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
    </fieldset>
  );
}
