'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PasswordForm } from '@/components/auth/password-form';
import { SignOutEverywhereButton } from '@/components/auth/sign-out-button';
import { CopyButton } from '@/components/copy-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button, RowButton } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
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
      <DataTable
        label="Team members"
        testId="team"
        rows={members}
        rowKey={(m) => m.id}
        empty="No team members. Invite one below."
        columns={[
          {
            key: 'name',
            header: 'Name',
            className: 'font-medium',
            cell: (m) => (
              <>
                {m.name}
                {m.id === meId ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}
              </>
            ),
          },
          { key: 'email', header: 'Email', className: 'break-all', cell: (m) => m.email },
          { key: 'added', header: 'Added', priority: 'normal', className: 'whitespace-nowrap text-xs', cell: (m) => utc(m.createdAt) },
          { key: 'signin', header: 'Last sign-in', priority: 'normal', className: 'whitespace-nowrap text-xs', cell: (m) => (m.lastSignInAt ? utc(m.lastSignInAt) : 'never') },
        ]}
        actions={(m) =>
          m.id === meId || members.length <= 1 ? null : (
            <RowButton tone="danger" disabled={remove.isPending} label={`Remove ${m.name}`} onClick={() => onRemove(m)}>
              Remove
            </RowButton>
          )
        }
      />

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
