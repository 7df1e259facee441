import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getSession, homeOf } from '@/server/auth';
import { safeCallbackPath } from '@/server/auth/callback-url';

export const metadata: Metadata = { title: 'Sign in' };

const notices: Record<string, string> = {
  wrong_role: 'That area belongs to the other kind of account. Sign in with the right one.',
  signed_up: 'Your program is ready. Sign in to continue.',
  password_reset: 'Your password has been changed, and every session signed out. Sign in with the new one.',
  invitation_accepted: 'Your password is set. Sign in with it.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  const session = await getSession();
  // Only a panel path of this app: never another host, however the value is spelled.
  const safeCallback = safeCallbackPath(typeof callbackUrl === 'string' ? callbackUrl : undefined);
  if (session?.user?.role && error !== 'wrong_role') redirect(safeCallback ?? homeOf(session.user.role));
  const notice = error ? (notices[error] ?? undefined) : undefined;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-slate-500">Merchants and affiliates sign in here.</p>
      {notice ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {notice}
        </p>
      ) : null}
      <SignInForm callbackUrl={safeCallback} signedInAs={session?.user?.email ?? undefined} />
      <p className="mt-4 text-center text-sm">
        <Link className="text-brand-600 hover:underline" href="/forgot-password">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-4 text-center text-sm text-slate-500">
        New merchant?{' '}
        <Link className="font-medium text-brand-600 hover:underline" href="/sign-up">
          Start an affiliate program
        </Link>
      </p>
    </>
  );
}
