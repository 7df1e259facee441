'use client';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PasswordForm } from '@/components/auth/password-form';
import { SignOutEverywhereButton } from '@/components/auth/sign-out-button';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button, RowButton } from '@/components/ui/button';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { teamInviteSchema } from '@/server/settings/schemas';
import { utc } from '@/components/form-check';
import { useTeamRole } from '@/components/merchant/team-role';
import { teamRoleLabels, teamRoles, type TeamRole } from '@/db/enums';

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  teamRole: TeamRole;
  createdAt: Date;
  lastSignInAt: Date | null;
  pending: boolean;
  twoFactor: boolean;
  invitationExpiresAt: Date | null;
}

const roleHelp: Record<TeamRole, string> = {
  owner: 'everything, the team and security too',
  admin: 'runs the program, not the team',
  viewer: 'reads everything, changes nothing',
};


export function Team({ members, meId }: { members: TeamMember[]; meId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const isOwner = useTeamRole() === 'owner';
  const invite = useMutation(trpc.settings.team.invite.mutationOptions());
  const remove = useMutation(trpc.settings.team.remove.mutationOptions());
  const resend = useMutation(trpc.settings.team.resendInvitation.mutationOptions());
  const revoke = useMutation(trpc.settings.team.revokeInvitation.mutationOptions());
  const setRole = useMutation(trpc.settings.team.setRole.mutationOptions());
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const { confirm, dialog } = useConfirm();

  const inviteForm = useZodForm(
    teamInviteSchema,
    async (data, form) => {
      const user = await invite.mutateAsync(data);
      form.reset();
      router.refresh();
      return `Invitation sent to ${user.email}. They choose their own password from the link in it (valid until ${utc(user.invitationExpiresAt)}).`;
    },
    { onStart: () => setNotice(undefined) },
  );

  async function act(work: () => Promise<unknown>, done?: string) {
    setActionError(undefined);
    setNotice(undefined);
    try {
      await work();
      if (done) setNotice(done);
      router.refresh();
    } catch (err) {
      setActionError(errorsOf(err).message ?? 'That did not work. Reload the page and try again.');
    }
  }

  async function onRemove(m: TeamMember) {
    const ok = await confirm({
      title: m.pending ? `Revoke the invitation of ${m.name}?` : `Remove ${m.name} from the team?`,
      body: m.pending
        ? `The link sent to ${m.email} stops working. You can invite them again later.`
        : `${m.name} (${m.email}) can no longer sign in to this program's panel. To let them back in, invite them again.`,
      confirmLabel: m.pending ? 'Revoke invitation' : 'Remove member',
    });
    if (!ok) return;
    await act(() => (m.pending ? revoke.mutateAsync({ userId: m.id }) : remove.mutateAsync({ userId: m.id })));
  }

  const busy = remove.isPending || resend.isPending || revoke.isPending || setRole.isPending;
  return (
    <div className="space-y-4">
      {dialog}
      {actionError ? <p role="alert" className="text-sm text-red-600">{actionError}</p> : null}
      {notice ? <p role="status" className="text-sm text-emerald-700">{notice}</p> : null}
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
                {m.twoFactor ? <span className="ml-2 text-xs font-normal text-emerald-700">2FA</span> : null}
              </>
            ),
          },
          { key: 'email', header: 'Email', className: 'break-all', cell: (m) => m.email },
          {
            key: 'role',
            header: 'Role',
            cell: (m) =>
              isOwner && m.id !== meId ? (
                <select
                  aria-label={`Role of ${m.name}`}
                  value={m.teamRole}
                  disabled={busy}
                  onChange={(e) => act(() => setRole.mutateAsync({ userId: m.id, role: e.target.value as TeamRole }), `${m.name} is now ${teamRoleLabels[e.target.value as TeamRole].toLowerCase()}.`)}
                  className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs"
                >
                  {teamRoles.map((r) => (
                    <option key={r} value={r}>
                      {teamRoleLabels[r]}
                    </option>
                  ))}
                </select>
              ) : (
                teamRoleLabels[m.teamRole]
              ),
          },
          { key: 'added', header: 'Added', priority: 'normal', className: 'whitespace-nowrap text-xs', cell: (m) => utc(m.createdAt) },
          {
            key: 'signin',
            header: 'Last sign-in',
            priority: 'normal',
            className: 'whitespace-nowrap text-xs',
            cell: (m) =>
              m.pending ? (
                <span className="font-medium text-amber-700">
                  {m.invitationExpiresAt ? `Invitation pending (until ${utc(m.invitationExpiresAt)})` : 'Invitation expired'}
                </span>
              ) : m.lastSignInAt ? (
                utc(m.lastSignInAt)
              ) : (
                'never'
              ),
          },
        ]}
        actions={(m) => (
          <>
            {isOwner && m.pending ? (
              <RowButton
                disabled={busy}
                label={`Resend the invitation to ${m.name}`}
                onClick={() => act(() => resend.mutateAsync({ userId: m.id }), `A new invitation is on its way to ${m.email}; the previous link no longer works.`)}
              >
                Resend
              </RowButton>
            ) : null}
            {!isOwner || m.id === meId || members.length <= 1 ? null : (
              <RowButton tone="danger" disabled={busy} label={m.pending ? `Revoke the invitation of ${m.name}` : `Remove ${m.name}`} onClick={() => onRemove(m)}>
                {m.pending ? 'Revoke' : 'Remove'}
              </RowButton>
            )}
          </>
        )}
      />

      {isOwner ? (
        <form onSubmit={inviteForm.onSubmit} className="space-y-3" noValidate>
          <h3 className="text-sm font-semibold text-slate-700">Invite a team member</h3>
          <div className="grid gap-3 sm:grid-cols-3">
            <Field id="invite-name" label="Their name" name="name" maxLength={100} error={inviteForm.errors.name} />
            <Field id="invite-email" label="Their email" name="email" type="email" error={inviteForm.errors.email} />
            <div className="space-y-1">
              <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">Role</label>
              <select id="invite-role" name="role" defaultValue="admin" className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
                {teamRoles.map((r) => (
                  <option key={r} value={r}>{`${teamRoleLabels[r]} — ${roleHelp[r]}`}</option>
                ))}
              </select>
            </div>
          </div>
          <p className="text-xs text-slate-500">
            They get an e-mail with a link to choose their own password. Nobody else ever sees it.
          </p>
          <Button type="submit" disabled={invite.isPending}>{invite.isPending ? 'Inviting…' : 'Send invitation'}</Button>
          <FormMessages error={inviteForm.errors.form ?? inviteForm.errors.role} done={inviteForm.done} />
        </form>
      ) : (
        <p className="text-xs text-slate-500">Only an owner invites, removes or changes the role of team members.</p>
      )}
    </div>
  );
}

/** "Require two-factor sign-in for the team" (owners only). */
export function RequireTwoFactorToggle({ required }: { required: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const isOwner = useTeamRole() === 'owner';
  const save = useMutation(trpc.settings.setRequireTwoFactor.mutationOptions());
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={required}
          disabled={!isOwner || save.isPending}
          onChange={async (e) => {
            setError(undefined);
            try {
              await save.mutateAsync({ required: e.target.checked });
              router.refresh();
            } catch (err) {
              setError(errorsOf(err).message ?? 'Could not save.');
            }
          }}
        />
        Require two-factor sign-in for the team
      </label>
      <p className="text-xs text-slate-500">
        {isOwner
          ? 'Members without it are sent to turn it on before they can use the panel.'
          : 'Only an owner changes this.'}
      </p>
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
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
