// The page a one-time link opens (/reset-password, /accept-invitation): the password form
// for a live link, a clear message and a way on for a dead one.
import Link from '@/components/ui/link';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { TrpcProvider } from '@/components/trpc-provider';
import { DEAD_LINK_MESSAGES } from '@/server/accounts/schemas';

export interface LiveLink {
  email: string;
  programName: string;
}

export function AccountLinkPage({ purpose, token, link }: { purpose: 'password_reset' | 'invitation'; token?: string; link?: LiveLink }) {
  const reset = purpose === 'password_reset';
  if (!link || !token)
    return (
      <>
        <h1 className="mb-3 text-xl font-semibold">{reset ? 'Reset your password' : 'Accept your invitation'}</h1>
        <p role="alert" className="mb-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {DEAD_LINK_MESSAGES[purpose]}
        </p>
        <p className="text-center text-sm">
          <Link className="font-medium text-brand-600 hover:underline" href={reset ? '/forgot-password' : '/sign-in'}>
            {reset ? 'Ask for a new link' : 'Go to sign-in'}
          </Link>
        </p>
      </>
    );
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{reset ? 'Choose a new password' : `Welcome to ${link.programName}`}</h1>
      <p className="mb-6 text-sm text-slate-500">
        {reset
          ? `For ${link.email}. Your other sessions end when it is set.`
          : `Choose the password you will sign in with as ${link.email}.`}
      </p>
      <TrpcProvider>
        <SetPasswordForm token={token} purpose={reset ? 'reset' : 'invitation'} email={link.email} />
      </TrpcProvider>
    </>
  );
}
