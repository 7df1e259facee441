'use client';
// The affiliate's login on their page: active, or an invitation pending / expired / revoked,
// with "resend" and "revoke". No password is ever shown: they choose it from the link.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { utc } from '@/components/form-check';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';

export interface AffiliateLoginView {
  state: 'none' | 'active' | 'invited' | 'invitation_expired';
  invitationExpiresAt: Date | null;
}

export function AffiliateInvitation({ id, email, login }: { id: string; email: string; login: AffiliateLoginView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const resend = useMutation(trpc.merchant.affiliates.resendInvitation.mutationOptions());
  const revoke = useMutation(trpc.merchant.affiliates.revokeInvitation.mutationOptions());
  const [said, setSaid] = useState<string>();
  const [error, setError] = useState<string>();

  async function act(work: () => Promise<unknown>, done: string) {
    setError(undefined);
    setSaid(undefined);
    try {
      await work();
      setSaid(done);
      router.refresh();
    } catch (err) {
      setError(errorsOf(err).message ?? 'That did not work. Reload the page and try again.');
    }
  }

  if (login.state === 'active') return <p className="text-sm text-slate-600">They sign in with their own password.</p>;
  if (login.state === 'none') return <p className="text-sm text-slate-600">No login.</p>;
  return (
    <div className="space-y-2" data-testid="affiliate-invitation">
      <p className="text-sm">
        {login.state === 'invited' && login.invitationExpiresAt ? (
          <span className="font-medium text-amber-700">Invitation pending, until {utc(login.invitationExpiresAt)}.</span>
        ) : (
          <span className="font-medium text-amber-700">The invitation has expired or was revoked: they cannot sign in yet.</span>
        )}{' '}
        They choose their password from the link mailed to {email}.
      </p>
      <div className="flex gap-2">
        <Button
          type="button"
          variant="secondary"
          disabled={resend.isPending}
          onClick={() => act(() => resend.mutateAsync({ id }), `A new invitation is on its way to ${email}; any earlier link no longer works.`)}
        >
          Resend invitation
        </Button>
        {login.state === 'invited' ? (
          <Button type="button" variant="ghost" disabled={revoke.isPending} onClick={() => act(() => revoke.mutateAsync({ id }), 'Invitation revoked: its link no longer works.')}>
            Revoke invitation
          </Button>
        ) : null}
      </div>
      {said ? <p role="status" className="text-sm text-emerald-700">{said}</p> : null}
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
    </div>
  );
}
