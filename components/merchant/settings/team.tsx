'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PasswordForm } from '@/components/auth/password-form';
import { SignOutEverywhereButton } from '@/components/auth/sign-out-button';
import { CopyButton } from '@/components/copy-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { teamInviteSchema } from '@/server/settings/schemas';
import { utc } from '@/components/form-check';

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export function Team({ members, meId }: { members: TeamMember[]; meId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const invite = useMutation(trpc.settings.team.invite.mutationOptions());
  const remove = useMutation(trpc.settings.team.remove.mutationOptions());
  const [invited, setInvited] = useState<{ name: string; email: string; password: string }>();
  const [removeError, setRemoveError] = useState<string>();
  const { confirm, dialog } = useConfirm();

  const inviteForm = useZodForm(
    teamInviteSchema,
    async (data, form) => {
      const user = await invite.mutateAsync(data);
      setInvited({ name: user.name, email: user.email, password: user.password });
      form.reset();
      router.refresh();
    },
    { onStart: () => setInvited(undefined) },
  );

  async function onRemove(m: TeamMember) {
    const ok = await confirm({
      title: `Remove ${m.name} from the team?`,
      body: `${m.name} (${m.email}) can no longer sign in to this program's panel. To let them back in, invite them again.`,
      confirmLabel: 'Remove member',
    });
    if (!ok) return;
    setRemoveError(undefined);
    try {
      await remove.mutateAsync({ userId: m.id });
      router.refresh();
    } catch (err) {
      setRemoveError(errorsOf(err).message ?? 'Could not remove the team member.');
    }
  }

  return (
    <div className="space-y-4">
      {dialog}
      {removeError ? <p role="alert" className="text-sm text-red-600">{removeError}</p> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="min-w-full text-sm" data-testid="team">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Email</th>
              <th className="px-3 py-2">Added</th>
              <th className="px-3 py-2">Last sign-in</th>
              <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-500">No team members. Invite one below.</td>
              </tr>
            ) : (
              members.map((m) => (
                <tr key={m.id}>
                  <td className="px-3 py-2 font-medium">
                    {m.name}
                    {m.id === meId ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}
                  </td>
                  <td className="px-3 py-2">{m.email}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{utc(m.createdAt)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-xs">{m.lastSignInAt ? utc(m.lastSignInAt) : 'never'}</td>
                  <td className="px-3 py-2 text-right">
                    {m.id === meId || members.length <= 1 ? null : (
                      <button
                        type="button"
                        disabled={remove.isPending}
                        aria-label={`Remove ${m.name}`}
                        onClick={() => onRemove(m)}
                        className="rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-50"
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <form onSubmit={inviteForm.onSubmit} className="space-y-3" noValidate>
        <h3 className="text-sm font-semibold text-slate-700">Invite a team member</h3>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="invite-name" label="Their name" name="name" maxLength={100} error={inviteForm.errors.name} />
          <Field id="invite-email" label="Their email" name="email" type="email" error={inviteForm.errors.email} />
        </div>
        <p className="text-xs text-slate-500">
          This machine sends no email: the invite creates their sign-in with a one-time password that is shown here once.
        </p>
        <FormMessages error={inviteForm.errors.form} />
        <Button type="submit" disabled={invite.isPending}>{invite.isPending ? 'Inviting…' : 'Invite'}</Button>
      </form>
      {invited ? (
        <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">
            {invited.name} can now sign in as {invited.email}. Give them this password; they can change it after signing in (Settings ›
            Your password). It is not shown again.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="invite-password" className="rounded bg-white px-2 py-1 font-mono text-xs">{invited.password}</code>
            <CopyButton text={invited.password} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function MerchantPasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.settings.changePassword.mutationOptions());
  return <PasswordForm change={change.mutateAsync} />;
}

export function MerchantSignOutEverywhere() {
  const trpc = useTRPC();
  const end = useMutation(trpc.settings.signOutEverywhere.mutationOptions());
  return <SignOutEverywhereButton end={() => end.mutateAsync()} />;
}
